/**
 * Runs the real after_plan hook (policies/hook/after_plan.sh, with jq) in a temporary project
 * root, against a stand-in `terraform` / `tofu` on PATH that prints a real plan JSON for
 * `show -json spacelift.plan`, and checks what it exports.
 */
import { afterAll, describe, expect, it } from '@jest/globals'
import { spawnSync } from 'node:child_process'
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'

const HOOK = path.resolve('policies/hook/after_plan.sh')
const FIXTURES = path.resolve('__tests__/fixtures/spacelift')
const OUTPUT = 'stack_accounts.custom.spacelift.json'
const scratch = mkdtempSync(path.join(tmpdir(), 'after-plan-hook-'))
afterAll(() => rmSync(scratch, { recursive: true, force: true }))

let counter = 0
interface HookRun {
  status: number
  stderr: string
  stdout: string
  dir: string
  output: unknown
}

/** A stand-in IaC binary: prints the plan for `show -json spacelift.plan`, fails otherwise. */
function shim(bin: string, name: string, planFile: string, log: string): void {
  writeFileSync(
    path.join(bin, name),
    `#!/bin/sh\necho "${name} $*" >> "${log}"\n` +
      `if [ "$1" = show ] && [ "$2" = -json ] && [ "$3" = spacelift.plan ]; then cat "${planFile}"; exit 0; fi\n` +
      `echo "unexpected arguments: $*" >&2; exit 2\n`
  )
  chmodSync(path.join(bin, name), 0o755)
}

function runHook(plan: object | string, binaries: string[], options: { env?: Record<string, string>; pathOnly?: boolean } = {}): HookRun {
  const dir = path.join(scratch, `run-${++counter}`)
  const bin = path.join(dir, 'bin')
  const project = path.join(dir, 'project')
  mkdirSync(bin, { recursive: true })
  mkdirSync(project)
  const planFile = path.join(dir, 'plan.json')
  if (typeof plan === 'string') writeFileSync(planFile, readFileSync(plan))
  else writeFileSync(planFile, JSON.stringify(plan))
  const log = path.join(dir, 'calls.log')
  for (const name of binaries) shim(bin, name, planFile, log)
  let PATH = `${bin}:${process.env.PATH ?? ''}`
  if (options.pathOnly) {
    // Only what the hook itself needs, so no terraform or tofu of this machine is found.
    for (const tool of ['sh', 'jq', 'mv', 'rm', 'cat', 'echo']) {
      const found = spawnSync('sh', ['-c', `command -v ${tool}`], { encoding: 'utf8' }).stdout.trim()
      if (found.startsWith('/') && !existsSync(path.join(bin, tool))) symlinkSync(found, path.join(bin, tool))
    }
    PATH = bin
  }
  const result = spawnSync('/bin/sh', [HOOK], { cwd: project, encoding: 'utf8', env: { HOME: dir, PATH, ...options.env } })
  const outFile = path.join(project, OUTPUT)
  return {
    status: result.status ?? -1,
    stderr: result.stderr,
    stdout: result.stdout,
    dir,
    output: existsSync(outFile) ? JSON.parse(readFileSync(outFile, 'utf8')) : undefined
  }
}

function calls(run: HookRun): string {
  const log = path.join(run.dir, 'calls.log')
  return existsSync(log) ? readFileSync(log, 'utf8') : ''
}

/** Every string anywhere in a JSON value. */
function strings(value: unknown): string[] {
  if (typeof value === 'string') return [value]
  if (Array.isArray(value)) return value.flatMap(strings)
  if (value !== null && typeof value === 'object') return Object.entries(value).flatMap(([k, v]) => [k, ...strings(v)])
  return []
}

const ISSUE_249 = path.join(FIXTURES, 'terraform-compliance_issue-249_assume-role-var_iam.plan.json')

