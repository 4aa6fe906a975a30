/**
 * Condition operators: their table, canonical values, and a sound implication test between
 * clauses ("whenever clause A holds, clause B holds"), used to prove one grant inside another.
 */
import { globCovers, globMatch, hasWildcard, PatternSet } from './glob.js'
import { cidrContains, formatCidr, parseCidr, type Cidr } from './ip.js'
import type { Condition, ConditionClause, ConditionFamily, ConditionTest, SetQualifier } from './model.js'

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

/** Reads `ForAnyValue:StringLikeIfExists` and friends (case-insensitively); null when IAM knows no such operator. */
export function readOperator(written: string): OperatorInfo | null {
  let rest = written.trim()
  let qualifier: SetQualifier | null = null
  const colon = rest.indexOf(':')
  if (colon >= 0) {
    const prefix = rest.slice(0, colon).toLowerCase()
    if (prefix === 'foranyvalue') qualifier = 'ForAnyValue'
    else if (prefix === 'forallvalues') qualifier = 'ForAllValues'
    else return null
    rest = rest.slice(colon + 1)
  }
  let ifExists = false
  if (rest.toLowerCase().endsWith('ifexists')) {
    ifExists = true
    rest = rest.slice(0, -'ifexists'.length)
  }
  const spec = SPEC_BY_NAME.get(rest.toLowerCase())
  if (!spec || (ifExists && spec.family === 'null')) return null
  return { ...spec, qualifier, ifExists, canonical: CANONICAL_NAME.get(spec.name.toLowerCase()) ?? spec.name }
}

/** Milliseconds since the epoch for an ISO 8601 date or epoch seconds; null when unreadable. */
export function parseDateValue(text: string): number | null {
  if (/^-?\d+(\.\d+)?$/.test(text.trim())) return Number(text) * 1000
  const ms = Date.parse(text)
  return Number.isNaN(ms) ? null : ms
}

/** The canonical form of one condition value under an operator family; null when the value is unreadable. */
export function canonicalValue(family: ConditionFamily, ignoreCase: boolean, raw: string): string | null {
  switch (family) {
    case 'string':
      return ignoreCase ? raw.toLowerCase() : raw
    case 'numeric': {
      if (raw.trim() === '' || Number.isNaN(Number(raw))) return null
      return String(Number(raw))
    }
    case 'date': {
      const ms = parseDateValue(raw)
      return ms === null ? null : new Date(ms).toISOString()
    }
    case 'bool':
    case 'null': {
      const lower = raw.toLowerCase()
      return lower === 'true' || lower === 'false' ? lower : null
    }
    case 'ip': {
      const cidr = parseCidr(raw)
      return cidr ? formatCidr(cidr) : null
    }
    default:
      return raw
  }
}

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

function hasCasedLetters(text: string): boolean {
  return text.toLowerCase() !== text.toUpperCase()
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
      // The set of strings the inner value admits, then whether the outer admits all of them.
      const literal = inner.test === 'equals' || !hasWildcard(value)
      if (inner.ignoreCase && hasCasedLetters(value)) {
        // Every case variant of value.
        if (outer.test === 'equals' && outer.ignoreCase) return outer.valueSet.has(value)
        if (outer.test === 'like') return outer.valueSet.has('*')
        return false
      }
      if (literal) {
        if (outer.test === 'equals') return outer.valueSet.has(outer.ignoreCase ? value.toLowerCase() : value)
        return outerIndex.patterns.matches(value)
      }
      if (outer.test === 'like') return outerIndex.patterns.covers(value)
      return false
    }
    case 'arn':
      if (outer.valueSet.has(value)) return true
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

function toNumber(family: ConditionFamily, value: string): number | null {
  if (family === 'date') return parseDateValue(value)
  const n = Number(value)
  return Number.isNaN(n) ? null : n
}

function orderedInside(family: ConditionFamily, test: ConditionTest, value: string, outer: ConditionClause): boolean {
  const a = toNumber(family, value)
  if (a === null) return outer.test === test && outer.valueSet.has(value)
  return outer.values.some((raw) => {
    const x = toNumber(family, raw)
    if (x === null) return false
    switch (test) {
      case 'equals':
        return compareOrdered(outer.test, a, x)
      case 'lt':
        return (outer.test === 'lt' || outer.test === 'lte') && a <= x
      case 'lte':
        return (outer.test === 'lte' && a <= x) || (outer.test === 'lt' && a < x)
      case 'gt':
        return (outer.test === 'gt' || outer.test === 'gte') && a >= x
      case 'gte':
        return (outer.test === 'gte' && a >= x) || (outer.test === 'gt' && a > x)
      default:
        return false
    }
  })
}

/** The positive ordered test `request <test> policyValue`. */
export function compareOrdered(test: ConditionTest, request: number, policy: number): boolean {
  switch (test) {
    case 'equals':
      return request === policy
    case 'lt':
      return request < policy
    case 'lte':
      return request <= policy
    case 'gt':
      return request > policy
    case 'gte':
      return request >= policy
    default:
      return false
  }
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
