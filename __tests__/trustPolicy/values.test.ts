/**
 * How condition values are read: exact decimals, UTC dates (this file also runs under
 * TZ=Pacific/Kiritimati in `npm test`), strings under the policy's Version, and JSON number
 * literals kept as their text.
 */
import { describe, expect, it } from '@jest/globals'
import { formatDate, readDate } from '../../src/trustPolicy/dates.js'
import { compareDecimal, formatDecimal, readDecimal, type Decimal } from '../../src/trustPolicy/decimal.js'
import { JsonNumberText, parseJsonExact } from '../../src/iamDocument/exactJson.js'
import { displayValue, foldAscii, isOpaque, readStringValue, valueFor2012 } from '../../src/trustPolicy/stringValues.js'

const decimal = (text: string): Decimal => {
  const reading = readDecimal(text)
  if (!reading.ok) throw new Error(`unreadable ${text}`)
  return reading.value
}

describe('exact decimals', () => {
  it('keep every digit and compare exactly', () => {
    expect(formatDecimal(decimal('12345678901234567890'))).toBe('12345678901234567890')
    expect(compareDecimal(decimal('12345678901234567890'), decimal('12345678901234567891'))).toBe(-1)
    expect(compareDecimal(decimal('9007199254740993'), decimal('9007199254740992'))).toBe(1)
    expect(compareDecimal(decimal('-0.001'), decimal('-0.0010'))).toBe(0)
    expect(compareDecimal(decimal('-2'), decimal('1'))).toBe(-1)
  })

  it('read non-canonical spellings as one number', () => {
    for (const text of ['100', '1e2', '1E+2', '100.0', '0100', '+100', '10000e-2']) expect(formatDecimal(decimal(text))).toBe('100')
    expect(formatDecimal(decimal('-0'))).toBe('0')
    expect(formatDecimal(decimal('0.5e-3'))).toBe('0.0005')
  })

  it('tell unreadable text from values out of range', () => {
    for (const text of ['', ' 1', '1 ', '0x10', '1,5', 'NaN', 'Infinity', '.5', '5.']) expect(readDecimal(text)).toEqual({ ok: false, reason: 'unreadable' })
    for (const text of ['1e309', '1e-400', '1e9999999999', '1'.repeat(101)]) expect(readDecimal(text)).toEqual({ ok: false, reason: 'out-of-range' })
  })
})

describe('dates', () => {
  const iso = (text: string): string => {
    const reading = readDate(text)
    if (!reading.ok) throw new Error(`${text}: ${reading.reason}`)
    return formatDate(reading.nanos)
  }

  it('read every documented form as a UTC instant, whatever TZ the process has', () => {
    expect(iso('2025-01-01')).toBe('2025-01-01T00:00:00Z')
    expect(iso('2025-01-01T10:00')).toBe('2025-01-01T10:00:00Z')
    expect(iso('2025-01-01T10:00:00')).toBe('2025-01-01T10:00:00Z')
    expect(iso('2025-01-01T10:00:00.5')).toBe('2025-01-01T10:00:00.5Z')
    expect(iso('2025-01-01T10:00:00.123456789Z')).toBe('2025-01-01T10:00:00.123456789Z')
    expect(iso('2025-01-01T10:00:00+09:00')).toBe('2025-01-01T01:00:00Z')
    expect(iso('2025-01-01T10:00:00-0130')).toBe('2025-01-01T11:30:00Z')
    expect(iso('1735689600')).toBe('2025-01-01T00:00:00Z')
    expect(iso('0')).toBe('1970-01-01T00:00:00Z')
    expect(iso('2024-02-29')).toBe('2024-02-29T00:00:00Z')
    expect(iso('9999-12-31T23:59:59Z')).toBe('9999-12-31T23:59:59Z')
  })

  it('refuse values out of the calendar; leave other text unreadable', () => {
    for (const text of [
      '2025-13-01',
      '2025-00-10',
      '2023-02-29',
      '2025-04-31',
      '2025-01-01T24:00:00Z',
      '2025-01-01T10:60:00Z',
      '2025-01-01T10:00:60Z',
      '2025-01-01T10:00:00+24:00',
      '253402300800',
      '99999999999999999999',
      '9999-12-31T23:59:59-01:00'
    ]) {
      expect(readDate(text)).toEqual({ ok: false, reason: 'out-of-range' })
    }
    for (const text of ['', 'tomorrow', '2025/01/01', '01-01-2025', '2025-01-01 10:00:00', ' 2025-01-01', '-1', '1e9', '2025-01-01T10:00:00z']) {
      expect(readDate(text)).toEqual({ ok: false, reason: 'unreadable' })
    }
  })
})

