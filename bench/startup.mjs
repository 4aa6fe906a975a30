/**
 * Start-up of the bundled action on an event it ignores (`issues`) against bare `node -e 0`, both
 * child processes of the same node, interleaved, wall time; and the size of the bundle.
 */
import { spawnSync } from 'node:child_process'
import { readdirSync, statSync } from 'node:fs'
import { join } from 'node:path'
import { actionEnv } from './actionEnv.mjs'
import { REPO } from './compile.mjs'
import { median, round1 } from './stats.mjs'

const ISSUE_EVENT = {
  action: 'opened',
  issue: { number: 1, title: 'Spelling error in the README file', state: 'open', user: { login: 'Codertocat' } },
  repository: { full_name: 'Codertocat/Hello-World' },
  sender: { login: 'Codertocat' }
}

export function measureStartup({ runs, warmup = 2 }) {
  const { env } = actionEnv({ eventName: 'issues', event: ISSUE_EVENT })
  const entry = join(REPO, 'dist/index.js')
  const commands = { node: ['-e', '0'], action: [entry] }
  const samples = { node: [], action: [] }
  let output = ''
  for (let i = 0; i < warmup + runs; i++) {
    for (const [name, args] of Object.entries(commands)) {
      const start = performance.now()
      const child = spawnSync(process.execPath, args, { env, encoding: 'utf8' })
      const elapsed = performance.now() - start
      if (child.status !== 0) throw new Error(`${name} exited ${child.status}: ${child.stdout}${child.stderr}`)
      if (name === 'action') output = child.stdout.trim()
      if (i >= warmup) samples[name].push(elapsed)
    }
  }
  if (!/nothing to do on "issues"/.test(output)) throw new Error(`the action did not ignore the issues event: ${output}`)
  return {
    node: { wall: round1(median(samples.node)), wallSamples: samples.node.map(round1) },
    action: { wall: round1(median(samples.action)), wallSamples: samples.action.map(round1) },
    output
  }
}

/** dist/index.js and the chunks it loads on demand (dist/<id>.index.js). */
export function bundleSize() {
  const dist = join(REPO, 'dist')
  const chunks = readdirSync(dist)
    .filter((f) => /^\d+\.index\.js$/.test(f))
    .sort()
  const entry = statSync(join(dist, 'index.js')).size
  const chunkBytes = Object.fromEntries(chunks.map((f) => [f, statSync(join(dist, f)).size]))
  const total = entry + Object.values(chunkBytes).reduce((a, b) => a + b, 0)
  return { entryBytes: entry, chunks: chunkBytes, totalBytes: total, wasmBytes: statSync(join(dist, 'policy/plan.wasm')).size }
}
