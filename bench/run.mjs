/**
 * npm run bench: speed and scale of stack-accounts, measured in one run and judged as ratios
 * (absolute times on a shared machine are only context). Prints a table, writes
 * bench/results.json. See BENCHMARKS.md for the method and the latest figures.
 *
 *   node bench/run.mjs [--strict] [--quick]
 *     --strict  exit 1 when a figure misses its goal
 *     --quick   fewer repetitions (a smoke run; the figures are noisier, BENCHMARKS.md is left alone)
 *
 * Needs the built dist/ (npm run bundle; committed) and the project's dev dependencies
 * (typescript compiles the sources the in-process measurements call into bench/out).
 */
import { execFileSync } from 'node:child_process'
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { measureCheckPlanCli, measureCheckPlanInProcess, measureOpaBench, writeOpaBenchFiles } from './checkPlan.mjs'
import { compileSources, REPO } from './compile.mjs'
import { measureCompareCli, writeCompareCases } from './compare.mjs'
import { generateOrganisation, generatePlans } from './data.mjs'
import { measureDiffCli, measureDiffInProcess } from './diff.mjs'
import { measureGitHubRequests } from './githubRequests.mjs'
import { measureValidateRender } from './validateRender.mjs'
import { machineInfo } from './machine.mjs'
import { updateBenchmarksMd } from './markdown.mjs'
import { renderTable } from './table.mjs'
import { bundleSize, measureStartup } from './startup.mjs'
import { round1, round2 } from './stats.mjs'

const args = new Set(process.argv.slice(2))
const QUICK = args.has('--quick')
const ORG_SIZES = [500, 5000]
const PLAN_SIZES = [1000, 10000]
// A --quick run's figures go to the git-ignored bench/out, not over the recorded ones.
const RESULTS_FILE = fileURLToPath(new URL(QUICK ? './out/results.quick.json' : './results.json', import.meta.url))

function step(message) {
  process.stderr.write(`[bench] ${message}\n`)
}

function toolsDir() {
  try {
    const out = execFileSync('bash', [join(REPO, 'scripts/install-tools.sh')], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] })
    return out.trim().split('\n').pop()
  } catch {
    return null
  }
}

function goal(name, value, limit, unit, detail) {
  return { name, value, goal: limit, unit, pass: value <= limit, detail }
}

