/**
 * A small line diff (Myers' O(ND) shortest edit script) for showing a policy against today's in a
 * ```diff block. Bounded: past `maxEdits` differing lines it stops searching and shows the old text
 * removed and the new text added, and the output is cut at `maxLines`.
 */
import { plural } from '../common/plural.js'

export interface LineDiffOptions {
  /** The largest edit distance searched for (the work is O((N+M)·D)). */
  maxEdits: number
  /** Unchanged lines kept around each change; the rest is folded into "@@" lines. */
  context: number
  /** The most output lines; past it a final line says how many were left out. */
  maxLines: number
}

export const DEFAULT_LINE_DIFF: LineDiffOptions = { maxEdits: 500, context: 3, maxLines: 400 }

type Op = { kind: ' ' | '-' | '+'; line: string }

/** The edit script between `a` and `b`, or null when it needs more than `maxEdits` edits. */
function myers(a: readonly string[], b: readonly string[], maxEdits: number): Op[] | null {
  const n = a.length
  const m = b.length
  const max = Math.min(n + m, maxEdits)
  const offset = max + 1
  const v = new Int32Array(2 * max + 3)
  const trace: Int32Array[] = []
  for (let d = 0; d <= max; d++) {
    trace.push(v.slice())
    for (let k = -d; k <= d; k += 2) {
      const down = k === -d || (k !== d && (v[offset + k - 1] ?? 0) < (v[offset + k + 1] ?? 0))
      let x = down ? (v[offset + k + 1] ?? 0) : (v[offset + k - 1] ?? 0) + 1
      let y = x - k
      while (x < n && y < m && a[x] === b[y]) {
        x++
        y++
      }
      v[offset + k] = x
      if (x >= n && y >= m) return backtrack(a, b, trace, d, k, offset)
    }
  }
  return null
}

function backtrack(a: readonly string[], b: readonly string[], trace: Int32Array[], dEnd: number, kEnd: number, offset: number): Op[] {
  const ops: Op[] = []
  let x = a.length
  let y = b.length
  let k = kEnd
  for (let d = dEnd; d > 0; d--) {
    const v = trace[d] as Int32Array
    const down = k === -d || (k !== d && (v[offset + k - 1] ?? 0) < (v[offset + k + 1] ?? 0))
    const prevK = down ? k + 1 : k - 1
    const prevX = v[offset + prevK] ?? 0
    const prevY = prevX - prevK
    while (x > prevX && y > prevY) {
      x--
      y--
      ops.push({ kind: ' ', line: a[x] as string })
    }
    if (down) ops.push({ kind: '+', line: b[--y] as string })
    else ops.push({ kind: '-', line: a[--x] as string })
    k = prevK
  }
  while (x > 0 && y > 0) {
    x--
    y--
    ops.push({ kind: ' ', line: a[x] as string })
  }
  return ops.reverse()
}

/** Keeps `context` unchanged lines around each change, folding the rest into "@@ … @@" lines. */
function withContext(ops: readonly Op[], context: number): string[] {
  const changed = ops.map((op) => op.kind !== ' ')
  const keep = new Array<boolean>(ops.length).fill(false)
  ops.forEach((_, i) => {
    if (!changed[i]) return
    for (let j = Math.max(0, i - context); j <= Math.min(ops.length - 1, i + context); j++) keep[j] = true
  })
  const out: string[] = []
  let folded = 0
  ops.forEach((op, i) => {
    if (!keep[i]) {
      folded++
      return
    }
    if (folded > 0) out.push(`@@ ${plural(folded, 'unchanged line')} @@`)
    folded = 0
    out.push(`${op.kind}${op.line}`)
  })
  if (folded > 0) out.push(`@@ ${plural(folded, 'unchanged line')} @@`)
  return out
}

/**
 * The diff of two texts as lines for a ```diff block ("-", "+", " " prefixes). `before` null means
 * the text is new (every line added).
 */
export function lineDiff(before: string | null, after: string, options: LineDiffOptions = DEFAULT_LINE_DIFF): string[] {
  const a = before === null ? [] : before.split('\n')
  const b = after.split('\n')
  // A new policy is all additions: no search needed (most roles of a new organisation).
  const ops = (a.length === 0 ? b.map((line): Op => ({ kind: '+', line })) : myers(a, b, options.maxEdits)) ?? [
    ...a.map((line): Op => ({ kind: '-', line })),
    ...b.map((line): Op => ({ kind: '+', line }))
  ]
  const lines = withContext(ops, options.context)
  if (lines.length <= options.maxLines) return lines
  const kept = lines.slice(0, options.maxLines)
  kept.push(`@@ diff cut: ${lines.length - options.maxLines} more lines @@`)
  return kept
}
