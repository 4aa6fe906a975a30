/**
 * `diff` against today's policies, measured in-process against its floor, and as users run it.
 *
 * diff (in-process):  analyseConfigFile (YAML with positions, validation, desired IAM, quota) +
 *                     runDiff (read existing/ safely, compare semantically, build the report) +
 *                     JSON.stringify of the report: what `diff --format json` does, minus stdout.
 * floor (in-process): readFileSync + YAML.parse (the same `yaml` package) of accounts.yaml, and
 *                     readdirSync + readFileSync + JSON.parse of every file under existing/: the
 *                     least any diff must do to see the same bytes.
 * Both run in the same process, warmed up, interleaved round by round; medians are compared.
 * The CLI wall time (a child process of dist/cli/index.js) is context: it adds node start-up and
 * loading the bundle.
 */
import { spawnSync } from 'node:child_process'
import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { parse as parseYaml } from 'yaml'
import { REPO, sourceModule } from './compile.mjs'
import { interleaved, median, round1 } from './stats.mjs'

export function readAndParseFloor(org) {
  // uniqueKeys: false, as src/config/yamlSource.ts parses: the library's own duplicate-key check is
  // quadratic (about 1 s at 5,000 accounts), which would flatter the ratio.
  const declaration = parseYaml(readFileSync(org.configFile, 'utf8'), { uniqueKeys: false })
  let documents = 0
  for (const account of readdirSync(org.existingDir)) {
    for (const file of readdirSync(join(org.existingDir, account))) {
      JSON.parse(readFileSync(join(org.existingDir, account, file), 'utf8'))
      documents++
    }
  }
  return { accounts: Object.keys(declaration.accounts).length, documents }
}

export async function diffRunner() {
  const { analyseConfigFile } = await sourceModule('src/generate/analyseDeclaration.ts')
  const { runDiff } = await sourceModule('src/diff/runDiff.ts')
  return async (org) => {
    const head = analyseConfigFile(org.configFile)
    const report = await runDiff({ head, source: { kind: 'directory', dir: org.existingDir } })
    return { json: JSON.stringify(report, null, 2), report }
  }
}

/** Medians of diff (and of the floor, for the orgs in `withFloor`) per organisation size, wall and CPU. */
export async function measureDiffInProcess(orgs, { rounds, withFloor }) {
  const diff = await diffRunner()
  const results = {}
  for (const org of orgs) {
    const { report } = await diff(org)
    if (report.errors.length) throw new Error(`diff reported errors: ${JSON.stringify(report.errors.slice(0, 3))}`)
    const tasks = { diff: () => diff(org) }
    if (withFloor.includes(org.accounts)) tasks.floor = () => readAndParseFloor(org)
    const timed = await interleaved(tasks, { rounds: rounds[org.accounts] ?? 5 })
    results[org.accounts] = { ...timed, summary: report.summary, roles: report.roles.length }
  }
  return results
}

/** Wall time of `node dist/cli/index.js diff ... --format json` (median of `runs`). */
export function measureDiffCli(org, runs) {
  const cli = join(REPO, 'dist/cli/index.js')
  const args = [cli, 'diff', '--config', org.configFile, '--existing', org.existingDir, '--format', 'json']
  const samples = []
  let summary = null
  for (let i = 0; i < runs; i++) {
    const start = performance.now()
    const child = spawnSync(process.execPath, args, { encoding: 'utf8', maxBuffer: 1 << 30 })
    samples.push(performance.now() - start)
    if (child.status !== 0) throw new Error(`diff CLI exited ${child.status}: ${child.stderr.slice(0, 500)}`)
    summary = JSON.parse(child.stdout).summary
  }
  return { wall: round1(median(samples)), wallSamples: samples.map(round1), summary }
}
