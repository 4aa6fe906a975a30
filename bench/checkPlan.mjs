/**
 * `check-plan`: the shipped plan policy (dist/policy/plan.wasm, OPA compiled to WebAssembly) on
 * `terraform show -json` plans of growing size, and the rendered Rego body under `opa bench`.
 *
 * in-process: checkPlanFiles (load the policy and the declaration as data, read and parse the plan,
 *             build the Spacelift input, evaluate deny and warn): what the action does per plan.
 * CLI wall:   `node dist/cli/index.js check-plan ...` as a child process, for context.
 * opa bench:  the body `render` writes for Spacelift (declaration inlined), on the Spacelift
 *             plan-policy input of the largest plan, query data.spacelift.deny.
 */
import { spawnSync } from 'node:child_process'
import { existsSync, readFileSync, writeFileSync } from 'node:fs'
import { homedir } from 'node:os'
import { join } from 'node:path'
import { REPO, sourceModule } from './compile.mjs'
import { PLAN_STACK } from './data.mjs'
import { interleaved, median, round1 } from './stats.mjs'

export const WASM_FILE = join(REPO, 'dist/policy/plan.wasm')

async function planDeclaration(configFile) {
  const { analyseConfigFile } = await sourceModule('src/generate/analyseDeclaration.ts')
  const { declaration, diagnostics } = analyseConfigFile(configFile)
  if (!declaration) throw new Error(`plan declaration is invalid: ${JSON.stringify(diagnostics.slice(0, 3))}`)
  return declaration
}

/** Medians per plan size (wall and CPU), with each plan's verdict counts. */
export async function measureCheckPlanInProcess(planData, { rounds }) {
  const { checkPlanFiles } = await sourceModule('src/planPolicy/evaluatePlan.ts')
  const declaration = await planDeclaration(planData.configFile)
  const tasks = {}
  const verdicts = {}
  for (const [size, file] of Object.entries(planData.plans)) {
    const [verdict] = await checkPlanFiles(declaration, [{ stack: PLAN_STACK, plan: file }], WASM_FILE)
    verdicts[size] = { deny: verdict.deny.length, warn: verdict.warn.length }
    tasks[size] = () => checkPlanFiles(declaration, [{ stack: PLAN_STACK, plan: file }], WASM_FILE)
  }
  const timed = await interleaved(tasks, { rounds })
  return Object.fromEntries(Object.entries(timed).map(([size, t]) => [size, { ...t, verdict: verdicts[size] }]))
}

/** Wall time of the bundled CLI on one plan (exit 1: the plan has denials, by design). */
export function measureCheckPlanCli(planData, size, runs) {
  const args = [
    join(REPO, 'dist/cli/index.js'),
    'check-plan',
    '--config',
    planData.configFile,
    '--plan',
    planData.plans[size],
    '--stack',
    PLAN_STACK,
    '--format',
    'json'
  ]
  const samples = []
  let verdict = null
  for (let i = 0; i < runs; i++) {
    const start = performance.now()
    const child = spawnSync(process.execPath, args, { encoding: 'utf8', maxBuffer: 1 << 28 })
    samples.push(performance.now() - start)
    if (child.status !== 0 && child.status !== 1) throw new Error(`check-plan CLI exited ${child.status}: ${child.stderr.slice(0, 500)}`)
    const json = JSON.parse(child.stdout)
    verdict = { deny: json.deny.length, warn: json.warn.length }
  }
  return { wall: round1(median(samples)), wallSamples: samples.map(round1), verdict }
}

export function opaBinary() {
  const tools = process.env.STACK_ACCOUNTS_TOOLS || join(homedir(), '.cache', 'stack-accounts-tools')
  return join(tools, 'bin', 'opa')
}

/** Writes DIR/plan.rego (the body for Spacelift) and DIR/input-<size>.json (the Spacelift input). */
export async function writeOpaBenchFiles(dir, planData, size) {
  const { renderPlanPolicy } = await sourceModule('src/generate/spaceliftBundle.ts')
  const { spaceliftPlanInput } = await sourceModule('src/planPolicy/planInput.ts')
  const declaration = await planDeclaration(planData.configFile)
  const bodyFile = join(dir, 'plan.rego')
  writeFileSync(bodyFile, renderPlanPolicy(declaration))
  const inputFile = join(dir, `input-${size}.json`)
  writeFileSync(inputFile, JSON.stringify(spaceliftPlanInput(JSON.parse(readFileSync(planData.plans[size], 'utf8')), PLAN_STACK)))
  return { bodyFile, inputFile }
}

/**
 * `opa bench` through bench/opa-bench.mjs (shared with the policy's own benchmarking) when it is
 * there, else directly: nanoseconds per evaluation of data.spacelift.deny.
 */
export async function measureOpaBench({ bodyFile, inputFile, count }) {
  const opa = opaBinary()
  if (!existsSync(opa)) throw new Error(`${opa} not found: run bash scripts/install-tools.sh`)
  if (existsSync(new URL('./opa-bench.mjs', import.meta.url))) {
    const { opaBench } = await import('./opa-bench.mjs')
    const result = await opaBench({ opa, bodyFile, inputFile, count })
    return {
      query: result.query,
      nsPerOp: result.nsPerOp,
      nsPerOpMin: result.nsPerOpMin,
      evalNsMedian: result.evalNsMedian,
      allocsPerOp: result.allocsPerOp,
      iterations: result.runs.map((r) => r.n),
      via: 'bench/opa-bench.mjs'
    }
  }
  const query = 'data.spacelift.deny'
  const child = spawnSync(opa, ['bench', '--format', 'json', '--count', String(count), '-d', bodyFile, '-i', inputFile, query], {
    encoding: 'utf8',
    maxBuffer: 1 << 26
  })
  if (child.status !== 0) throw new Error(`opa bench exited ${child.status}: ${child.stderr.slice(0, 500)}`)
  const runs = child.stdout
    .trim()
    .split(/\n(?=\{)/)
    .map((text) => JSON.parse(text))
  const perOp = runs.map((r) => r.T / r.N)
  return {
    query,
    nsPerOp: median(perOp),
    nsPerOpMin: Math.min(...perOp),
    evalNsMedian: null,
    allocsPerOp: null,
    iterations: runs.map((r) => r.N),
    via: 'opa bench'
  }
}
