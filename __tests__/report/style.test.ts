import { describe, expect, it } from '@jest/globals'
import { colorEnabled } from '../../src/cli/io.js'
import { alignColumns, createStyle } from '../../src/report/style.js'

describe('text output', () => {
  it('colours only a terminal, and respects NO_COLOR', () => {
    expect(colorEnabled(true, {})).toBe(true)
    expect(colorEnabled(false, {})).toBe(false)
    expect(colorEnabled(undefined, {})).toBe(false)
    expect(colorEnabled(true, { NO_COLOR: '1' })).toBe(false)
    expect(colorEnabled(true, { NO_COLOR: '' })).toBe(true)
  })

  it('writes ANSI codes only when colour is on', () => {
    expect(createStyle(false).red('x')).toBe('x')
    expect(createStyle(true).red('x')).toBe('\u001b[31mx\u001b[39m')
  })

  it('aligns columns by visible width, ignoring colour codes', () => {
    const style = createStyle(true)
    const lines = alignColumns([
      ['a', style.red('bb'), 'c'],
      ['ccc', 'd', 'e']
    ])
    // eslint-disable-next-line no-control-regex -- the SGR escapes the style writes start with ESC (U+001B): stripping them is the point
    const plain = lines.map((l) => l.replace(/\u001b\[\d+m/g, ''))
    expect(plain).toEqual(['a    bb  c', 'ccc  d   e'])
  })
})
