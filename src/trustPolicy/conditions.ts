/**
 * Condition operators: their table, canonical values, and a sound implication test between
 * clauses ("whenever clause A holds, clause B holds"), used to prove one grant inside another.
 */
import { globCovers, globMatch, hasWildcard, PatternSet } from './glob.js'
import { cidrContains, formatCidr, parseCidr, type Cidr } from './ip.js'
import { dateCoarseViews, dateDecimal, formatDate, readDate } from './dates.js'
import { compareDecimal, formatDecimal, readDecimal, type Decimal } from './decimal.js'
import type { Condition, ConditionClause, ConditionFamily, ConditionTest, SetQualifier } from './policyModel.js'
import { foldAscii, hasCasedLetters, isOpaque, readStringValue, type PolicyVersion } from './stringValues.js'

interface OperatorSpec {
  name: string
  family: ConditionFamily
  test: ConditionTest
  negated: boolean
  ignoreCase: boolean
}

const SPECS: OperatorSpec[] = []
function define(name: string, family: ConditionFamily, test: ConditionTest, negated = false, ignoreCase = false, canonical = name): void {
  SPECS.push({ name, family, test, negated, ignoreCase })
  CANONICAL_NAME.set(name.toLowerCase(), canonical)
}
const CANONICAL_NAME = new Map<string, string>()

define('StringEquals', 'string', 'equals')
define('StringNotEquals', 'string', 'equals', true)
define('StringEqualsIgnoreCase', 'string', 'equals', false, true)
define('StringNotEqualsIgnoreCase', 'string', 'equals', true, true)
define('StringLike', 'string', 'like')
define('StringNotLike', 'string', 'like', true)
for (const family of ['Numeric', 'Date'] as const) {
  const lower = family === 'Numeric' ? 'numeric' : 'date'
  define(`${family}Equals`, lower, 'equals')
  define(`${family}NotEquals`, lower, 'equals', true)
  define(`${family}LessThan`, lower, 'lt')
  define(`${family}LessThanEquals`, lower, 'lte')
  define(`${family}GreaterThan`, lower, 'gt')
  define(`${family}GreaterThanEquals`, lower, 'gte')
}
define('Bool', 'bool', 'equals')
define('BinaryEquals', 'binary', 'equals')
define('IpAddress', 'ip', 'in-cidr')
define('NotIpAddress', 'ip', 'in-cidr', true)
// The IAM documentation gives ArnEquals and ArnLike (and their negations) the same behaviour.
define('ArnLike', 'arn', 'like')
define('ArnEquals', 'arn', 'like', false, false, 'ArnLike')
define('ArnNotLike', 'arn', 'like', true)
define('ArnNotEquals', 'arn', 'like', true, false, 'ArnNotLike')
define('Null', 'null', 'null')

const SPEC_BY_NAME = new Map(SPECS.map((spec) => [spec.name.toLowerCase(), spec]))

export interface OperatorInfo extends OperatorSpec {
  qualifier: SetQualifier | null
  ifExists: boolean
  canonical: string
}

/** Reads `ForAnyValue:StringLikeIfExists` and friends (case-insensitively, A-Z); null when IAM knows no such operator. */
export function readOperator(written: string): OperatorInfo | null {
  let rest = written
  let qualifier: SetQualifier | null = null
  const colon = rest.indexOf(':')
  if (colon >= 0) {
    const prefix = foldAscii(rest.slice(0, colon))
    if (prefix === 'foranyvalue') qualifier = 'ForAnyValue'
    else if (prefix === 'forallvalues') qualifier = 'ForAllValues'
    else return null
    rest = rest.slice(colon + 1)
  }
  let ifExists = false
  if (foldAscii(rest).endsWith('ifexists')) {
    ifExists = true
    rest = rest.slice(0, -'ifexists'.length)
  }
  // Folded A-Z only: `ArnLi\u212Ae` (Kelvin sign) is no operator IAM knows, not ArnLike.
  const spec = SPEC_BY_NAME.get(foldAscii(rest))
  if (!spec || (ifExists && spec.family === 'null')) return null
  return { ...spec, qualifier, ifExists, canonical: CANONICAL_NAME.get(spec.name.toLowerCase()) ?? spec.name }
}

export type ValueReading = { ok: true; value: string } | { ok: false; reason: 'unreadable' | 'out-of-range' }

/**
 * The canonical form of one condition value under an operator: numbers as exact decimal text,
 * dates as UTC instants, strings and ARNs as read under the policy's Version (stringValues.ts),
 * …IgnoreCase values folded (A-Z only). Unreadable values are kept as written by the caller.
 */
