/**
 * Real Terraform plans for the plan policy's tests: a small configuration under
 * __tests__/fixtures/terraform/<case>/ is copied to a scratch directory, initialised with the
 * Terraform CLI (providers from a filesystem mirror of hashicorp/aws when there is one, else the
 * registry), planned against a moto server on loopback (the AWS provider reaches it through
 * AWS_ENDPOINT_URL), turned into the plan-policy custom input by the REAL after_plan hook, and
 * judged by both engines: the OPA binary on the body `render` ships to Spacelift, and the policy
 * compiled to WebAssembly as `check-plan` runs it.
 *
 * Providers are installed once: every case shares one plugin cache (Terraform links the provider
 * from it instead of copying its 600 MB). Plans run with -parallelism=2 (the machines have 2 cores).
 *
 * The scratch directories are removed at the end (STACK_ACCOUNTS_KEEP_TERRAFORM_SCRATCH=1 keeps
 * them, to look at a plan). Terraform is found on PATH or through STACK_ACCOUNTS_TERRAFORM; the mirror through
 * STACK_ACCOUNTS_TF_MIRROR or at /opt/tf-plugins. Without Terraform the real-plan suites say so
 * on stderr and skip, unless STACK_ACCOUNTS_REQUIRE_TERRAFORM=1 (set by .ci/run), where they fail.
 */
import { execFileSync, spawnSync } from 'node:child_process'
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import type { Declaration } from '../../src/config/accounts.js'
import { loadPlanPolicy } from '../../src/planPolicy/evaluatePlan.js'
import { stackAccountsCustomInput } from '../../src/planPolicy/customInput.js'
import { OPT_IN_LABEL, spaceliftPlanInput } from '../../src/planPolicy/planInput.js'
import { POLICY_PATH, renderSpaceliftBundle } from '../../src/generate/spaceliftBundle.js'
import type { PolicyVerdict } from '../../src/planPolicy/wasmPolicy.js'
import { startMotoServer, type MotoServer } from './motoServer.js'

export const REPO = path.resolve(import.meta.dirname, '../..')
export const TERRAFORM_FIXTURES = path.join(REPO, '__tests__/fixtures/terraform')
const HOOK = path.join(REPO, 'policies/hook/after_plan.sh')
const HOOK_OUTPUT = 'stack_accounts.custom.spacelift.json'

/** The Terraform CLI to plan with, or null where there is none. */
export function terraformBinary(): string | null {
  const configured = process.env.STACK_ACCOUNTS_TERRAFORM
  if (configured) return existsSync(configured) ? configured : null
  const found = spawnSync('sh', ['-c', 'command -v terraform'], { encoding: 'utf8' }).stdout.trim()
  return found.startsWith('/') ? found : null
}

export const TERRAFORM_REQUIRED = process.env.STACK_ACCOUNTS_REQUIRE_TERRAFORM === '1'

/**
 * Whether the real-plan suites run. Without Terraform they are skipped, saying so loudly, or fail
 * where Terraform is required.
 */
export function realPlansAvailable(suite: string): boolean {
  if (terraformBinary() !== null) return true
  const message =
    `\n!!! ${suite}: NO TERRAFORM CLI (not on PATH, STACK_ACCOUNTS_TERRAFORM unset): the plan policy is NOT being ` +
    'tested on real plans. Install Terraform (https://developer.hashicorp.com/terraform/install) to run them.\n'
  if (TERRAFORM_REQUIRED) throw new Error(message)
  process.stderr.write(message)
  return false
}

/** The filesystem mirror holding registry.terraform.io/hashicorp/aws, or null. */
export function providerMirror(): string | null {
  for (const candidate of [process.env.STACK_ACCOUNTS_TF_MIRROR, '/opt/tf-plugins']) {
    if (candidate && existsSync(path.join(candidate, 'registry.terraform.io/hashicorp/aws'))) return candidate
  }
  return null
}

/**
 * Provider sources other than hashicorp/aws that the fixtures use, served from a second mirror
 * whose packages are the mirrored hashicorp/aws build under another address: a fork in a private
 * registry, OpenTofu's registry address, and the awscc type name. What the plan policy reads of
 * them (the source address in provider_config) is what Terraform writes for the real ones.
 */
export const FORK_SOURCES = ['registry.example.com/acme/aws', 'registry.opentofu.org/opentofu/aws', 'registry.terraform.io/hashicorp/awscc'] as const

function forkMirror(mirror: string, into: string): void {
  const awsRoot = path.join(mirror, 'registry.terraform.io/hashicorp/aws')
  for (const version of readdirSync(awsRoot)) {
    const packageDir = path.join(awsRoot, version, 'linux_amd64')
    if (!existsSync(packageDir)) continue
    const executable = readdirSync(packageDir).find((name) => name.startsWith('terraform-provider-aws'))
    if (!executable) continue
    for (const source of FORK_SOURCES) {
      const type = source.split('/')[2] as string
      const target = path.join(into, source, version, 'linux_amd64')
      mkdirSync(target, { recursive: true })
      symlinkSync(path.join(packageDir, executable), path.join(target, executable.replace('terraform-provider-aws', `terraform-provider-${type}`)))
    }
  }
}

