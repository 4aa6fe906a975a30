// Runs `opa bench` on a policy body and an input and returns its figures per evaluation.
//
//   import { opaBench } from './opa-bench.mjs'
//   const result = await opaBench({ opa, bodyFile, inputFile, count: 3 })
//   // { nsPerOp, nsPerOpMin, allocsPerOp, bytesPerOp, evalNsMedian, runs: [{ n, nsPerOp, ... }], query }
//
// or from a shell: node bench/opa-bench.mjs BODY.rego INPUT.json [COUNT]  (prints the JSON).
//
// The same policy compiled to WebAssembly (scripts/build-wasm.sh), as the PR-side evaluation runs
// it (deny, then warn, on the input's JSON text; memory sized to the input as
// src/planPolicy/wasmPolicy.ts does), with the declaration as data:
//   const result = await wasmBench({ wasmFile, dataFile, inputFile, runs: 9 })
//   // { msMedian, msMin, runs: [ms...], deny, warn }
// or: node bench/opa-bench.mjs --wasm PLAN.wasm DATA.json INPUT.json [RUNS]
// (bench/plan-policy-inputs.mjs writes DATA.json next to the inputs.)
//
// `opa bench --format json` prints one Go testing.BenchmarkResult per repetition (--count),
// concatenated: N (iterations), T (total ns), MemAllocs and MemBytes (totals over N), and in
// Extra the histogram of timer_rego_query_eval_ns. nsPerOp is the median of the repetitions'
// T / N, nsPerOpMin the fastest (the least disturbed by other load on the machine);
// evalNsMedian the median of their query-evaluation medians (excluding OPA's per-query
// preparation). Plain JS, no imports from build/: it needs only the opa binary and two files.
import { execFile } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { homedir } from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { promisify } from 'node:util'

const execFileAsync = promisify(execFile)

export const DEFAULT_QUERY = 'data.spacelift.deny'

/** The opa binary: $STACK_ACCOUNTS_TOOLS/bin/opa, else ~/.cache/stack-accounts-tools/bin/opa. */
export function defaultOpa() {
  const tools = process.env.STACK_ACCOUNTS_TOOLS || path.join(homedir(), '.cache', 'stack-accounts-tools')
  return path.join(tools, 'bin', 'opa')
}

/** Splits concatenated JSON documents ("{…}\n{…}") and parses each. */
export function parseJsonStream(text) {
  const documents = []
  let depth = 0
  let start = -1
  let inString = false
  let escaped = false
  for (let i = 0; i < text.length; i++) {
    const c = text[i]
    if (inString) {
      if (escaped) escaped = false
      else if (c === '\\') escaped = true
      else if (c === '"') inString = false
      continue
    }
    if (c === '"') inString = true
    else if (c === '{' || c === '[') {
      if (depth === 0) start = i
      depth++
    } else if (c === '}' || c === ']') {
      depth--
      if (depth === 0) documents.push(JSON.parse(text.slice(start, i + 1)))
    }
  }
  if (depth !== 0 || inString) throw new Error('opa bench: truncated JSON output')
  return documents
}

function median(values) {
  const sorted = [...values].sort((a, b) => a - b)
  const middle = Math.floor(sorted.length / 2)
  return sorted.length % 2 === 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2
}

/** One repetition's figures per evaluation, from a Go testing.BenchmarkResult. */
export function benchmarkRun(result) {
  if (!result || typeof result.N !== 'number' || result.N <= 0 || typeof result.T !== 'number') {
    throw new Error(`opa bench: unexpected result ${JSON.stringify(result)}`)
  }
  const extra = result.Extra ?? {}
  return {
    n: result.N,
    nsPerOp: result.T / result.N,
    allocsPerOp: (result.MemAllocs ?? 0) / result.N,
    bytesPerOp: (result.MemBytes ?? 0) / result.N,
    evalNsMedian: extra['histogram_timer_rego_query_eval_ns_median'] ?? null
  }
}

