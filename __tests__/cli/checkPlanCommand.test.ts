import { describe, it, expect, beforeAll } from '@jest/globals'
import { execFileSync } from 'node:child_process'
import { mkdirSync } from 'node:fs'
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { checkPlanCommand } from '../../src/cli/commands/checkPlanCommand.js'
import { EXIT_CHECK_FAILED, EXIT_OK, type CliIO } from '../../src/cli/io.js'
import { InputError } from '../../src/common/diagnostics.js'
import { readPlanFile } from '../../src/planPolicy/evaluatePlan.js'
import { spaceliftPlanInput } from '../../src/planPolicy/planInput.js'
import { buildPolicyWasm, FIXTURES, LEGACY_ROLE_ARN } from '../planPolicy/planSupport.js'
import { terraformBinary } from '../support/terraform.js'

const ACCOUNTS_YAML = `version: 1
spacelift:
  account: acme
  region: eu
hub:
  account_id: "111111111111"
  role: spacelift-hub
defaults:
  role: spacelift-target
  region: eu-west-1
accounts:
  legacy:
    id: "123456789012"
    role: /cross-account-roles/cross-account-role-app
  prod:
    id: "222222222222"
stacks:
  app-legacy:
    accounts: [legacy]
  app-prod:
    accounts: [prod]
`

/** A real plan (Terraform 1.11 against moto) whose provider assumes LEGACY_ROLE_ARN as a constant. */
const VAR_ROLE_PLAN = path.join(FIXTURES, 'stack-accounts_declared-role.plan.json')

let dir: string
let env: NodeJS.ProcessEnv
let config: string

function captureIO(): CliIO & { out: string; err: string } {
  const io = {
    out: '',
    err: '',
    color: false,
    env,
    stdout(text: string) {
      io.out += text
    },
    stderr(text: string) {
      io.err += text
    }
  }
  return io
}

async function run(argv: string[]) {
  const io = captureIO()
  const code = await checkPlanCommand.run(argv, io)
  return { code, out: io.out, err: io.err }
}

async function inputError(argv: string[]): Promise<string> {
  try {
    await run(argv)
  } catch (error) {
    if (error instanceof InputError) return error.message
    throw error
  }
  throw new Error(`expected an input error for ${argv.join(' ')}`)
}

function file(name: string, text: string): string {
  const target = path.join(dir, name)
  writeFileSync(target, text)
  return target
}

beforeAll(() => {
  env = { STACK_ACCOUNTS_WASM: buildPolicyWasm() }
  dir = mkdtempSync(path.join(tmpdir(), 'stack-accounts-check-plan-'))
  config = file('accounts.yaml', ACCOUNTS_YAML)
})