function cliConfig(mirror: string | null, forks: string | null, pluginCache: string): string {
  const lines = ['provider_installation {']
  const mirrored: string[] = []
  if (forks) {
    lines.push(`  filesystem_mirror {\n    path    = ${JSON.stringify(forks)}\n    include = ${JSON.stringify(FORK_SOURCES)}\n  }`)
    mirrored.push(...FORK_SOURCES)
  }
  if (mirror) {
    lines.push(`  filesystem_mirror {\n    path    = ${JSON.stringify(mirror)}\n    include = ["registry.terraform.io/hashicorp/aws"]\n  }`)
    mirrored.push('registry.terraform.io/hashicorp/aws')
  }
  lines.push(mirrored.length > 0 ? `  direct {\n    exclude = ${JSON.stringify(mirrored)}\n  }` : '  direct {}')
  lines.push('}', `plugin_cache_dir = ${JSON.stringify(pluginCache)}`, '')
  return lines.join('\n')
}

/** One planned configuration. */
export interface PlannedCase {
  dir: string
  /** `terraform show -json` of the saved plan. */
  plan: Record<string, unknown>
  /** What the real hook wrote, or undefined where it refused (status and stderr say why). */
  customInput: unknown
  hookStatus: number
  hookStderr: string
}

export interface CaseOptions {
  /** Extra files written into the case directory before init (relative path -> content). */
  files?: Record<string, string>
  /** -var values. */
  vars?: Record<string, string>
  /** Apply this configuration first (relative path -> content replaces files), then plan the fixture. */
  appliedBefore?: Record<string, string>
  /** The plan file the hook exports (default: the saved plan). */
  hookPlanFile?: string
}

export class TerraformHarness {
  private counter = 0

  private constructor(
    private readonly terraform: string,
    private readonly moto: MotoServer,
    private readonly scratch: string,
    private readonly env: NodeJS.ProcessEnv,
    readonly forksAvailable: boolean
  ) {}

  static async start(): Promise<TerraformHarness> {
    const terraform = terraformBinary()
    if (terraform === null) throw new Error('no Terraform CLI')
    const moto = await startMotoServer()
    const scratch = mkdtempSync(path.join(tmpdir(), 'stack-accounts-terraform-'))
    const mirror = providerMirror()
    let forks: string | null = null
    if (mirror) {
      forks = path.join(scratch, 'fork-mirror')
      forkMirror(mirror, forks)
    }
    const pluginCache = path.join(tmpdir(), 'stack-accounts-terraform-plugin-cache')
    mkdirSync(pluginCache, { recursive: true })
    const cliConfigFile = path.join(scratch, 'terraform.rc')
    writeFileSync(cliConfigFile, cliConfig(mirror, forks, pluginCache))
    const home = path.join(scratch, 'home')
    mkdirSync(home)
    const env: NodeJS.ProcessEnv = {
      PATH: process.env.PATH,
      HOME: home,
      TF_CLI_CONFIG_FILE: cliConfigFile,
      TF_IN_AUTOMATION: '1',
      TF_INPUT: '0',
      CHECKPOINT_DISABLE: '1',
      TF_VAR_spacelift_run_id: '01JD5ZK3W4X5Y6Z7A8B9C0D1E2',
      AWS_ENDPOINT_URL: moto.endpoint,
      AWS_ACCESS_KEY_ID: 'testing',
      AWS_SECRET_ACCESS_KEY: 'testing',
      AWS_REGION: 'eu-west-1',
      AWS_EC2_METADATA_DISABLED: 'true',
      AWS_CONFIG_FILE: path.join(home, 'no-aws-config'),
      AWS_SHARED_CREDENTIALS_FILE: path.join(home, 'no-aws-credentials'),
      STACK_ACCOUNTS_IAC_BINARY: terraform
    }
    return new TerraformHarness(terraform, moto, scratch, env, forks !== null)
  }

  async stop(): Promise<void> {
    await this.moto.stop()
    if (!process.env.STACK_ACCOUNTS_KEEP_TERRAFORM_SCRATCH) rmSync(this.scratch, { recursive: true, force: true })
  }

  /** The moto server the configurations run against. */
  get motoServer(): MotoServer {
    return this.moto
  }

  /** A new scratch directory holding `files` (relative path -> content). */
  scratchRoot(name: string, files: Record<string, string>): string {
    const dir = path.join(this.scratch, `${++this.counter}-${name}`)
    for (const [file, content] of Object.entries(files)) {
      mkdirSync(path.dirname(path.join(dir, file)), { recursive: true })
      writeFileSync(path.join(dir, file), content)
    }
    return dir
  }

  /** Runs `terraform <args>` in `dir` (init through the provider mirror first, once per call with init). */
  terraformIn(dir: string, ...args: string[]): void {
    this.run(dir, args)
  }

