import { analyseConfigFile } from '/work/main/bench/out/src/declaration.js'
import { runDiff } from '/work/main/bench/out/src/diff/run.js'
import { readFile, readdir } from 'node:fs/promises'
import { parse } from 'yaml'
import { join } from 'node:path'
const n = Number(process.argv[2])
const cfg = `/tmp/bx/a${n}.yaml`, dir = `/tmp/bx/r${n}/iam`
async function diff() {
  const head = analyseConfigFile(cfg, { trustPolicyQuota: 1e6 })
  const r = await runDiff({ head, source: { kind: 'directory', dir } })
  return JSON.stringify(r).length
}
async function floor() {
  const y = parse(await readFile(cfg, 'utf8'))
  const accts = await readdir(dir)
  let k = 0
  await Promise.all(accts.map(async (a) => { for (const f of await readdir(join(dir, a))) { k += Object.keys(JSON.parse(await readFile(join(dir, a, f), 'utf8'))).length } }))
  return k
}
for (const [name, fn] of [['floor', floor], ['diff', diff]]) {
  const ts = []
  for (let i = 0; i < 7; i++) { const t = performance.now(); await fn(); ts.push(performance.now() - t) }
  ts.sort((a, b) => a - b); console.log(name, n, ts.map(t => t.toFixed(0)).join(' '), 'median', ts[3].toFixed(1))
}