/** The figures of an `opa bench --format json` output (one or more repetitions). */
export function summariseBenchOutput(text) {
  const runs = parseJsonStream(text).map(benchmarkRun)
  if (runs.length === 0) throw new Error('opa bench: no result')
  const evalMedians = runs.map((run) => run.evalNsMedian).filter((value) => typeof value === 'number')
  return {
    nsPerOp: median(runs.map((run) => run.nsPerOp)),
    nsPerOpMin: Math.min(...runs.map((run) => run.nsPerOp)),
    allocsPerOp: median(runs.map((run) => run.allocsPerOp)),
    bytesPerOp: median(runs.map((run) => run.bytesPerOp)),
    evalNsMedian: evalMedians.length > 0 ? median(evalMedians) : null,
    runs
  }
}

/**
 * Benchmarks `query` (default data.spacelift.deny) on the policy body and input with `opa bench`.
 * bodyFile: the policy body (or a list of policy/data files, each passed with -d).
 * count: repetitions (opa bench --count), each running as many iterations as fit Go's bench time.
 */
export async function opaBench({ opa = defaultOpa(), bodyFile, inputFile, count = 1, query = DEFAULT_QUERY }) {
  if (!bodyFile || !inputFile) throw new Error('opaBench: bodyFile and inputFile are required')
  const dataArgs = (Array.isArray(bodyFile) ? bodyFile : [bodyFile]).flatMap((file) => ['-d', file])
  const args = ['bench', '--format', 'json', '--count', String(count), ...dataArgs, '-i', inputFile, query]
  const { stdout } = await execFileAsync(opa, args, { maxBuffer: 64 * 1024 * 1024 })
  return { ...summariseBenchOutput(stdout), query, count }
}

/** As src/planPolicy/wasmPolicy.ts: the module's memory sized up front to the input (48 bytes per byte). */
const WASM_PAGE_BYTES = 64 * 1024
const WASM_MEMORY_BYTES_PER_INPUT_BYTE = 48

/** The messages of a set rule's result (opa-wasm gives [{ result }], or [] when undefined). */
function wasmMessages(results) {
  const value = results[0]?.result
  return Array.isArray(value) ? value : []
}

/**
 * Milliseconds per evaluation of spacelift/deny then spacelift/warn by the policy compiled to
 * WebAssembly, over `runs` runs after one warm-up: median and fastest. dataFile holds the
 * policy's data ({"stack_accounts": {"declaration": …}}).
 */
export async function wasmBench({ wasmFile, dataFile, inputFile, runs = 7 }) {
  if (!wasmFile || !dataFile || !inputFile) throw new Error('wasmBench: wasmFile, dataFile and inputFile are required')
  const { default: opaWasm } = await import('@open-policy-agent/opa-wasm')
  const text = readFileSync(inputFile)
  const input = new Uint8Array(text).buffer
  const initial = Math.max(16, Math.ceil((text.byteLength * WASM_MEMORY_BYTES_PER_INPUT_BYTE) / WASM_PAGE_BYTES))
  const policy = await opaWasm.loadPolicy(readFileSync(wasmFile), { initial })
  policy.setData(JSON.parse(readFileSync(dataFile, 'utf8')))
  const evaluate = () => ({ deny: wasmMessages(policy.evaluate(input, 'spacelift/deny')), warn: wasmMessages(policy.evaluate(input, 'spacelift/warn')) })
  const verdict = evaluate()
  const samples = []
  for (let i = 0; i < runs; i++) {
    const start = performance.now()
    evaluate()
    samples.push(performance.now() - start)
  }
  return { msMedian: median(samples), msMin: Math.min(...samples), runs: samples, deny: verdict.deny.length, warn: verdict.warn.length }
}

if (process.argv[1] === fileURLToPath(import.meta.url) && process.argv[2] === '--wasm') {
  const [wasmFile, dataFile, inputFile, runs] = process.argv.slice(3)
  if (!wasmFile || !dataFile || !inputFile) {
    console.error('usage: node bench/opa-bench.mjs --wasm PLAN.wasm DATA.json INPUT.json [RUNS]')
    process.exit(2)
  }
  console.log(JSON.stringify(await wasmBench({ wasmFile, dataFile, inputFile, runs: runs ? Number(runs) : 7 }), null, 2))
} else if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const [bodyFile, inputFile, count] = process.argv.slice(2)
  if (!bodyFile || !inputFile) {
    console.error('usage: node bench/opa-bench.mjs BODY.rego INPUT.json [COUNT]')
    process.exit(2)
  }
  const result = await opaBench({ bodyFile, inputFile, count: count ? Number(count) : 1 })
  console.log(JSON.stringify(result, null, 2))
}