  private run(dir: string, args: string[]): void {
    const result = spawnSync(this.terraform, [...args, '-no-color'], { cwd: dir, env: this.env, encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 })
    if (result.status !== 0) {
      throw new Error(`terraform ${args.join(' ')} in ${dir} failed (${result.status}):\n${result.stdout.slice(-3000)}\n${result.stderr.slice(-3000)}`)
    }
  }

  private varArgs(vars: Record<string, string> | undefined): string[] {
    return Object.entries(vars ?? {}).flatMap(([name, value]) => ['-var', `${name}=${value}`])
  }

  /** Copies the fixture `name` (with extra files), inits, plans and exports it through the hook. */
  planCase(name: string, options: CaseOptions = {}): PlannedCase {
    const dir = path.join(this.scratch, `${++this.counter}-${name}`)
    if (options.appliedBefore) {
      mkdirSync(dir, { recursive: true })
      for (const [file, content] of Object.entries(options.appliedBefore)) writeFileSync(path.join(dir, file), content)
      this.run(dir, ['init', '-input=false'])
      this.run(dir, ['apply', '-input=false', '-auto-approve', '-parallelism=2', ...this.varArgs(options.vars)])
      for (const file of Object.keys(options.appliedBefore)) writeFileSync(path.join(dir, file), '')
    }
    cpSync(path.join(TERRAFORM_FIXTURES, name), dir, { recursive: true })
    for (const [file, content] of Object.entries(options.files ?? {})) {
      mkdirSync(path.dirname(path.join(dir, file)), { recursive: true })
      writeFileSync(path.join(dir, file), content)
    }
    this.run(dir, ['init', '-input=false'])
    this.run(dir, ['plan', '-input=false', '-parallelism=2', '-out=spacelift.plan', ...this.varArgs(options.vars)])
    const shown = execFileSync(this.terraform, ['show', '-json', 'spacelift.plan'], { cwd: dir, env: this.env, maxBuffer: 256 * 1024 * 1024 })
    const plan = JSON.parse(shown.toString('utf8')) as Record<string, unknown>
    const hook = spawnSync('sh', [HOOK], {
      cwd: dir,
      env: { ...this.env, ...(options.hookPlanFile ? { STACK_ACCOUNTS_PLAN_FILE: options.hookPlanFile } : {}) },
      encoding: 'utf8'
    })
    const outputFile = path.join(dir, HOOK_OUTPUT)
    return {
      dir,
      plan,
      customInput: existsSync(outputFile) ? (JSON.parse(readFileSync(outputFile, 'utf8')) as unknown) : undefined,
      hookStatus: hook.status ?? -1,
      hookStderr: hook.stderr
    }
  }
}

/** Both engines' verdicts on a planned case, for a stack of the declaration. */
export interface Verdicts {
  /** The OPA binary on the rendered Spacelift body, with the input Spacelift builds (hook output). */
  spacelift: PolicyVerdict
  /** The WebAssembly build with the declaration as data, as `check-plan` runs it on the plan. */
  checkPlan: PolicyVerdict
}

export async function judge(decl: Declaration, stack: string, planned: PlannedCase, wasmFile: string, opa: string): Promise<Verdicts> {
  const body = renderSpaceliftBundle(decl).get(POLICY_PATH)
  if (body === undefined) throw new Error(`no ${POLICY_PATH}`)
  const bodyFile = path.join(planned.dir, 'plan-policy.rego')
  writeFileSync(bodyFile, body)
  const plan = planned.plan
  const input = {
    spacelift: { stack: { id: stack, labels: [OPT_IN_LABEL] }, run: { type: 'PROPOSED' } },
    terraform: {
      format_version: plan.format_version ?? null,
      terraform_version: plan.terraform_version ?? null,
      resource_changes: Array.isArray(plan.resource_changes) ? plan.resource_changes : []
    },
    third_party_metadata: planned.customInput === undefined ? {} : { custom: { stack_accounts: planned.customInput } }
  }
  const inputFile = path.join(planned.dir, 'policy-input.json')
  writeFileSync(inputFile, JSON.stringify(input))
  const output = execFileSync(opa, ['eval', '--format', 'json', '-d', bodyFile, '-i', inputFile, 'data.spacelift'], { maxBuffer: 256 * 1024 * 1024 })
  const value = (JSON.parse(output.toString('utf8')) as { result: Array<{ expressions: Array<{ value: { deny?: string[]; warn?: string[] } }> }> }).result[0]
    ?.expressions[0]?.value
  const spacelift = { deny: [...new Set(value?.deny ?? [])].sort(), warn: [...new Set(value?.warn ?? [])].sort() }
  const policy = await loadPlanPolicy(decl, wasmFile)
  const checkPlan = policy.evaluate(spaceliftPlanInput(plan, stack))
  return { spacelift, checkPlan }
}

/** The custom input check-plan computes for a plan (customInput.ts), to compare with the hook's. */
export function typeScriptCustomInput(planned: PlannedCase): unknown {
  return stackAccountsCustomInput(planned.plan)
}
