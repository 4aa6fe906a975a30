/** The results as a plain-text table for the terminal. */

function pad(rows) {
  const widths = rows[0].map((_, i) => Math.max(...rows.map((r) => String(r[i]).length)))
  return rows
    .map((r) =>
      r
        .map((cell, i) => String(cell).padEnd(widths[i]))
        .join('  ')
        .trimEnd()
    )
    .join('\n')
}

export function renderTable(results) {
  const m = results.machine
  const goals = pad([
    ['figure', 'value', 'goal', 'result', 'detail'],
    ...results.goals.map((g) => [g.name, `${g.value}${g.unit}`, `<= ${g.goal}${g.unit}`, g.pass ? 'PASS' : 'FAIL', g.detail])
  ])
  const context = pad([['context', 'value'], ...results.context.map((c) => [c.name, c.value])])
  return [
    `stack-accounts benchmarks, ${m.date} (${results.durationSeconds} s${results.quick ? ', --quick' : ''})`,
    `machine: ${m.nproc} cores, ${m.cpuModel}, ${m.memoryTotalGiB} GiB, node ${m.node}, load ${m.loadAverage.join(' ')} -> ${m.loadAverageAtEnd.join(' ')}`,
    '',
    goals,
    '',
    context,
    ''
  ].join('\n')
}