export function canonicalValue(family: ConditionFamily, test: ConditionTest, ignoreCase: boolean, raw: string, version: PolicyVersion): ValueReading {
  switch (family) {
    case 'string': {
      const value = readStringValue(raw, version, test === 'like')
      return { ok: true, value: ignoreCase && !isOpaque(value) ? foldAscii(value) : value }
    }
    case 'arn':
      return { ok: true, value: readStringValue(raw, version, true) }
    case 'numeric': {
      const reading = readDecimal(raw)
      return reading.ok ? { ok: true, value: formatDecimal(reading.value) } : reading
    }
    case 'date': {
      const reading = readDate(raw)
      return reading.ok ? { ok: true, value: formatDate(reading.nanos) } : reading
    }
    case 'bool':
    case 'null': {
      const lower = raw.toLowerCase()
      return lower === 'true' || lower === 'false' ? { ok: true, value: lower } : { ok: false, reason: 'unreadable' }
    }
    case 'ip': {
      const cidr = raw === raw.trim() ? parseCidr(raw) : null
      return cidr ? { ok: true, value: formatCidr(cidr) } : { ok: false, reason: 'unreadable' }
    }
    default:
      return { ok: true, value: raw }
  }
}

/** An ordered value (number or date): exact, and at the coarser readings IAM might use instead. */
interface Ordered {
  exact: Decimal
  coarse: number[]
}

function orderedValue(family: ConditionFamily, canonical: string): Ordered | null {
  if (family === 'date') {
    const reading = readDate(canonical)
    return reading.ok ? { exact: dateDecimal(reading.nanos), coarse: dateCoarseViews(reading.nanos) } : null
  }
  const reading = readDecimal(canonical)
  return reading.ok ? { exact: reading.value, coarse: [Number(canonical)] } : null
}

/** a <= x under every reading (the coarse readings are monotone, so the exact one decides). */
const atMost = (a: Ordered, x: Ordered): boolean => compareDecimal(a.exact, x.exact) <= 0
/** a < x under every reading: exact and each coarse reading. */
const below = (a: Ordered, x: Ordered): boolean => compareDecimal(a.exact, x.exact) < 0 && a.coarse.every((value, i) => value < (x.coarse[i] ?? -Infinity))

export function clauseSignature(clause: Omit<ConditionClause, 'signature' | 'valueSet'>): string {
  return JSON.stringify([clause.qualifier ?? '', clause.operator, clause.ifExists, clause.key, clause.values])
}

export function makeCondition(clauses: ConditionClause[]): Condition {
  const sorted = [...clauses].sort((a, b) => (a.signature < b.signature ? -1 : a.signature > b.signature ? 1 : 0))
  const unique = sorted.filter((clause, i) => i === 0 || sorted[i - 1]?.signature !== clause.signature)
  return { clauses: unique, key: unique.map((clause) => clause.signature).join('&') }
}

/** Splits an ARN into its six colon-separated components (the resource part keeps its colons). */
function arnComponents(arn: string): string[] {
  const parts = arn.split(':')
  if (parts.length <= 6) return parts
  return [...parts.slice(0, 5), parts.slice(5).join(':')]
}

/** ArnLike: each of the six components is matched separately. */
export function arnLikeMatch(pattern: string, value: string): boolean {
  const p = arnComponents(pattern)
  const v = arnComponents(value)
  return p.length === v.length && p.every((part, i) => globMatch(part, v[i] ?? ''))
}

function arnLikeCovers(outer: string, inner: string): boolean {
  const o = arnComponents(outer)
  const i = arnComponents(inner)
  return o.length === i.length && o.every((part, k) => globCovers(part, i[k] ?? ''))
}

/** Indexes a clause's values for "is this value inside" questions; built once per clause. */
class ClauseIndex {
  private patternSet: PatternSet | null = null
  private cidrs: Cidr[] | null = null
  constructor(readonly clause: ConditionClause) {}

  get patterns(): PatternSet {
    this.patternSet ??= new PatternSet(this.clause.values)
    return this.patternSet
  }

  get cidrList(): Cidr[] {
    this.cidrs ??= this.clause.values.map((value) => parseCidr(value)).filter((cidr): cidr is Cidr => cidr !== null)
    return this.cidrs
  }
}

const indexes = new WeakMap<ConditionClause, ClauseIndex>()
function indexOf(clause: ConditionClause): ClauseIndex {
  let index = indexes.get(clause)
  if (!index) {
    index = new ClauseIndex(clause)
    indexes.set(clause, index)
  }
  return index
}

/**
 * Whether every request value that the positive test of `inner` admits for `value` is admitted by
 * the positive test of `outer` for one of its values (same family). Sound; false when unsure.
 */
