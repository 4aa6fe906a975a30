import { describe, expect, it } from '@jest/globals'
import fc from 'fast-check'
import { lineAndColumn, locateJsonSyntaxError, parseJson } from '../../src/common/jsonSyntax.js'

/** V8's own position, when its message gives one. */
function v8Position(text: string): number | null | 'valid' {
  try {
    JSON.parse(text)
    return 'valid'
  } catch (e) {
    const m = /at position (\d+)/.exec((e as Error).message)
    return m ? Number(m[1]) : null
  }
}

describe('locateJsonSyntaxError', () => {
  it('agrees with JSON.parse on validity, and with V8 on the position whenever V8 gives one', () => {
    const mutated = fc
      .tuple(fc.json(), fc.nat(), fc.constantFrom('delete', 'insert'), fc.constantFrom(...'{}[]:,"\\ 0-e.tn\u0001x'))
      .map(([json, at, op, ch]) => {
        const i = json.length === 0 ? 0 : at % json.length
        return op === 'delete' ? json.slice(0, i) + json.slice(i + 1) : json.slice(0, i) + ch + json.slice(i)
      })
    fc.assert(
      fc.property(mutated, (text) => {
        const v8 = v8Position(text)
        const ours = locateJsonSyntaxError(text)
        if (v8 === 'valid') expect(ours).toBeNull()
        else expect(ours).not.toBeNull()
        if (typeof v8 === 'number') expect(ours).toBe(v8)
      }),
      { numRuns: Number(process.env.FC_NUM_RUNS ?? 2000) }
    )
  })

  it('locates the errors V8 reports without a position', () => {
    // V8: Unexpected token '}', "{ "a": }" is not valid JSON
    expect(locateJsonSyntaxError('{\n  "a": }')).toBe(9)
    expect(locateJsonSyntaxError('{\n"a": tru}')).toBe(10)
    expect(locateJsonSyntaxError('')).toBe(0)
  })

  it('survives deep nesting', () => {
    const deep = '['.repeat(200_000) + ']'.repeat(199_999)
    expect(locateJsonSyntaxError(deep)).toBe(deep.length)
  })
})

describe('parseJson', () => {
  it('gives line and column and a message without the echoed input', () => {
    const result = parseJson('{\n  "Version": "2012-10-17",\n  "Statement": [}\n')
    expect(result).toEqual({ ok: false, error: { line: 3, column: 17, message: "Unexpected token '}'" } })
    const trailingComma = parseJson('{"a": 1,\n}')
    expect(trailingComma).toEqual({
      ok: false,
      error: { line: 2, column: 1, message: 'Expected double-quoted property name' }
    })
  })

  it('counts lines by line feeds (CRLF files too)', () => {
    expect(lineAndColumn('a\r\nbc', 4)).toEqual({ line: 2, column: 2 })
  })
})