describe('string values under the Version', () => {
  it('2012-10-17: variables are opaque; ${$} is "$"; ${*} and ${?} are literal in Equals, opaque in Like', () => {
    expect(isOpaque(readStringValue('${aws:username}', '2012-10-17', false))).toBe(true)
    expect(isOpaque(readStringValue("${aws:x, 'd'}", '2012-10-17', false))).toBe(true)
    expect(readStringValue('a${$}b', '2012-10-17', true)).toBe('a$b')
    expect(readStringValue('a${*}', '2012-10-17', false)).toBe('a*')
    expect(isOpaque(readStringValue('a${*}', '2012-10-17', true))).toBe(true)
    expect(isOpaque(readStringValue('a${', '2012-10-17', false))).toBe(true)
  })

  it('absent or 2008-10-17: ${…} is literal text; another Version is opaque', () => {
    expect(readStringValue('${aws:username}', null, false)).toBe('${aws:username}')
    expect(readStringValue('${aws:username}', '2008-10-17', true)).toBe('${aws:username}')
    expect(isOpaque(readStringValue('${aws:username}', '2012-10-08', false))).toBe(true)
    expect(readStringValue('no variables', '2012-10-08', false)).toBe('no variables')
  })

  it('opaque values differ by Version and are written back as read', () => {
    const variable = readStringValue('${aws:username}', '2012-10-17', false)
    const unknown = readStringValue('${aws:username}', '2012-10-08', false)
    expect(variable).not.toBe(unknown)
    expect(displayValue(variable)).toBe('${aws:username}')
    expect(valueFor2012(variable)).toBe('${aws:username}')
    // A literal "${x}" (Version absent) is written for 2012-10-17 with the escape.
    expect(valueFor2012(readStringValue('${x}', null, false))).toBe('${$}{x}')
    expect(readStringValue(valueFor2012('${x}'), '2012-10-17', false)).toBe('${x}')
    // A NUL cannot forge an opaque value.
    expect(isOpaque(readStringValue('\u0000var\u0000${x}', null, false))).toBe(true)
    expect(readStringValue('\u0000var\u0000${x}', null, false)).not.toBe(variable.replace('${aws:username}', '${x}'))
  })

  it('folds only A-Z', () => {
    expect(foldAscii('ABC-é-É-\u212a-K')).toBe('abc-é-É-\u212a-k')
  })
})

describe('JSON number literals', () => {
  it('keep their text; serialise as the number only when that keeps it', () => {
    const parsed = parseJsonExact('{"a": 12345678901234567890, "b": [1, -2.50, 1e2], "c": "12", "d": {"e": 3}}')
    if (!parsed.ok) throw new Error('invalid')
    const value = parsed.value as { a: JsonNumberText; b: JsonNumberText[]; c: string; d: { e: JsonNumberText } }
    expect(value.a).toBeInstanceOf(JsonNumberText)
    expect(value.a.text).toBe('12345678901234567890')
    expect(value.b.map((n) => n.text)).toEqual(['1', '-2.50', '1e2'])
    expect(value.c).toBe('12')
    expect(value.d.e.text).toBe('3')
    expect(JSON.stringify(value)).toBe('{"a":"12345678901234567890","b":[1,"-2.50","1e2"],"c":"12","d":{"e":3}}')
  })

  it('report syntax errors with their place, and leave strings with digits and escapes alone', () => {
    expect(parseJsonExact('{"a": 01}')).toMatchObject({ ok: false, error: { line: 1 } })
    const parsed = parseJsonExact('{"a\\"1": "x\\\\"}')
    expect(parsed).toEqual({ ok: true, value: { 'a"1': 'x\\' } })
  })
})