function valueInside(inner: ConditionClause, value: string, outer: ConditionClause): boolean {
  if (inner.family !== outer.family) return false
  const outerIndex = indexOf(outer)
  switch (inner.family) {
    case 'string': {
      // A value that depends on the request is inside only the same value (same test) or a bare `*`.
      if (isOpaque(value))
        return (
          (outer.test === inner.test && outer.ignoreCase === inner.ignoreCase && outer.valueSet.has(value)) ||
          (outer.test === 'like' && outer.valueSet.has('*'))
        )
      // The set of strings the inner value admits, then whether the outer admits all of them.
      const literal = inner.test === 'equals' || !hasWildcard(value)
      if (inner.ignoreCase && hasCasedLetters(value)) {
        // Every case variant of value.
        if (outer.test === 'equals' && outer.ignoreCase) return outer.valueSet.has(value)
        if (outer.test === 'like') return outer.valueSet.has('*')
        return false
      }
      if (literal) {
        if (outer.test === 'equals') return outer.valueSet.has(outer.ignoreCase ? foldAscii(value) : value)
        return outerIndex.patterns.matches(value)
      }
      if (outer.test === 'like') return outerIndex.patterns.covers(value)
      return false
    }
    case 'arn':
      if (outer.valueSet.has(value)) return true
      // A value that depends on the request is inside only the same value.
      if (isOpaque(value)) return false
      return outer.values.some((pattern) => (hasWildcard(value) ? arnLikeCovers(pattern, value) : arnLikeMatch(pattern, value)))
    case 'numeric':
    case 'date':
      return orderedInside(inner.family, inner.test, value, outer)
    case 'ip': {
      const cidr = parseCidr(value)
      return cidr !== null && outerIndex.cidrList.some((candidate) => cidrContains(candidate, cidr))
    }
    default:
      return outer.valueSet.has(value)
  }
}

function orderedInside(family: ConditionFamily, test: ConditionTest, value: string, outer: ConditionClause): boolean {
  const a = orderedValue(family, value)
  if (a === null) return outer.test === test && outer.valueSet.has(value)
  return outer.values.some((raw) => {
    const x = orderedValue(family, raw)
    if (x === null) return false
    switch (test) {
      case 'equals':
        // Every request equal to a: inside when a itself passes the outer test, at every reading.
        if (outer.test === 'equals') return compareDecimal(a.exact, x.exact) === 0
        if (outer.test === 'lt') return below(a, x)
        if (outer.test === 'lte') return atMost(a, x)
        if (outer.test === 'gt') return below(x, a)
        if (outer.test === 'gte') return atMost(x, a)
        return false
      case 'lt':
        return (outer.test === 'lt' || outer.test === 'lte') && atMost(a, x)
      case 'lte':
        return (outer.test === 'lte' && atMost(a, x)) || (outer.test === 'lt' && below(a, x))
      case 'gt':
        return (outer.test === 'gt' || outer.test === 'gte') && atMost(x, a)
      case 'gte':
        return (outer.test === 'gte' && atMost(x, a)) || (outer.test === 'gt' && below(x, a))
      default:
        return false
    }
  })
}

/** Whether the positive test of `inner` admits only requests the positive test of `outer` admits. */
function valuesInside(inner: ConditionClause, outer: ConditionClause): boolean {
  if (inner.values.length === 0) return false
  return inner.values.every((value) => valueInside(inner, value, outer))
}

/**
 * Whether `inner` holding implies `outer` holding, for every request (sound; false when unsure).
 * Same key and same set qualifier are required; IfExists may only be added on the outer side.
 */
export function clauseImplies(inner: ConditionClause, outer: ConditionClause): boolean {
  if (inner.signature === outer.signature) return true
  if (inner.key !== outer.key || inner.qualifier !== outer.qualifier || inner.negated !== outer.negated) return false
  if (inner.family === 'null' || outer.family === 'null') {
    return inner.family === outer.family && inner.values.every((value) => outer.valueSet.has(value))
  }
  if (inner.qualifier !== null && inner.ifExists !== outer.ifExists) return false
  if (inner.negated) {
    // "no inner value matches" implies "no outer value matches" when outer's matches ⊆ inner's matches.
    if (inner.ifExists && !outer.ifExists && inner.qualifier !== null) return false
    return outer.values.length > 0 && valuesInside(outer, inner)
  }
  if (inner.ifExists && !outer.ifExists) return false
  return valuesInside(inner, outer)
}

/** Whether every request satisfying `inner` satisfies `outer`: each outer clause implied by some inner clause. */
export function conditionImplies(inner: Condition, outer: Condition): boolean {
  if (outer.clauses.length === 0 || inner.key === outer.key) return true
  const byKey = new Map<string, ConditionClause[]>()
  for (const clause of inner.clauses) {
    const list = byKey.get(clause.key)
    if (list) list.push(clause)
    else byKey.set(clause.key, [clause])
  }
  return outer.clauses.every((required) => (byKey.get(required.key) ?? []).some((clause) => clauseImplies(clause, required)))
}

/** Whether a clause can be split into one clause per value (its values are OR'ed, on their own). */
export function isSplittable(clause: ConditionClause): boolean {
  return !clause.negated && clause.qualifier === null && clause.family !== 'null' && clause.values.length > 1
}

export function withValues(clause: ConditionClause, values: string[]): ConditionClause {
  const base = { ...clause, values }
  return { ...base, valueSet: new Set(values), signature: clauseSignature(base) }
}

export function describeOperator(clause: Pick<ConditionClause, 'qualifier' | 'operator' | 'ifExists'>): string {
  return `${clause.qualifier ? `${clause.qualifier}:` : ''}${clause.operator}${clause.ifExists ? 'IfExists' : ''}`
}

/** The condition with one clause narrowed to a single value. */
export function makeConditionWithClause(condition: Condition, clause: ConditionClause, value: string): Condition {
  return makeCondition(condition.clauses.map((c) => (c === clause ? withValues(clause, [value]) : c)))
}
