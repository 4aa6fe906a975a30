/** The figures block of BENCHMARKS.md, rewritten by each full run between its two markers. */
import { existsSync, readFileSync, writeFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'

export const BENCHMARKS_MD = fileURLToPath(new URL('../BENCHMARKS.md', import.meta.url))
const START = '<!-- bench:figures:start (written by npm run bench) -->'
const END = '<!-- bench:figures:end -->'

const cell = (text) => String(text).replace(/\|/g, '\\|')

export function renderFigures(results) {
  const m = results.machine
  return [
    START,
    `Measured ${m.date.slice(0, 16).replace('T', ' ')} UTC in ${results.durationSeconds} s, on ${m.nproc} cores (${cell(m.cpuModel)}),`,
    `${m.memoryTotalGiB} GiB, node ${m.node}, ${cell(m.platform)}; load average ${m.loadAverage.join(' ')} at the start,`,
    `${m.loadAverageAtEnd.join(' ')} at the end (a machine shared with other work).`,
    '',
    '```',
    m.memory ?? '',
    '```',
    '',
    '| figure | value | goal | result | detail |',
    '|---|---|---|---|---|',
    ...results.goals.map((g) => `| ${cell(g.name)} | ${g.value}${g.unit} | ≤ ${g.goal}${g.unit} | ${g.pass ? 'pass' : '**FAIL**'} | ${cell(g.detail)} |`),
    '',
    '| context | value |',
    '|---|---|',
    ...results.context.map((c) => `| ${cell(c.name)} | ${cell(c.value)} |`),
    END
  ].join('\n')
}

/** Replaces the figures block; false when BENCHMARKS.md or its markers are missing. */
export function updateBenchmarksMd(results) {
  if (!existsSync(BENCHMARKS_MD)) return false
  const text = readFileSync(BENCHMARKS_MD, 'utf8')
  const start = text.indexOf(START)
  const end = text.indexOf(END)
  if (start < 0 || end < start) return false
  writeFileSync(BENCHMARKS_MD, `${text.slice(0, start)}${renderFigures(results)}${text.slice(end + END.length)}`)
  return true
}
