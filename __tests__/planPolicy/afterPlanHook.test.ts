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
      `if [ "$1" = show ] && [ "$2" = -json ] && [ "$3" = spacelift.plan ]; then exec cat "${planFile}"; fi\n` +
      `echo "unexpected arguments: $*" >&2; exit 2\n`
  )
  chmodSync(path.join(bin, name), 0o755)
}

interface HookOptions {
  env?: Record<string, string>
  /** Only the hook's own tools on PATH (no terraform or tofu of this machine). */
  pathOnly?: boolean
  /** A registry directory under .terraform/providers, as `init` leaves it. */
  providersFrom?: string
  /** Stand-in binaries whose `show` fails. */
  failing?: string[]
  /** An output file left by an earlier run. */
  stale?: boolean
}

function runHook(plan: object | string, binaries: string[], options: HookOptions = {}): HookRun {
  const dir = path.join(scratch, `run-${++counter}`)
  const bin = path.join(dir, 'bin')
  const project = path.join(dir, 'project')
  mkdirSync(bin, { recursive: true })
  mkdirSync(project)
  const planFile = path.join(dir, 'plan.json')
  if (typeof plan === 'string') writeFileSync(planFile, readFileSync(plan))
  else writeFileSync(planFile, JSON.stringify(plan))
  const log = path.join(dir, 'calls.log')
  for (const name of binaries) shim(bin, name, options.failing?.includes(name) ? path.join(dir, 'absent.json') : planFile, log)
  if (options.providersFrom) mkdirSync(path.join(project, '.terraform', 'providers', options.providersFrom), { recursive: true })
  if (options.stale) writeFileSync(path.join(project, OUTPUT), '{"configuration": {"provider_config": {}, "resources": []}}')
  let PATH = `${bin}:${process.env.PATH ?? ''}`
  if (options.pathOnly) {
    // Only what the hook itself needs, so no terraform or tofu of this machine is found.
    for (const tool of ['sh', 'jq', 'mv', 'rm', 'cat', 'echo', 'tail']) {
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
  it('exports provider configurations and resource addresses of a real plan, nothing else', () => {
    const run = runHook(ISSUE_249, ['terraform'])
    expect(run.status).toBe(0)
    const output = run.output as {
      configuration: { provider_config: Record<string, unknown>; resources: Array<Record<string, unknown>> }
      variables: Record<string, unknown>
      terraform_version: string
    }
    expect(Object.keys(output as object).sort()).toEqual(['configuration', 'format_version', 'terraform_version'])
    expect(output.terraform_version).toBe('0.12.24')
    // The provider keeps its role expression and the names of its arguments, loses their values.
    expect(output.configuration.provider_config).toEqual({
      aws: { name: 'aws', arguments: ['assume_role', 'region'], expressions: { assume_role: [{ role_arn: { references: ['var.role_arn'] } }] } }
    })
    // Resources keep only module address, address, mode, type and provider key, modules flattened.
    for (const resource of output.configuration.resources) {
      expect(Object.keys(resource)).toEqual(['module_address', 'address', 'mode', 'type', 'provider_config_key'])
    }
    expect(output.configuration.resources.some((resource) => resource.module_address === 'module.alb')).toBe(true)
    // No value of any other variable and no resource argument survives.
    const plan = JSON.parse(readFileSync(ISSUE_249, 'utf8')) as { variables: Record<string, { value: unknown }> }
    const exported = new Set(strings(output))
    for (const variable of Object.values(plan.variables)) {
      if (typeof variable.value !== 'string' || variable.value.length < 4) continue
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
    const resources = (run.output as { configuration: { resources: Array<{ module_address: string; provider_config_key: string }> } }).configuration.resources
    expect(resources.filter((r) => r.module_address === 'module.child').map((r) => r.provider_config_key)).toContain('test.backup')
  })

  it('exports no variable value, not even one a role_arn refers to', () => {
    const plan = {
      format_version: '1.2',
      terraform_version: '1.9.8',
      planned_values: {},
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
              assume_role: [
                { role_arn: { references: ['var.prod_role'] }, external_id: { constant_value: 'ext-secret' }, session_name: { constant_value: 's' } }
              ]
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
    const output = run.output as { configuration: { provider_config: Record<string, { expressions: object }>; resources: object } }
    expect(Object.keys(output)).toEqual(['terraform_version', 'format_version', 'configuration'])
    expect(output.configuration.provider_config['aws.prod']?.expressions).toEqual({ assume_role: [{ role_arn: { references: ['var.prod_role'] } }] })
    expect(output.configuration.resources).toEqual([
      { module_address: '', address: 'aws_db_instance.main', mode: 'managed', type: 'aws_db_instance', provider_config_key: 'aws.prod' }
    ])
    const text = JSON.stringify(output)
    for (const secret of [
      'hunter2-very-secret',
      'wJalrXUtnFEMI-secret',
      'ext-secret',
      'mysql',
      '222222222222',
      '333333333333',
      '444444444444',
      '555555555555'
    ]) {
      expect(text).not.toContain(secret)
    }
  })

  it('runs the tool the stack ran: tofu where init installed providers from the OpenTofu registry, terraform otherwise', () => {
    const both = runHook(ISSUE_249, ['tofu', 'terraform'], { pathOnly: true })
    expect(both.status).toBe(0)
    expect(calls(both)).toBe('terraform show -json spacelift.plan\n')
    const tofuStack = runHook(ISSUE_249, ['tofu', 'terraform'], { pathOnly: true, providersFrom: 'registry.opentofu.org' })
    expect(tofuStack.status).toBe(0)
    expect(calls(tofuStack)).toBe('tofu show -json spacelift.plan\n')
    const tofuOnly = runHook(ISSUE_249, ['tofu'], { pathOnly: true })
    expect(calls(tofuOnly)).toBe('tofu show -json spacelift.plan\n')
    const chosen = runHook(ISSUE_249, ['tofu', 'terraform'], { pathOnly: true, env: { STACK_ACCOUNTS_IAC_BINARY: 'tofu' } })
    expect(calls(chosen)).toBe('tofu show -json spacelift.plan\n')
    expect(both.output).toEqual(tofuStack.output)
  })

  it('tries the other tool only when show fails', () => {
    const run = runHook(ISSUE_249, ['tofu', 'terraform'], { pathOnly: true, failing: ['terraform'] })
    expect(run.status).toBe(0)
    expect(calls(run)).toBe('terraform show -json spacelift.plan\ntofu show -json spacelift.plan\n')
    expect(run.stderr).toContain("'terraform show -json spacelift.plan' failed")
  })

  it('fails, naming what is missing, and leaves no file when neither terraform nor tofu is there', () => {
    const run = runHook(ISSUE_249, [], { pathOnly: true })
    expect(run.status).toBe(1)
    expect(run.stderr).toContain("neither of 'terraform tofu' is on PATH")
    expect(run.output).toBeUndefined()
    expect(readdirSync(path.join(run.dir, 'project'))).toEqual([])
  })

  it('exports module trees of any depth (jq 1.6 parses at most 256 levels)', () => {
    let module: object = { resources: [{ address: 'aws_sqs_queue.q', mode: 'managed', type: 'aws_sqs_queue', provider_config_key: 'aws' }] }
    for (let i = 0; i < 120; i++) module = { resources: [], module_calls: { m: { source: './m', module } } }
    const run = runHook({ format_version: '1.2', planned_values: {}, configuration: { provider_config: {}, root_module: module } }, ['terraform'])
    expect(run.status).toBe(0)
    const [resource] = (run.output as { configuration: { resources: Array<{ module_address: string }> } }).configuration.resources
    expect(resource?.module_address).toBe(Array.from({ length: 120 }, () => 'module.m').join('.'))
  })

  it('refuses what is not a plan (a state file, a bare format_version, a plan without configuration) and writes nothing', () => {
    for (const document of [
      { format_version: '1.0', values: { root_module: {} } },
      { format_version: '1.2' },
      { format_version: '1.2', planned_values: {}, resource_changes: [] }
    ]) {
      const run = runHook(document, ['terraform'], { stale: true })
      expect(run.status).toBe(1)
      expect(run.stderr).toContain('did not give a plan')
      expect(run.stderr).toContain('not a plan')
      expect(readdirSync(path.join(run.dir, 'project'))).toEqual([])
    }
  })

  it('fails and leaves no file when the plan cannot be shown', () => {
    const run = runHook(ISSUE_249, ['terraform'], { env: { STACK_ACCOUNTS_PLAN_FILE: 'other.plan' } })
    expect(run.status).toBe(1)
    expect(run.stderr).toContain('could not export the plan')
    expect(readdirSync(path.join(run.dir, 'project'))).toEqual([])
  })
})