describe('stack-accounts check-plan', () => {
  it('exits 0 with an empty deny list when the plan keeps to the declared role', async () => {
    const { code, out } = await run(['--config', config, '--plan', VAR_ROLE_PLAN, '--stack', 'app-legacy', '--format', 'json'])
    expect(code).toBe(EXIT_OK)
    const verdict = JSON.parse(out) as { deny: string[]; warn: string[] }
    expect(Object.keys(verdict)).toEqual(['deny', 'warn'])
    expect(verdict.deny).toEqual([])
  })

  it('exits 1 and lists the denial when the stack may not reach the account', async () => {
    const { code, out } = await run(['--config', config, '--plan', VAR_ROLE_PLAN, '--stack', 'app-prod', '--format', 'json'])
    expect(code).toBe(EXIT_CHECK_FAILED)
    const verdict = JSON.parse(out) as { deny: string[]; warn: string[] }
    expect(verdict.deny).toHaveLength(1)
    expect(verdict.deny[0]).toContain(LEGACY_ROLE_ARN)
  })

  it('prints deny and warn lines and a summary as text', async () => {
    const { code, out } = await run(['--config', config, '--plan', VAR_ROLE_PLAN, '--stack', 'app-prod'])
    expect(code).toBe(EXIT_CHECK_FAILED)
    const lines = out.trimEnd().split('\n')
    expect(lines[0]).toMatch(/^deny: stack-accounts: .*app-prod/)
    expect(lines.at(-1)).toMatch(/^denied: stack app-prod, .*: 1 deny, 0 warnings$/)
  })

  it('accepts a full Spacelift plan-policy input, whose stack it takes from the input', async () => {
    const plan = JSON.parse((await import('node:fs')).readFileSync(VAR_ROLE_PLAN, 'utf8')) as unknown
    const input = file('spacelift-input.json', JSON.stringify(spaceliftPlanInput(plan, 'app-prod')))
    const { code, out } = await run(['--config', config, '--plan', input, '--format', 'json'])
    expect(code).toBe(EXIT_CHECK_FAILED)
    expect((JSON.parse(out) as { deny: string[] }).deny[0]).toContain('"app-prod"')
    expect(await inputError(['--config', config, '--plan', input, '--stack', 'app-legacy'])).toContain('is for stack "app-prod", not "app-legacy"')
  })

  it('exits 1, never 3, on trust policies the WebAssembly runtime used to abort on', async () => {
    for (const text of ['true', 'false', '{"Statement": [{"Effect": "Allow", "Principal": {"AWS": 999999999999}}]}']) {
      const plan = JSON.parse(readFileSync(VAR_ROLE_PLAN, 'utf8')) as { resource_changes: unknown[] }
      plan.resource_changes.push({
        address: 'aws_iam_role.x',
        mode: 'managed',
        type: 'aws_iam_role',
        name: 'x',
        change: { actions: ['create'], after: { assume_role_policy: text } }
      })
      const { code, out, err } = await run([
        '--config',
        config,
        '--plan',
        file('role.plan.json', JSON.stringify(plan)),
        '--stack',
        'app-legacy',
        '--format',
        'json'
      ])
      expect({ code, err }).toEqual({ code: EXIT_CHECK_FAILED, err: '' })
      expect((JSON.parse(out) as { deny: string[] }).deny).toEqual([expect.stringContaining('aws_iam_role.x')])
    }
  })

  it('names the declared stack a mistyped --stack was probably meant to be (the policy still denies, as Spacelift would)', async () => {
    const { code, err } = await run(['--config', config, '--plan', VAR_ROLE_PLAN, '--stack', 'app-legacyy', '--format', 'json'])
    expect(code).toBe(EXIT_CHECK_FAILED)
    expect(err).toBe(`hint: stack "app-legacyy" is not declared in ${config}; did you mean "app-legacy"?\n`)
  })

  it('says how to get JSON when given the binary plan file terraform plan -out writes', async () => {
    const terraform = terraformBinary()
    if (terraform === null) throw new Error('terraform is required for this test (/usr/local/bin/terraform, or STACK_ACCOUNTS_TERRAFORM)')
    const module = path.join(dir, 'binary-plan')
    mkdirSync(module)
    writeFileSync(path.join(module, 'main.tf'), 'output "answer" {\n  value = 42\n}\n')
    const env = { ...process.env, TF_IN_AUTOMATION: '1', CHECKPOINT_DISABLE: '1' }
    execFileSync(terraform, ['init', '-input=false', '-backend=false'], { cwd: module, env, stdio: 'ignore' })
    execFileSync(terraform, ['plan', '-input=false', '-out=saved.plan'], { cwd: module, env, stdio: 'ignore' })
    expect(await inputError(['--config', config, '--plan', path.join(module, 'saved.plan'), '--stack', 'app-prod'])).toContain(
      'this is a binary plan file (what `terraform plan -out` writes), not JSON: give its JSON instead, `terraform show -json FILE > plan.json`'
    )
  })

  it('is an input error, with file:line:column, for malformed plan JSON', async () => {
    const broken = file('broken.json', '{\n  "format_version": "1.2",\n  "resource_changes": [,]\n}\n')
    expect(await inputError(['--config', config, '--plan', broken, '--stack', 'app-prod'])).toMatch(
      new RegExp(`^${broken.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}:3:24: not valid JSON`)
    )
  })

  it('is an input error for JSON that is not a plan, a missing plan, a missing --plan or --stack, and an invalid accounts.yaml', async () => {
    const notPlan = file('not-plan.json', '{"Version": "2012-10-17", "Statement": []}')
    expect(await inputError(['--config', config, '--plan', notPlan, '--stack', 'app-prod'])).toContain('not a plan')
    // A state file, a bare format_version, a plan without configuration: not a plan either (exit 2).
    const stateFile = file('state.json', JSON.stringify({ format_version: '1.0', terraform_version: '1.11.4', values: { root_module: {} } }))
    const bare = file('bare.json', '{"format_version": "1.2"}')
    const noConfiguration = file('no-configuration.json', JSON.stringify({ format_version: '1.2', planned_values: {}, resource_changes: [] }))
    for (const notAPlan of [stateFile, bare, noConfiguration]) {
      expect(await inputError(['--config', config, '--plan', notAPlan, '--stack', 'app-prod'])).toContain('not a plan')
    }
    expect(await inputError(['--config', config, '--plan', path.join(dir, 'absent.json'), '--stack', 'app-prod'])).toContain('ENOENT')
    expect(await inputError(['--config', config, '--stack', 'app-prod'])).toContain('--plan is required')
    expect(await inputError(['--config', config, '--plan', VAR_ROLE_PLAN])).toContain('needs --stack')
    expect(await inputError(['--config', config, '--plan', VAR_ROLE_PLAN, '--stack', 'app-prod', '--format', 'markdown'])).toContain('--format')
    const invalid = file('invalid.yaml', ACCOUNTS_YAML.replace('id: "222222222222"', 'id: 222222222222'))
    expect(await inputError(['--config', invalid, '--plan', VAR_ROLE_PLAN, '--stack', 'app-prod'])).toMatch(/invalid\.yaml:\d+:\d+: /)
  })

  it('refuses a plan file over the size bound before reading it', () => {
    const small = { format_version: '1.2', configuration: {}, resource_changes: [] }
    const plan = file('small.json', JSON.stringify(small))
    expect(() => readPlanFile(plan, 10)).toThrow(/small\.json:1:1: the plan is \d+ bytes, over the limit of 10 bytes/)
    expect(readPlanFile(plan)).toEqual(small)
  })
})
