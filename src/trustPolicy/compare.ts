/**
 * comparePolicies: what changes between two policies, at the level of grants, and whether the
 * new one may allow a request the old one denies (`widens`, sound: never false when it may).
 *
 * widens is false only when (1) every Allow grant of NEW is proven inside some Allow grant of OLD
 * (or a union of them over one condition's values) and (2) every Deny grant of OLD is proven
 * inside some Deny grant of NEW. Then a request NEW allows matches an OLD Allow and no OLD Deny.
 */
import type { PolicyChange } from './policyChange.js'
import { conditionImplies, describeOperator, makeCondition, withValues } from './conditions.js'
import { GrantIndex, OverlapIndex, withoutRedundantGrants } from './coverage.js'
import { describeClause, describeCondition, describePatterns, describePrincipal, describeSubject, formatValues } from './describe.js'
import { policyGrants } from './grants.js'
import type { Condition, ConditionClause, Grant, ParsedPolicy, PrincipalValue } from './policyModel.js'
import { principalCovers, principalElementKey } from './principals.js'
import { groupBy, type NonEmpty } from '../common/groupBy.js'

export interface PolicyComparison {
  widens: boolean
  changes: PolicyChange[]
}

interface Draft {
  kind: string
  text: string
  /** Grants of NEW this change adds, or of OLD it removes. */
  added: Grant[]
  removed: Grant[]
  subjects: string[]
  /** Whether this change alone widens, when that can be told apart from the grant's other changes. */
  alone?: boolean
  /** Why the change widens when it does on its own, if plainer than "not provably implied". */
  plainReason?: string
}

const KIND_ORDER = [
  'principal-added',
  'action-added',
  'statement-added',
  'condition-removed',
  'condition-values-added',
  'condition-changed',
  'condition-added',
  'condition-values-removed',
  'deny-removed',
  'deny-added',
  'action-removed',
  'principal-narrowed',
  'principal-removed',
  'statement-removed',
  'unproven'
]

const whenText = (condition: Condition): string => (condition.clauses.length ? ` when ${describeCondition(condition)}` : '')

/** Grants of one principal with the same effect, resource and condition: one line of a change. */
const grantGroupKey = (g: Grant): string =>
  `${g.effect}|${principalElementKey(g.principal)}|${g.resource ? describePatterns(g.resource) : ''}|${g.condition.key}`

/** Grants whose subject (principal, action, resource) appears only on one side. */
function grantChanges(grants: Grant[], side: 'added' | 'removed', otherPrincipals: Set<string>): Draft[] {
  const drafts: Draft[] = []
  const groups = groupBy(grants, grantGroupKey)
  for (const group of groups.values()) {
    const first = group[0]
    const actions = group.map((g) => describePatterns(g.action)).join(', ')
    const resource = first.resource ? ` on ${describePatterns(first.resource)}` : ''
    const principal = describePrincipal(first)
    let kind: string
    let text: string
    if (first.effect === 'Deny') {
      kind = side === 'added' ? 'deny-added' : 'deny-removed'
      text = `deny ${side}: ${principal} (${actions})${resource}${whenText(first.condition)}`
    } else if (first.principal?.negated || first.action?.negated || first.resource?.negated) {
      kind = side === 'added' ? 'statement-added' : 'statement-removed'
      text = `statement ${side}: ${principal} (${actions})${resource}${whenText(first.condition)}`
    } else if (otherPrincipals.has(`${first.effect}|${principalElementKey(first.principal)}`)) {
      kind = side === 'added' ? 'action-added' : 'action-removed'
      text = `action ${side}: ${actions} for ${principal}${resource}${whenText(first.condition)}`
    } else {
      kind = side === 'added' ? 'principal-added' : 'principal-removed'
      text = `principal ${side}: ${principal} (${actions})${resource}${whenText(first.condition)}`
    }
    drafts.push({ kind, text, added: side === 'added' ? group : [], removed: side === 'removed' ? group : [], subjects: [] })
  }
  return drafts
}

const singlePrincipal = (g: Grant): PrincipalValue | null =>
  g.principal && !g.principal.negated && g.principal.values.length === 1 ? (g.principal.values[0] ?? null) : null
const actionsKey = (grants: Grant[]): string =>
  JSON.stringify(grants.map((g) => `${g.action?.negated ? '!' : ''}${g.action?.patterns.join(',') ?? '-'}`).sort())

