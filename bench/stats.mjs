/**
 * Timing helpers. In-process work is timed twice: wall time (performance.now) and CPU time of this
 * process (process.cpuUsage, user + system, all threads). On a shared machine the wall time also
 * counts the time other processes held the CPU; the CPU time does not, so ratios use it. Repeated
 * tasks run interleaved (A B, A B, ...) so that what noise remains hits every side alike.
 */

export function median(values) {
  const sorted = [...values].sort((a, b) => a - b)
  const mid = sorted.length >> 1
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2
}

function cpuMs() {
  const { user, system } = process.cpuUsage()
  return (user + system) / 1000
}

/** { wall, cpu } milliseconds of one awaited call of fn. */
export async function timeOnce(fn) {
  const cpu = cpuMs()
  const wall = performance.now()
  await fn()
  return { wall: performance.now() - wall, cpu: cpuMs() - cpu }
}

/**
 * Runs every named task `rounds` times, round by round, after `warmup` untimed rounds.
 * Returns { name: { wall, cpu, wallSamples, cpuSamples } } (medians and samples, milliseconds).
 */
export async function interleaved(tasks, { rounds, warmup = 1 }) {
  const names = Object.keys(tasks)
  for (let i = 0; i < warmup; i++) for (const name of names) await tasks[name]()
  const samples = Object.fromEntries(names.map((n) => [n, []]))
  for (let i = 0; i < rounds; i++) for (const name of names) samples[name].push(await timeOnce(tasks[name]))
  return Object.fromEntries(names.map((n) => [n, summarise(samples[n])]))
}

export function summarise(samples) {
  return {
    wall: round1(median(samples.map((s) => s.wall))),
    cpu: round1(median(samples.map((s) => s.cpu))),
    wallSamples: samples.map((s) => round1(s.wall)),
    cpuSamples: samples.map((s) => round1(s.cpu))
  }
}

export function round1(x) {
  return Math.round(x * 10) / 10
}

export function round2(x) {
  return Math.round(x * 100) / 100
}
