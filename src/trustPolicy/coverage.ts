/**
 * Proving grants inside other grants: "every request this grant admits is admitted by one of
 * those grants". Sound: a false answer means "not proven", never "proven outside".
 */
import { conditionImplies, isSplittable, makeConditionWithClause } from './conditions.js'
import { globCovers, globMatch, hasWildcard } from './glob.js'
import type { Grant, PatternElement, PrincipalElement } from './policyModel.js'
import { principalElementCovers, principalValuesMayOverlap } from './principals.js'
import { isOpaque } from './stringValues.js'

/** `outer` admits every value `inner` admits; a value that depends on the request (a policy variable) only itself or `*`. */
function patternCovers(outer: string, inner: string): boolean {
  if (outer === inner || outer === '*') return true
  if (isOpaque(outer) || isOpaque(inner)) return false
  return globCovers(outer, inner)
}

/** Whether the pattern may match the literal or opaque value (true when unsure). */
function patternMayMatch(pattern: string, value: string): boolean {
  if (isOpaque(pattern) || isOpaque(value)) return true
  return globMatch(pattern, value)
}

/** Whether `inner` admits no action/resource outside `outer`; an absent element admits everything. */
export function patternElementCovers(outer: PatternElement | null, inner: PatternElement | null): boolean {
  if (outer === null) return true
  if (inner === null) return !outer.negated && outer.patterns.includes('*')
  if (!outer.negated && !inner.negated) return inner.patterns.every((p) => outer.patterns.some((q) => patternCovers(q, p)))
  if (outer.negated && inner.negated) return outer.patterns.every((q) => inner.patterns.some((p) => patternCovers(p, q)))
  if (outer.negated && !inner.negated) {
    // A literal value that no excluded pattern matches lies inside "everything but …".
    return inner.patterns.every((p) => !hasWildcard(p) && !isOpaque(p) && !outer.patterns.some((q) => patternMayMatch(q, p)))
  }
  return outer.patterns.includes('*')
}

function principalLookupKeys(element: PrincipalElement | null): string[] {
  if (element === null) return ['-']
  if (element.negated) return ['!']
  const value = element.values[0]
  if (!value) return []
  const keys = [value.key, '*']
  if (value.account && value.partition) keys.push(`AWS:account:${value.partition}:${value.account}`)
  if (value.sessionOf) keys.push(`role:${value.sessionOf}`)
  return keys
}

/**
 * The action part of an index key: a single literal action stands for itself; anything else
 * (a pattern, several actions, NotAction, no Action) goes under "*". A grant with a literal action
 * is covered only by grants with that very action or with one of the "*" kind, so a lookup reads
 * two small buckets instead of every grant of the principal.
 */
function actionSlot(element: PatternElement | null): string {
  if (element === null || element.negated || element.patterns.length !== 1) return '*'
  const only = element.patterns[0] as string
  return hasWildcard(only) ? '*' : `=${only}`
}

/** The grants of one effect of a policy, indexed for coverage questions. */
export class GrantIndex {
  private readonly keys = new Set<string>()
  /** principal key -> action slot -> grants. */
  private readonly buckets = new Map<string, Map<string, Grant[]>>()

  constructor(grants: Iterable<Grant>) {
    for (const grant of grants) {
      this.keys.add(grant.key)
      const principal = grant.principal
      const first = principal === null || principal.negated ? null : principal.values[0]
      const key = principal === null ? '-' : principal.negated ? '!' : (first?.key ?? '')
      const slot = actionSlot(grant.action)
      this.add(key, slot, grant)
      // A role's grants are also found from its sessions (whose ARNs do not show the role's path).
      if (first?.role) this.add(`role:${first.role}`, slot, grant)
    }
  }

  private add(principalKey: string, slot: string, grant: Grant): void {
    let bySlot = this.buckets.get(principalKey)
    if (!bySlot) this.buckets.set(principalKey, (bySlot = new Map<string, Grant[]>()))
    const bucket = bySlot.get(slot)
    if (bucket) bucket.push(grant)
    else bySlot.set(slot, [grant])
  }

  has(grant: Grant): boolean {
    return this.keys.has(grant.key)
  }

  /** Grants whose principal, action and resource contain the given grant's (conditions not checked). */
  private candidates(grant: Grant, skip?: (candidate: Grant) => boolean): Grant[] {
    const found: Grant[] = []
    let seen: Set<Grant> | undefined
    const slot = actionSlot(grant.action)
    const keys = principalLookupKeys(grant.principal)
    keys.push('!')
    for (let k = 0; k < keys.length; k++) {
      const principalKey = keys[k] as string
      if (keys.indexOf(principalKey) !== k) continue
      const bySlot = this.buckets.get(principalKey)
      if (!bySlot) continue
      for (const bucket of slot === '*' ? [bySlot.get('*')] : [bySlot.get(slot), bySlot.get('*')]) {
        for (const candidate of bucket ?? []) {
          if (candidate.effect !== grant.effect || (found.length > 0 && (seen ??= new Set(found)).has(candidate)) || skip?.(candidate)) continue
          if (!principalElementCovers(candidate.principal, grant.principal)) continue
          if (!patternElementCovers(candidate.action, grant.action)) continue
          if (!patternElementCovers(candidate.resource, grant.resource)) continue
          found.push(candidate)
          seen?.add(candidate)
        }
      }
    }
    return found
  }