describe('after_plan hook', () => {
  it('exports the role variable, provider configurations and resource addresses of a real plan, nothing else', () => {
    const run = runHook(ISSUE_249, ['terraform'])
    expect(run.status).toBe(0)
    const output = run.output as {
      configuration: { provider_config: Record<string, unknown>; root_module: { resources: Array<Record<string, unknown>>; module_calls: Record<string, unknown> } }
      variables: Record<string, unknown>
      terraform_version: string
    }
    expect(Object.keys(output as object).sort()).toEqual(['configuration', 'format_version', 'terraform_version', 'variables'])
    expect(output.terraform_version).toBe('0.12.24')
    // Only the variable the provider's role_arn is, of the plan's many variables.
    expect(output.variables).toEqual({ role_arn: { value: 'arn:aws:iam::123456789012:role/cross-account-roles/cross-account-role-app' } })
    // The provider keeps its role expression, loses region and version constraint.
    expect(output.configuration.provider_config).toEqual({
      aws: { name: 'aws', expressions: { assume_role: [{ role_arn: { references: ['var.role_arn'] } }] } }
    })
    // Resources keep only address, mode, type and provider key, also inside modules.
    for (const resource of output.configuration.root_module.resources) {
      expect(Object.keys(resource).sort()).toEqual(['address', 'mode', 'provider_config_key', 'type'])
    }
    expect(Object.keys(output.configuration.root_module.module_calls).length).toBeGreaterThan(0)
    // No value of any other variable and no resource argument survives.
    const plan = JSON.parse(readFileSync(ISSUE_249, 'utf8')) as { variables: Record<string, { value: unknown }> }
    const exported = new Set(strings(output))
    for (const [name, variable] of Object.entries(plan.variables)) {
      if (name === 'role_arn' || typeof variable.value !== 'string' || variable.value.length < 4) continue
      expect(exported.has(variable.value)).toBe(false)
    }
    expect(JSON.stringify(output)).not.toContain('sts:AssumeRole')
    expect(run.stdout).toContain(OUTPUT)
  })

  it('drops static credentials and region from provider configurations (real plan with an access key)', () => {
    const run = runHook(path.join(FIXTURES, 'checkov_plan_with_providers_aliases.plan.json'), ['terraform'])
    expect(run.status).toBe(0)
    const text = JSON.stringify(run.output)
    expect(text).not.toContain('AKIAIOSFODNN7EXAMPLE')
    expect(text).not.toContain('us-east-2')
    expect(Object.keys((run.output as { configuration: { provider_config: object } }).configuration.provider_config).sort()).toEqual([
      'aws',
      'aws.ohio',
      'aws.oregon'
    ])
  })

  it('keeps module-scoped provider keys and nested module resources (real OpenTofu plan)', () => {
    const run = runHook(path.join(FIXTURES, 'opentofu_show-json_provider-aliasing.plan.json'), ['terraform'])
    expect(run.status).toBe(0)
    const rootModule = (run.output as { configuration: { root_module: { module_calls: Record<string, { module: { resources: Array<{ provider_config_key: string }> } }> } } })
      .configuration.root_module
    expect(rootModule.module_calls.child?.module.resources.map((r) => r.provider_config_key)).toContain('test.backup')
  })

  it('exports no sensitive or unreferenced variable, only a role_arn that is exactly one root variable', () => {
    const plan = {
      format_version: '1.2',
      terraform_version: '1.9.8',
      variables: {
        prod_role: { value: 'arn:aws:iam::222222222222:role/spacelift-target' },
        db_password: { value: 'hunter2-very-secret' },
        secret_key: { value: 'wJalrXUtnFEMI-secret' },
        account: { value: '333333333333' },
        module_role: { value: 'arn:aws:iam::444444444444:role/x' },
        roles: { value: { prod: 'arn:aws:iam::555555555555:role/y' } }
      },
      configuration: {
        provider_config: {
          'aws.prod': {
            name: 'aws',
            full_name: 'registry.terraform.io/hashicorp/aws',
            alias: 'prod',
            expressions: {
              region: { constant_value: 'eu-west-1' },
              secret_key: { references: ['var.secret_key'] },
              assume_role: [{ role_arn: { references: ['var.prod_role'] }, external_id: { constant_value: 'ext-secret' }, session_name: { constant_value: 's' } }]
            }
          },
          'aws.staging': {
            name: 'aws',
            full_name: 'registry.terraform.io/hashicorp/aws',
            alias: 'staging',
            expressions: { assume_role: [{ role_arn: { references: ['var.account'] } }] }
          },
          'aws.map': {
            name: 'aws',
            full_name: 'registry.terraform.io/hashicorp/aws',
            alias: 'map',
            expressions: { assume_role: [{ role_arn: { references: ['var.roles["prod"]', 'var.roles'] } }] }
          },
          'module.app:aws': {
            name: 'aws',
            full_name: 'registry.terraform.io/hashicorp/aws',
            module_address: 'module.app',
            expressions: { assume_role: [{ role_arn: { references: ['var.module_role'] } }] }
          }
        },
        root_module: {
          resources: [
            {
              address: 'aws_db_instance.main',
              mode: 'managed',
              type: 'aws_db_instance',
              name: 'main',
              provider_config_key: 'aws.prod',
              expressions: { password: { references: ['var.db_password'] }, engine: { constant_value: 'mysql' } }
            }
          ]
        }
      }
    }
    const run = runHook(plan, ['terraform'])
    expect(run.status).toBe(0)
    const output = run.output as { variables: object; configuration: { provider_config: Record<string, { expressions: object }>; root_module: object } }
    // var.account is referenced too, and exported: the policy then sees it is no role ARN.
    expect(output.variables).toEqual({
      account: { value: '333333333333' },
      prod_role: { value: 'arn:aws:iam::222222222222:role/spacelift-target' }
    })
    expect(output.configuration.provider_config['aws.prod']?.expressions).toEqual({ assume_role: [{ role_arn: { references: ['var.prod_role'] } }] })
    expect(output.configuration.root_module).toEqual({
      resources: [{ address: 'aws_db_instance.main', mode: 'managed', type: 'aws_db_instance', provider_config_key: 'aws.prod' }],
      module_calls: {}
    })
    const text = JSON.stringify(output)
    for (const secret of ['hunter2-very-secret', 'wJalrXUtnFEMI-secret', 'ext-secret', 'mysql', '444444444444', '555555555555']) {
      expect(text).not.toContain(secret)
    }
  })

  it('runs tofu when it is on PATH, terraform otherwise', () => {
    const both = runHook(ISSUE_249, ['tofu', 'terraform'], { pathOnly: true })
    expect(both.status).toBe(0)
    expect(calls(both)).toBe('tofu show -json spacelift.plan\n')
    const terraformOnly = runHook(ISSUE_249, ['terraform'], { pathOnly: true })
    expect(terraformOnly.status).toBe(0)
    expect(calls(terraformOnly)).toBe('terraform show -json spacelift.plan\n')
    const chosen = runHook(ISSUE_249, ['tofu', 'terraform'], { pathOnly: true, env: { STACK_ACCOUNTS_IAC_BINARY: 'terraform' } })
    expect(calls(chosen)).toBe('terraform show -json spacelift.plan\n')
    expect(both.output).toEqual(terraformOnly.output)
  })

  it('fails, naming what is missing, and leaves no file when neither terraform nor tofu is there', () => {
    const run = runHook(ISSUE_249, [], { pathOnly: true })
    expect(run.status).toBe(1)
    expect(run.stderr).toContain("neither of 'tofu terraform' is on PATH")
    expect(run.output).toBeUndefined()
    expect(readdirSync(path.join(run.dir, 'project'))).toEqual([])
  })

  it('fails and leaves no file when the plan cannot be shown', () => {
    const run = runHook(ISSUE_249, ['terraform'], { env: { STACK_ACCOUNTS_PLAN_FILE: 'other.plan' } })
    expect(run.status).toBe(1)
    expect(run.stderr).toContain('could not export the plan')
    expect(readdirSync(path.join(run.dir, 'project'))).toEqual([])
  })
})
