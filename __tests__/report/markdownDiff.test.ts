import { describe, expect, it } from '@jest/globals'
import { lineDiff } from '../../src/report/markdownDiff.js'

/** Rebuilds both sides from the diff lines (context 1e9 so nothing is folded). */
function sides(lines: string[]): { before: string[]; after: string[] } {
  const before: string[] = []
  const after: string[] = []
  for (const l of lines) {
    const body = l.slice(1)
    if (l[0] !== '+') before.push(body)
    if (l[0] !== '-') after.push(body)
  }
  return { before, after }
}

const all = { maxEdits: 500, context: 1e9, maxLines: 1e9 }

describe('lineDiff', () => {
  it('marks removed and added lines and keeps the rest', () => {
    expect(lineDiff('a\nb\nc', 'a\nx\nc', all)).toEqual([' a', '-b', '+x', ' c'])
  })

  it('adds every line of a new document', () => {
    expect(lineDiff(null, '{\n}', all)).toEqual(['+{', '+}'])
  })

  it('finds a shortest script and rebuilds both sides', () => {
    const a = ['{', '  "a": 1,', '  "b": 2,', '  "c": 3', '}']
    const b = ['{', '  "a": 1,', '  "c": 3,', '  "d": 4', '}']
    const lines = lineDiff(a.join('\n'), b.join('\n'), all)
    expect(sides(lines)).toEqual({ before: a, after: b })
    expect(lines.filter((l) => l[0] !== ' ').length).toBe(4)
  })

  it('folds unchanged lines outside the context', () => {
    const a = Array.from({ length: 20 }, (_, i) => `line ${i}`)
    const b = [...a]
    b[10] = 'changed'
    const lines = lineDiff(a.join('\n'), b.join('\n'), { maxEdits: 500, context: 2, maxLines: 1000 })
    expect(lines).toEqual(['@@ 8 unchanged lines @@', ' line 8', ' line 9', '-line 10', '+changed', ' line 11', ' line 12', '@@ 7 unchanged lines @@'])
  })

  it('falls back to remove-all/add-all past the edit bound, and cuts long output', () => {
    const a = Array.from({ length: 100 }, (_, i) => `a${i}`).join('\n')
    const b = Array.from({ length: 100 }, (_, i) => `b${i}`).join('\n')
    const lines = lineDiff(a, b, { maxEdits: 10, context: 3, maxLines: 50 })
    expect(lines).toHaveLength(51)
    expect(lines[0]).toBe('-a0')
    expect(lines[50]).toBe('@@ diff cut: 150 more lines @@')
  })
})