/**
 * A principal replaced by a narrower one with the same actions, resource and condition (an
 * account's root by one of its roles): one "principal narrowed" change instead of an added and a
 * removed principal. Returns the drafts and the grants left for grantChanges.
 */
function narrowedPrincipals(added: Grant[], removed: Grant[]): { drafts: Draft[]; added: Grant[]; removed: Grant[] } {
  // Groups are matched on everything but the principal through one key, computed once per group.
  const shapeOf = (group: NonEmpty<Grant>): string => {
    const first = group[0]
    return `${first.effect}|${first.condition.key}|${first.resource ? describePatterns(first.resource) : ''}|${actionsKey(group)}`
  }
  const removedByShape = groupBy(
    [...groupBy(removed, grantGroupKey).values()].filter((group) => singlePrincipal(group[0]) !== null),
    shapeOf
  )
  const narrowings = new Map<NonEmpty<Grant>, NonEmpty<Grant>[]>()
  for (const group of groupBy(added, grantGroupKey).values()) {
    const inner = singlePrincipal(group[0])
    if (!inner) continue
    const outer = (removedByShape.get(shapeOf(group)) ?? []).find((candidate) => {
      const value = singlePrincipal(candidate[0])
      return value !== null && value.key !== inner.key && principalCovers(value, inner)
    })
    if (outer) narrowings.set(outer, [...(narrowings.get(outer) ?? []), group])
  }
  const drafts: Draft[] = []
  const paired = new Set<Grant>()
  for (const [outer, inners] of narrowings) {
    const first = outer[0]
    const deny = first.effect === 'Deny' ? 'deny ' : ''
    const resource = first.resource ? ` on ${describePatterns(first.resource)}` : ''
    const actions = outer.map((g) => describePatterns(g.action)).join(', ')
    const narrower = inners.map((group) => describePrincipal(group[0])).join(', ')
    const grantsAdded = inners.flat()
    for (const grant of [...outer, ...grantsAdded]) paired.add(grant)
    drafts.push({
      kind: 'principal-narrowed',
      text: `${deny}principal narrowed: ${describePrincipal(first)} -> ${narrower} (${actions})${resource}${whenText(first.condition)}`,
      added: grantsAdded,
      removed: [...outer],
      subjects: []
    })
  }
  return { drafts, added: added.filter((g) => !paired.has(g)), removed: removed.filter((g) => !paired.has(g)) }
}

/** Whether adding (or removing) values of a clause plainly admits requests with those values. */
function plainReason(kind: string, effect: Grant['effect'], clause: ConditionClause): string | undefined {
  if (clause.test !== 'equals' && clause.test !== 'like' && clause.test !== 'in-cidr') return undefined
  // More values make the clause hold for more requests (or, negated, for fewer): which widens an Allow (a Deny)?
  const addingWidens = (effect === 'Allow') !== clause.negated
  const outcome = effect === 'Allow' ? 'newly allowed' : 'no longer denied'
  if (kind === 'condition-values-added' && addingWidens) return `the added values are ${outcome}`
  if (kind === 'condition-values-removed' && !addingWidens) return `the removed values are ${outcome}`
  return undefined
}

const slotOf = (clause: ConditionClause): string => `${clause.qualifier ?? ''}|${clause.operator}|${clause.ifExists}|${clause.key}`

interface ClauseChange {
  kind: string
  text: string
  /** The old clause this change replaces (absent when it adds one) and its replacement (absent when it removes it). */
  before?: ConditionClause
  after?: ConditionClause
}