async function main() {
  for (const file of ['dist/index.js', 'dist/cli/index.js', 'dist/policy/plan.wasm']) {
    if (!existsSync(join(REPO, file))) throw new Error(`${file} is missing: run npm run bundle`)
  }
  const machineAtStart = machineInfo()
  const started = performance.now()
  const tools = toolsDir()
  if (tools) process.env.STACK_ACCOUNTS_TOOLS = tools

  step('compiling the sources into bench/out (tsc, types not checked)')
  compileSources()

  const work = mkdtempSync(join(tmpdir(), 'stack-accounts-bench-'))
  try {
    step(`generating organisations of ${ORG_SIZES.join(' and ')} accounts and plans of ${PLAN_SIZES.join(' and ')} changes in ${work}`)
    const orgs = []
    for (const n of ORG_SIZES) orgs.push(await generateOrganisation(join(work, `org-${n}`), n))
    const planData = await generatePlans(join(work, 'plans'), PLAN_SIZES)
    const [small, large] = orgs

    step('diff in-process, against the floor')
    const diff = await measureDiffInProcess(orgs, { rounds: QUICK ? { 500: 3, 5000: 3 } : { 500: 11, 5000: 7 }, withFloor: ORG_SIZES })
    step('validate and render in-process, against their floors')
    const validateRender = await measureValidateRender(orgs, { rounds: QUICK ? { 500: 3, 5000: 3 } : { 500: 15, 5000: 7 } })
    step('diff CLI wall time')
    const diffCli = Object.fromEntries(orgs.map((org) => [org.accounts, measureDiffCli(org, QUICK ? 1 : 3)]))

    step('check-plan in-process and CLI')
    const checkPlan = await measureCheckPlanInProcess(planData, { rounds: QUICK ? 3 : 9 })
    const checkPlanCli = Object.fromEntries(PLAN_SIZES.map((n) => [n, measureCheckPlanCli(planData, n, QUICK ? 1 : 3)]))

    let opaBench = null
    if (tools) {
      step('opa bench of the rendered policy on the largest plan')
      const files = await writeOpaBenchFiles(join(work, 'plans'), planData, PLAN_SIZES.at(-1))
      opaBench = { changes: PLAN_SIZES.at(-1), ...(await measureOpaBench({ ...files, count: QUICK ? 1 : 3 })) }
    } else {
      step('opa bench skipped: scripts/install-tools.sh did not provide opa')
    }

    step('compare CLI on the largest and most hostile trust policies it accepts, and on those it refuses')
    const compare = measureCompareCli(writeCompareCases(join(work, 'compare')), QUICK ? 1 : 3)

    step('start-up of the bundled action on an ignored event')
    const startup = measureStartup({ runs: QUICK ? 5 : 15 })
    const bundle = bundleSize()

    step('requests to GitHub per pull-request run')
    const github = []
    for (const org of [small, large]) github.push(await measureGitHubRequests(org))

    const growth = (a, b, key) => round2(b[key] / a[key])
    const diffSmall = diff[small.accounts].diff
    const diffLarge = diff[large.accounts].diff
    const floorLarge = diff[large.accounts].floor
    const vrSmall = validateRender[small.accounts]
    const vrLarge = validateRender[large.accounts]
    const commandGoals = ['validate', 'render'].flatMap((name) => [
      goal(
        `${name} / floor at ${large.accounts} accounts (CPU)`,
        round2(vrLarge[name].cpu / vrLarge[`${name}Floor`].cpu),
        3,
        'x',
        `${name} ${vrLarge[name].cpu} ms vs floor ${vrLarge[`${name}Floor`].cpu} ms CPU; wall ${vrLarge[name].wall} vs ${vrLarge[`${name}Floor`].wall} ms`
      ),
      goal(
        `${name} growth ${small.accounts} -> ${large.accounts} accounts (CPU)`,
        growth(vrSmall[name], vrLarge[name], 'cpu'),
        11,
        'x',
        `${vrSmall[name].cpu} -> ${vrLarge[name].cpu} ms CPU (its floor ${growth(vrSmall[`${name}Floor`], vrLarge[`${name}Floor`], 'cpu')}x); wall ${vrSmall[name].wall} -> ${vrLarge[name].wall} ms`
      )
    ])
    const sizes = orgs.map((org) => org.sizes)
    const goals = [
      goal(
        'largest generated trust policy, default quota (chars)',
        Math.max(...sizes.map((z) => Math.max(z.hubTrust, z.largestTargetTrust))),
        2048,
        '',
        orgs.map((o) => `${o.accounts} accounts: hub ${o.sizes.hubTrust}, largest target ${o.sizes.largestTargetTrust}`).join('; ')
      ),
      goal(
        'hub inline permission policy (chars)',
        Math.max(...sizes.map((z) => z.hubPermissions)),
        10240,
        '',
        orgs.map((o) => `${o.accounts} accounts: ${o.sizes.hubPermissions}`).join('; ')
      ),
      ...commandGoals,
      goal(
        `diff / floor at ${large.accounts} accounts (CPU)`,
        round2(diffLarge.cpu / floorLarge.cpu),
        3,
        'x',
        `diff ${diffLarge.cpu} ms vs floor ${floorLarge.cpu} ms CPU; wall ${diffLarge.wall} vs ${floorLarge.wall} ms`
      ),
      goal(
        `diff growth ${small.accounts} -> ${large.accounts} accounts (CPU)`,
        growth(diffSmall, diffLarge, 'cpu'),
        11,
        'x',
        `${diffSmall.cpu} -> ${diffLarge.cpu} ms CPU; wall ${diffSmall.wall} -> ${diffLarge.wall} ms`
      ),
      goal(
        `check-plan growth ${PLAN_SIZES[0]} -> ${PLAN_SIZES[1]} changes (CPU)`,
        growth(checkPlan[PLAN_SIZES[0]], checkPlan[PLAN_SIZES[1]], 'cpu'),
        12,
        'x',
        `${checkPlan[PLAN_SIZES[0]].cpu} -> ${checkPlan[PLAN_SIZES[1]].cpu} ms CPU; wall ${checkPlan[PLAN_SIZES[0]].wall} -> ${checkPlan[PLAN_SIZES[1]].wall} ms`
      ),
      goal(
        'action start-up / node -e 0 (wall)',
        round2(startup.action.wall / startup.node.wall),
        4,
        'x',
        `${startup.action.wall} ms vs ${startup.node.wall} ms`
      ),
      goal(
        'compare CLI, slowest accepted or refused input (wall)',
        Math.max(...compare.map((c) => c.wall)),
        2000,
        ' ms',
        compare.map((c) => `${c.name}: ${c.wall} ms ${c.outcome}`).join('; ')
      ),
      goal(
        'GitHub requests per PR run (<= 100 comments)',
        Math.max(...github.map((g) => g.maxRequests)),
        3,
        '',
        github.map((g) => `${g.accounts} accounts: ${g.runs.map((r) => r.requests).join('/')}`).join('; ')
      ),
      goal(
        'PR comment size (GitHub: 65,536 chars)',
        Math.max(...github.map((g) => g.commentChars)),
        65536,
        '',
        github.map((g) => `${g.accounts} accounts: ${g.commentChars} chars, ${g.ourComments} comment`).join('; ')
      )
    ]
    const context = [
      { name: `diff CLI wall, ${small.accounts} / ${large.accounts} accounts`, value: `${diffCli[small.accounts].wall} / ${diffCli[large.accounts].wall} ms` },
      { name: `check-plan CLI wall, ${PLAN_SIZES.join(' / ')} changes`, value: `${checkPlanCli[PLAN_SIZES[0]].wall} / ${checkPlanCli[PLAN_SIZES[1]].wall} ms` },
      opaBench
        ? {
            name: `opa bench ${opaBench.query}, ${opaBench.changes} changes`,
            value: `${round1(opaBench.nsPerOp / 1e6)} ms/op (fastest run ${round1(opaBench.nsPerOpMin / 1e6)} ms)`
          }
        : { name: 'opa bench', value: 'skipped (no opa)' },
      {
        name: 'bundle: dist/index.js (loaded at start) / with chunks',
        value: `${round1(bundle.entryBytes / 1024)} KiB / ${round1(bundle.totalBytes / 1024)} KiB`
      },
      { name: 'plan.wasm', value: `${round1(bundle.wasmBytes / 1024)} KiB` }
    ]
    const problems = github.flatMap((g) => g.problems)
    const misread = compare.filter((c) => c.outcome !== c.expected)
    if (misread.length)
      goals.push({
        name: 'compare inputs accepted / refused as expected',
        value: misread.length,
        goal: 0,
        unit: '',
        pass: false,
        detail: misread.map((c) => `${c.name}: ${c.outcome}, expected ${c.expected}`).join('; ')
      })
    if (problems.length)
      goals.push({ name: 'GitHub test server problems', value: problems.length, goal: 0, unit: '', pass: false, detail: problems.slice(0, 3).join('; ') })

    const results = {
      machine: { ...machineAtStart, loadAverageAtEnd: machineInfo().loadAverage },
      durationSeconds: round1((performance.now() - started) / 1000),
      quick: QUICK,
      goals,
      context,
      details: {
        organisations: orgs.map(({ accounts, stacks, targets, files, sizes }) => ({ accounts, stacks, targets, files, sizes })),
        validateRender,
        diff,
        diffCli,
        compare,
        checkPlan,
        checkPlanCli,
        opaBench,
        startup,
        bundle,
        github
      }
    }
    writeFileSync(RESULTS_FILE, `${JSON.stringify(results, null, 2)}\n`)
    process.stdout.write(renderTable(results))
    process.stdout.write(`\nwrote ${RESULTS_FILE}\n`)
    // A --quick run is a smoke test: its figures do not replace the recorded ones.
    if (!QUICK && updateBenchmarksMd(results)) process.stdout.write('updated the figures in BENCHMARKS.md\n')
    if (args.has('--strict') && goals.some((g) => !g.pass)) process.exitCode = 1
  } finally {
    rmSync(work, { recursive: true, force: true })
  }
}

main().catch((error) => {
  process.stderr.write(`bench failed: ${error instanceof Error ? error.stack : String(error)}\n`)
  process.exitCode = 2
})