  /** Whether every request `grant` admits is admitted by some grant of this index (or a union over one condition's values). */
  covers(grant: Grant, skip?: (candidate: Grant) => boolean): boolean {
    if (!skip && this.keys.has(grant.key)) return true
    const candidates = this.candidates(grant, skip)
    if (candidates.some((candidate) => conditionImplies(grant.condition, candidate.condition))) return true
    if (candidates.length < 2) return false
    // A condition value list spread over several grants: every value inside one of them.
    return grant.condition.clauses.some(
      (clause) =>
        isSplittable(clause) &&
        clause.values.every((value) => {
          const narrowed = makeConditionWithClause(grant.condition, clause, value)
          return candidates.some((candidate) => conditionImplies(narrowed, candidate.condition))
        })
    )
  }
}

/**
 * The grants without those inside other grants of the same effect (the union stays the same):
 * `{"AWS": "*"}` next to `ec2.amazonaws.com` says nothing more than `*`. A grant is dropped only
 * when grants still kept cover it, so mutual coverage keeps one of them.
 */
export function withoutRedundantGrants(grants: Grant[]): Grant[] {
  const dropped = new Set<Grant>()
  for (const effect of ['Allow', 'Deny'] as const) {
    const ofEffect = grants.filter((grant) => grant.effect === effect)
    const index = new GrantIndex(ofEffect)
    for (const grant of ofEffect) {
      if (index.covers(grant, (candidate) => candidate === grant || dropped.has(candidate))) dropped.add(grant)
    }
  }
  return grants.filter((grant) => !dropped.has(grant))
}

/** Text beyond ASCII: whether IAM folds its case (actions) is not documented, so it may meet anything. */
// eslint-disable-next-line no-control-regex -- the range starts at U+0000 on purpose: everything outside ASCII
const NON_ASCII = /[^\u0000-\u007f]/

function patternsMayOverlap(a: PatternElement | null, b: PatternElement | null): boolean {
  if (a === null || b === null || a.negated || b.negated) return true
  return a.patterns.some((p) =>
    b.patterns.some(
      (q) =>
        isOpaque(p) ||
        isOpaque(q) ||
        NON_ASCII.test(p) ||
        NON_ASCII.test(q) ||
        (hasWildcard(p) && hasWildcard(q)) ||
        (hasWildcard(p) ? globMatch(p, q) : hasWildcard(q) ? globMatch(q, p) : p === q)
    )
  )
}

/**
 * Grants indexed for "may some request match both this grant and one of those": grouped by their
 * principal, each group's single literal actions in a set (grants without a Resource), the other
 * grants with one literal action by that action, and the rest in a list, so a question costs about
 * the number of distinct principals and actions rather than the number of grants (a Deny-heavy
 * 70 x 70 x 70 pair once took 38 s of CPU scanning every grant for every lost Deny).
 */
export class OverlapIndex {
  private readonly groups = new Map<
    string,
    { principal: PrincipalElement | null; literalActions: Set<string>; byAction: Map<string, Grant[]>; others: Grant[] }
  >()

  constructor(grants: Iterable<Grant>) {
    for (const grant of grants) {
      const key = principalElementKeyOf(grant.principal)
      let group = this.groups.get(key)
      if (!group) {
        group = { principal: grant.principal, literalActions: new Set(), byAction: new Map(), others: [] }
        this.groups.set(key, group)
      }
      const slot = actionSlot(grant.action)
      const literal = slot !== '*' && !NON_ASCII.test(slot)
      // Without a Resource, a literal-action grant meets every grant with that action on the resource.
      if (literal && grant.resource === null) group.literalActions.add(slot.slice(1))
      else if (literal) {
        const bucket = group.byAction.get(slot.slice(1))
        if (bucket) bucket.push(grant)
        else group.byAction.set(slot.slice(1), [grant])
      } else group.others.push(grant)
    }
  }

  /** Whether some indexed grant may meet `grant` (over-approximated: true when unsure). */
  meets(grant: Grant): boolean {
    const slot = actionSlot(grant.action)
    const anyAction = grant.action === null || grant.action.negated || grant.action.patterns.some((pattern) => NON_ASCII.test(pattern))
    const action = grant.action
    // Which literal actions `grant` may have: all (anyAction), its own, or those its patterns match.
    const mayHave = (literal: string): boolean =>
      anyAction || action === null || (slot !== '*' ? slot.slice(1) === literal : action.patterns.some((pattern) => globMatch(pattern, literal)))
    const meetsGrant = (other: Grant): boolean => grantsMayOverlap(other, grant)
    for (const group of this.groups.values()) {
      if (!principalsMayOverlap(group.principal, grant.principal)) continue
      if (group.others.some(meetsGrant)) return true
      if (slot !== '*' && !anyAction) {
        const literal = slot.slice(1)
        if (group.literalActions.has(literal) || group.byAction.get(literal)?.some(meetsGrant)) return true
        continue
      }
      for (const [literal, bucket] of group.byAction) if (mayHave(literal) && bucket.some(meetsGrant)) return true
      if (group.literalActions.size === 0) continue
      if (action === null || anyAction) return true
      for (const literal of group.literalActions) if (action.patterns.some((pattern) => globMatch(pattern, literal))) return true
    }
    return false
  }
}

function principalElementKeyOf(element: PrincipalElement | null): string {
  if (element === null) return '-'
  return `${element.negated ? '!' : ''}${JSON.stringify(element.values.map((value) => value.key))}`
}

function principalsMayOverlap(pa: PrincipalElement | null, pb: PrincipalElement | null): boolean {
  return pa === null || pb === null || pa.negated || pb.negated || pa.values.some((x) => pb.values.some((y) => principalValuesMayOverlap(x, y)))
}

/** Whether some request may match both grants' principal, action and resource (over-approximated: true when unsure). */
export function grantsMayOverlap(a: Grant, b: Grant): boolean {
  return principalsMayOverlap(a.principal, b.principal) && patternsMayOverlap(a.action, b.action) && patternsMayOverlap(a.resource, b.resource)
}