/** Clause-level differences between one old and one new condition of the same grant subject. */
function clauseChanges(oldCondition: Condition, newCondition: Condition): ClauseChange[] {
  const out: ClauseChange[] = []
  const oldBySlot = groupBy(oldCondition.clauses, slotOf)
  const newBySlot = groupBy(newCondition.clauses, slotOf)
  const unpairedOld: ConditionClause[] = []
  const unpairedNew: ConditionClause[] = []
  for (const slot of new Set([...oldBySlot.keys(), ...newBySlot.keys()])) {
    const olds = oldBySlot.get(slot) ?? []
    const news = newBySlot.get(slot) ?? []
    const paired = Math.min(olds.length, news.length)
    for (let i = 0; i < paired; i++) {
      const o = olds[i] as ConditionClause
      const n = news[i] as ConditionClause
      const added = n.values.filter((value) => !o.valueSet.has(value))
      const removed = o.values.filter((value) => !n.valueSet.has(value))
      if (added.length) {
        const after = withValues(o, [...o.values, ...added].sort())
        out.push({ kind: 'condition-values-added', text: `${n.keyDisplay} values added: ${formatValues(added)} (${describeOperator(n)})`, before: o, after })
      }
      if (removed.length) {
        const after = withValues(
          o,
          o.values.filter((value) => n.valueSet.has(value))
        )
        out.push({
          kind: 'condition-values-removed',
          text: `${n.keyDisplay} values removed: ${formatValues(removed)} (${describeOperator(n)})`,
          before: o,
          after
        })
      }
    }
    unpairedOld.push(...olds.slice(paired))
    unpairedNew.push(...news.slice(paired))
  }
  const oldByKey = groupBy(unpairedOld, (clause) => clause.key)
  for (const n of unpairedNew) {
    const o = oldByKey.get(n.key)?.shift()
    if (o) out.push({ kind: 'condition-changed', text: `${n.keyDisplay} condition changed: ${describeClause(o)} -> ${describeClause(n)}`, before: o, after: n })
    else out.push({ kind: 'condition-added', text: `condition added: ${describeClause(n)}`, after: n })
  }
  for (const rest of oldByKey.values())
    for (const o of rest) out.push({ kind: 'condition-removed', text: `condition removed: ${describeClause(o)}`, before: o })
  return out
}

/** Changes of condition for subjects present on both sides. */
function conditionChanges(subject: string, olds: Grant[], news: Grant[]): Draft[] {
  const first = (news[0] ?? olds[0]) as Grant
  const label = describeSubject(first)
  const deny = first.effect === 'Deny' ? 'deny ' : ''
  if (olds.length === 1 && news.length === 1) {
    const oldCondition = (olds[0] as Grant).condition
    return clauseChanges(oldCondition, (news[0] as Grant).condition).map(({ kind, text, before, after }) => {
      // The old condition with only this change applied: does it admit more (Allow) / deny less (Deny)?
      const alone = makeCondition([...oldCondition.clauses.filter((clause) => clause !== before), ...(after ? [after] : [])])
      const widensAlone = first.effect === 'Allow' ? !conditionImplies(alone, oldCondition) : !conditionImplies(oldCondition, alone)
      const reason = before ? plainReason(kind, first.effect, before) : undefined
      return { kind, text: `${deny}${text}`, added: news, removed: olds, subjects: [label], alone: widensAlone, ...(reason ? { plainReason: reason } : {}) }
    })
  }
  return [
    ...news.map((g) => ({
      kind: 'condition-added',
      text: `${deny}alternative condition added: ${describeCondition(g.condition) || '(none)'}`,
      added: [g],
      removed: [],
      subjects: [label]
    })),
    ...olds.map((g) => ({
      kind: 'condition-removed',
      text: `${deny}alternative condition removed: ${describeCondition(g.condition) || '(none)'}`,
      added: [],
      removed: [g],
      subjects: [label]
    }))
  ].map((draft) => ({ ...draft, subjects: draft.subjects.length ? draft.subjects : [subject] }))
}

function mergeDrafts(drafts: Draft[]): Draft[] {
  // Drafts merge when their text is the same; "alone" is kept only when all merged agree on it.
  const merged = new Map<string, Draft>()
  for (const draft of drafts) {
    const key = `${draft.kind}\u0000${draft.text}`
    const existing = merged.get(key)
    if (existing) {
      existing.added.push(...draft.added)
      existing.removed.push(...draft.removed)
      existing.subjects.push(...draft.subjects)
      existing.alone = existing.alone === undefined || draft.alone === undefined ? undefined : existing.alone || draft.alone
      if (existing.plainReason !== draft.plainReason) delete existing.plainReason
    } else merged.set(key, { ...draft, added: [...draft.added], removed: [...draft.removed], subjects: [...draft.subjects] })
  }
  return [...merged.values()]
}

function subjectsSuffix(subjects: string[]): string {
  if (subjects.length === 0) return ''
  const unique = [...new Set(subjects)]
  const shown = unique.slice(0, 3).join('; ')
  return ` [${shown}${unique.length > 3 ? `; +${unique.length - 3} more` : ''}]`
}

