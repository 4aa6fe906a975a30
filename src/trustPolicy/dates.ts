/**
 * Date values of DateX conditions, read the same on every machine: never through `Date.parse`,
 * whose reading of a date-time without a zone depends on the runner's TZ.
 *
 * Forms (those the IAM documentation shows, "ISO 8601 date or epoch (UNIX) time";
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html#Conditions_Date):
 * - `YYYY-MM-DD` (midnight UTC);
 * - `YYYY-MM-DDThh:mm`, `…:ss` and `…:ss.fffffffff`, with `Z`, `±hh:mm` or `±hhmm`, or without a
 *   zone, which is read as UTC;
 * - epoch seconds, `1735689600` or `1735689600.5`.
 * A value in one of these forms but outside the calendar (month 13, 31 April, hour 24, an epoch
 * past 9999-12-31T23:59:59Z) is out of range: an input error, not a guess.
 *
 * The exact instant is kept (nanoseconds); whether IAM compares at that precision or rounds to
 * milliseconds or seconds is not documented, so orderings are claimed only when they hold at every
 * one of those precisions (see orderedViews).
 */
import type { Decimal } from './decimal.js'

const ISO = /^(\d{4})-(\d{2})-(\d{2})(?:T(\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?(Z|[+-]\d{2}:?\d{2})?)?$/
const EPOCH = /^(\d+)(?:\.(\d{1,9}))?$/
/** 9999-12-31T23:59:59Z in epoch seconds; 0000-01-01T00:00:00Z. */
const LAST_SECOND = 253402300799n
const FIRST_SECOND = -62167219200n
const NANOS = 1_000_000_000n

export type DateReading = { ok: true; nanos: bigint } | { ok: false; reason: 'unreadable' | 'out-of-range' }

function daysInMonth(year: number, month: number): number {
  if (month === 2) return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0 ? 29 : 28
  return [4, 6, 9, 11].includes(month) ? 30 : 31
}

/** Days from 1970-01-01 to the given civil date (proleptic Gregorian; H. Hinnant's algorithm). */
function daysFromCivil(year: number, month: number, day: number): number {
  const y = month <= 2 ? year - 1 : year
  const era = Math.floor(y / 400)
  const yoe = y - era * 400
  const doy = Math.floor((153 * (month + (month > 2 ? -3 : 9)) + 2) / 5) + day - 1
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy
  return era * 146097 + doe - 719468
}

const fractionNanos = (fraction: string | undefined): bigint => (fraction ? BigInt(fraction.padEnd(9, '0')) : 0n)

/** The instant a date value names, in nanoseconds since the epoch (UTC). */
export function readDate(text: string): DateReading {
  const epoch = EPOCH.exec(text)
  // Four, seven or eight digits are also ISO 8601 basic forms (year, ordinal date, YYYYMMDD:
  // `20991231`), which IAM documents as accepted ("ISO 8601 date"): which reading IAM takes is not
  // documented, so such a value is unreadable (equal only to itself), never guessed.
  if (epoch && !epoch[2] && (text.length === 4 || text.length === 7 || text.length === 8)) return { ok: false, reason: 'unreadable' }
  if (epoch) {
    const seconds = BigInt(epoch[1] ?? '0')
    if (seconds > LAST_SECOND) return { ok: false, reason: 'out-of-range' }
    return { ok: true, nanos: seconds * NANOS + fractionNanos(epoch[2]) }
  }
  const iso = ISO.exec(text)
  if (!iso) return { ok: false, reason: 'unreadable' }
  const [, y = '', mo = '', d = '', h = '0', mi = '0', s = '0', fraction, zone] = iso
  const year = Number(y)
  const month = Number(mo)
  const day = Number(d)
  const hour = Number(h)
  const minute = Number(mi)
  const second = Number(s)
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month) || hour > 23 || minute > 59 || second > 59) {
    return { ok: false, reason: 'out-of-range' }
  }
  let offsetMinutes = 0
  if (zone && zone !== 'Z') {
    const digits = zone.replace(':', '')
    const zoneHours = Number(digits.slice(1, 3))
    const zoneMinutes = Number(digits.slice(3, 5))
    if (zoneHours > 23 || zoneMinutes > 59) return { ok: false, reason: 'out-of-range' }
    offsetMinutes = (zone.startsWith('-') ? -1 : 1) * (zoneHours * 60 + zoneMinutes)
  }
  const seconds = BigInt(daysFromCivil(year, month, day)) * 86400n + BigInt(hour * 3600 + minute * 60 + second) - BigInt(offsetMinutes * 60)
  if (seconds < FIRST_SECOND || seconds > LAST_SECOND) return { ok: false, reason: 'out-of-range' }
  return { ok: true, nanos: seconds * NANOS + fractionNanos(fraction) }
}

function floorDiv(a: bigint, b: bigint): bigint {
  const q = a / b
  return a % b !== 0n && a < 0n ? q - 1n : q
}

/** The canonical text of an instant: `YYYY-MM-DDThh:mm:ss[.f…]Z` in UTC. */
export function formatDate(nanos: bigint): string {
  const seconds = floorDiv(nanos, NANOS)
  const rest = nanos - seconds * NANOS
  const base = new Date(Number(seconds) * 1000).toISOString().slice(0, 19)
  const fraction = rest === 0n ? '' : `.${rest.toString().padStart(9, '0').replace(/0+$/, '')}`
  return `${base}${fraction}Z`
}

/** The instant as an exact decimal of seconds (for the shared ordered comparison). */
export function dateDecimal(nanos: bigint): Decimal {
  if (nanos === 0n) return { sign: 0, digits: 0n, exponent: 0 }
  let digits = nanos < 0n ? -nanos : nanos
  let exponent = -9
  while (digits % 10n === 0n) {
    digits /= 10n
    exponent++
  }
  return { sign: nanos < 0n ? -1 : 1, digits, exponent }
}

/** The instant at the coarser precisions IAM might compare at: milliseconds and seconds. */
export function dateCoarseViews(nanos: bigint): number[] {
  return [Number(floorDiv(nanos, 1_000_000n)), Number(floorDiv(nanos, NANOS))]
}
