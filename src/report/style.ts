/** Minimal ANSI styling for text output; a no-op when colour is off (not a TTY, or NO_COLOR set). */
export interface Style {
  bold: (text: string) => string
  dim: (text: string) => string
  red: (text: string) => string
  yellow: (text: string) => string
  green: (text: string) => string
  cyan: (text: string) => string
}

const wrap = (code: number, reset: number) => (text: string) => `\u001b[${code}m${text}\u001b[${reset}m`
const identity = (text: string) => text

export function createStyle(color: boolean): Style {
  if (!color) return { bold: identity, dim: identity, red: identity, yellow: identity, green: identity, cyan: identity }
  return { bold: wrap(1, 22), dim: wrap(2, 22), red: wrap(31, 39), yellow: wrap(33, 39), green: wrap(32, 39), cyan: wrap(36, 39) }
}

/** Pads columns so rows align; the last column is not padded. Widths ignore ANSI codes. */
export function alignColumns(rows: string[][], gap = 2): string[] {
  // eslint-disable-next-line no-control-regex -- ANSI colour codes start with ESC
  const visible = (s: string) => s.replace(/\u001b\[\d+m/g, '').length
  const widths: number[] = []
  for (const row of rows) row.forEach((cell, i) => (widths[i] = Math.max(widths[i] ?? 0, visible(cell))))
  return rows.map((row) =>
    row
      .map((cell, i) => (i === row.length - 1 ? cell : cell + ' '.repeat((widths[i] ?? 0) - visible(cell) + gap)))
      .join('')
      .trimEnd()
  )
}
