/**
 * Exact decimal numbers for NumericX conditions. IAM compares a condition value as its text, and
 * whether it reads that text as an exact decimal or as a double is not documented: the comparison
 * keeps the exact value and the double beside it and claims an ordering only when both readings
 * agree, so a verdict holds whichever reading IAM uses.
 */

export interface Decimal {
  /** value = sign × digits × 10^exponent; digits has no trailing zero (0 has digits 0n, sign 0). */
  sign: -1 | 0 | 1
  digits: bigint
  exponent: number
}

/** The forms accepted as numbers: an optional sign, digits, an optional fraction and exponent (JSON's forms and a few more). */
const NUMBER = /^([+-]?)(\d+)(?:\.(\d+))?(?:[eE]([+-]?\d+))?$/
/** Beyond this many significant digits or this exponent, a value is refused: no policy needs it, and it bounds the work. */
export const MAX_SIGNIFICANT_DIGITS = 100
export const MAX_EXPONENT = 308

export type DecimalReading = { ok: true; value: Decimal } | { ok: false; reason: 'unreadable' | 'out-of-range' }

export function readDecimal(text: string): DecimalReading {
  const match = NUMBER.exec(text)
  if (!match) return { ok: false, reason: 'unreadable' }
  const [, signText = '', whole = '', fraction = '', exponentText = '0'] = match
  if (exponentText.replace(/^[+-]?0*/, '').length > 6) return { ok: false, reason: 'out-of-range' }
  let digitsText = (whole + fraction).replace(/^0+/, '')
  let exponent = Number(exponentText) - fraction.length
  if (digitsText === '') return { ok: true, value: { sign: 0, digits: 0n, exponent: 0 } }
  const trailing = digitsText.length - digitsText.replace(/0+$/, '').length
  digitsText = digitsText.slice(0, digitsText.length - trailing)
  exponent += trailing
  const magnitude = exponent + digitsText.length - 1
  if (digitsText.length > MAX_SIGNIFICANT_DIGITS || Math.abs(magnitude) > MAX_EXPONENT) return { ok: false, reason: 'out-of-range' }
  return { ok: true, value: { sign: signText === '-' ? -1 : 1, digits: BigInt(digitsText), exponent } }
}

/** -1, 0 or 1: the exact order of two decimals. */
export function compareDecimal(a: Decimal, b: Decimal): number {
  if (a.sign !== b.sign) return a.sign < b.sign ? -1 : 1
  if (a.sign === 0) return 0
  const shift = a.exponent - b.exponent
  const left = shift > 0 ? a.digits * 10n ** BigInt(shift) : a.digits
  const right = shift < 0 ? b.digits * 10n ** BigInt(-shift) : b.digits
  const magnitude = left < right ? -1 : left > right ? 1 : 0
  return magnitude === 0 ? 0 : a.sign * magnitude
}

/** The plain decimal text of a value ("1e3" and "1000.0" -> "1000", "-0" -> "0"): the canonical form. */
export function formatDecimal(value: Decimal): string {
  if (value.sign === 0) return '0'
  const digits = value.digits.toString()
  let text: string
  if (value.exponent >= 0) text = digits + '0'.repeat(value.exponent)
  else {
    const point = digits.length + value.exponent
    text = point > 0 ? `${digits.slice(0, point)}.${digits.slice(point)}` : `0.${'0'.repeat(-point)}${digits}`
  }
  return value.sign < 0 ? `-${text}` : text
}