/** Compares two parsed policies: grant-level changes, and whether NEW may allow what OLD denies. */
export function comparePolicies(oldPolicy: ParsedPolicy, newPolicy: ParsedPolicy): PolicyComparison {
  const oldGrants = withoutRedundantGrants(policyGrants(oldPolicy))
  const newGrants = withoutRedundantGrants(policyGrants(newPolicy))
  const oldKeys = new Set(oldGrants.map((g) => g.key))
  const newKeys = new Set(newGrants.map((g) => g.key))

  const oldAllows = new GrantIndex(oldGrants.filter((g) => g.effect === 'Allow'))
  const newDenies = new GrantIndex(newGrants.filter((g) => g.effect === 'Deny'))
  const unproven = new Set(newGrants.filter((g) => g.effect === 'Allow' && !oldKeys.has(g.key) && !oldAllows.covers(g)))
  // An OLD Deny that NEW no longer covers matters only where some NEW Allow may meet it.
  const newAllows = new OverlapIndex(newGrants.filter((g) => g.effect === 'Allow'))
  const lostDenies = new Set(oldGrants.filter((g) => g.effect === 'Deny' && !newKeys.has(g.key) && !newDenies.covers(g) && newAllows.meets(g)))
  const widens = unproven.size > 0 || lostDenies.size > 0

  const added = newGrants.filter((g) => !oldKeys.has(g.key))
  const removed = oldGrants.filter((g) => !newKeys.has(g.key))
  const oldSubjects = new Set(oldGrants.map((g) => g.subject))
  const newSubjects = new Set(newGrants.map((g) => g.subject))
  const principalsOf = (grants: Grant[]): Set<string> => new Set(grants.map((g) => `${g.effect}|${principalElementKey(g.principal)}`))

  const narrowed = narrowedPrincipals(
    added.filter((g) => !oldSubjects.has(g.subject)),
    removed.filter((g) => !newSubjects.has(g.subject))
  )
  const drafts: Draft[] = [
    ...narrowed.drafts,
    ...grantChanges(narrowed.added, 'added', principalsOf(oldGrants)),
    ...grantChanges(narrowed.removed, 'removed', principalsOf(newGrants))
  ]
  const changedAdded = groupBy(
    added.filter((g) => oldSubjects.has(g.subject)),
    (g) => g.subject
  )
  const changedRemoved = groupBy(
    removed.filter((g) => newSubjects.has(g.subject)),
    (g) => g.subject
  )
  for (const subject of [...new Set([...changedAdded.keys(), ...changedRemoved.keys()])].sort()) {
    drafts.push(...conditionChanges(subject, changedRemoved.get(subject) ?? [], changedAdded.get(subject) ?? []))
  }

  const merged = mergeDrafts(drafts)
  const involved = (draft: Draft): Grant[] => [...draft.added.filter((g) => unproven.has(g)), ...draft.removed.filter((g) => lostDenies.has(g))]
  const widening = new Set(merged.filter((draft) => involved(draft).length > 0 && draft.alone !== false))
  // Soundness first: a grant that is not proven must be carried by at least one widening change.
  const carriersOf = new Map<Grant, Draft[]>()
  for (const draft of merged) {
    for (const grant of [...draft.added, ...draft.removed]) {
      const list = carriersOf.get(grant)
      if (list) list.push(draft)
      else carriersOf.set(grant, [draft])
    }
  }
  for (const grant of [...unproven, ...lostDenies]) {
    const carriers = carriersOf.get(grant) ?? []
    if (!carriers.some((draft) => widening.has(draft))) for (const draft of carriers) widening.add(draft)
  }
  const changes: PolicyChange[] = merged.map((draft) => {
    const widens = widening.has(draft)
    const plain = draft.alone === true && draft.plainReason
    const reason =
      !widens || !draft.kind.startsWith('condition') ? '' : plain ? ` (widens: ${plain})` : ' (widens: the new condition does not provably imply the old one)'
    return { kind: draft.kind, detail: `${draft.text}${subjectsSuffix(draft.subjects)}${reason}`, widens }
  })
  if (widens && !changes.some((change) => change.widens)) {
    const examples = [...unproven, ...lostDenies].slice(0, 3).map(describeSubject).join('; ')
    changes.push({ kind: 'unproven', detail: `cannot prove the new policy allows nothing the old one denies (${examples})`, widens: true })
  }
  const rank = (kind: string): number => {
    const index = KIND_ORDER.indexOf(kind)
    return index < 0 ? KIND_ORDER.length : index
  }
  changes.sort((a, b) => rank(a.kind) - rank(b.kind) || (a.detail < b.detail ? -1 : a.detail > b.detail ? 1 : 0))
  return { widens, changes }
}
