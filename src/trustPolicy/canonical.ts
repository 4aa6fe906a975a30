/**
 * The canonical document of a policy: its grants (less those inside others) regrouped deterministically, with canonical
 * spellings (account IDs, lower-case actions and condition keys, sorted unique values, no Sid).
 * Documents that IAM reads alike (reordered, split or merged statements, string vs list, account
 * ID vs root ARN, action casing, duplicates) have the same canonical document.
 */
import type { ConditionBlock, PolicyDocument, PolicyStatement, Principal, StringOrList } from '../iamDocument/types.js'
import { describeOperator } from './conditions.js'
import { withoutRedundantGrants } from './coverage.js'
import { policyGrants } from './grants.js'
import type { Condition, Grant, ParsedPolicy, PatternElement, PrincipalElement } from './policyModel.js'
import { principalElementKey } from './principals.js'
import { groupBy, type NonEmpty } from '../common/groupBy.js'
import { compareStrings } from '../common/compareStrings.js'
import { valueFor2012 } from './stringValues.js'

function list(values: string[]): StringOrList {
  return values.length === 1 ? (values[0] ?? '') : values
}

function principalJson(values: PrincipalElement['values']): Principal {
  if (values.some((value) => value.kind === 'wildcard')) return '*'
  const byType = new Map<string, string[]>()
  for (const value of values) {
    const type = value.type === '*' ? 'AWS' : value.type
    const shown = value.display
    byType.set(type, [...(byType.get(type) ?? []), shown])
  }
  const out: Record<string, StringOrList> = {}
  for (const type of [...byType.keys()].sort()) out[type] = list([...new Set(byType.get(type))].sort())
  return out
}

/** ArnEquals and ArnLike (and their negations) read alike: a second clause can use the other name. */
const OPERATOR_ALIASES: Record<string, string> = { ArnLike: 'ArnEquals', ArnNotLike: 'ArnNotEquals' }

/** Spellings of a condition key that IAM reads alike (keys are case-insensitive): key, KEY, kEy… */
function* keySpellings(key: string): Generator<string> {
  // A-Z only, as keys are read (parse.ts): `ß` upper-cased is `SS`, another key there.
  const upperAscii = (text: string): string => text.replace(/[a-z]+/g, (letters) => letters.toUpperCase())
  yield key
  yield upperAscii(key)
  for (let i = 0; i < key.length; i++) {
    const upper = key.slice(0, i) + upperAscii(key.charAt(i)) + key.slice(i + 1)
    if (upper !== key) yield upper
  }
}

/**
 * The Condition element. Two clauses with the same operator and key (ArnEquals next to ArnLike,
 * which read as one operator) must both hold: they go under the alias operator or a key spelled
 * in another case, never into one value list (that would OR them).
 */
function conditionJson(condition: Condition): ConditionBlock | undefined {
  if (condition.clauses.length === 0) return undefined
  const block: ConditionBlock = {}
  for (const clause of condition.clauses) {
    const alias = OPERATOR_ALIASES[clause.operator]
    const operators = [describeOperator(clause), ...(alias ? [describeOperator({ ...clause, operator: alias })] : [])]
    let placed = false
    placement: for (const spelling of keySpellings(clause.key)) {
      for (const operator of operators) {
        const entries = (block[operator] ??= {})
        if (spelling in entries) continue
        entries[spelling] = clause.family === 'string' || clause.family === 'arn' ? clause.values.map(valueFor2012) : clause.values
        placed = true
        break placement
      }
    }
    // Only a key without letters, repeated under three spellings of one operator, gets here.
    if (!placed) throw new Error(`canonicalPolicy: cannot write another ${describeOperator(clause)} clause on ${clause.key}`)
  }
  for (const [operator, entries] of Object.entries(block)) if (Object.keys(entries).length === 0) delete block[operator]
  return block
}

interface Group<T> {
  key: string
  items: NonEmpty<T>
}

function sortedGroups<T>(items: T[], keyOf: (item: T) => string): Group<T>[] {
  return [...groupBy(items, keyOf).entries()].sort(([a], [b]) => compareStrings(a, b)).map(([key, grouped]) => ({ key, items: grouped }))
}

const patternKey = (element: PatternElement | null): string => (element === null ? '-' : `${element.negated ? '!' : ''}${JSON.stringify(element.patterns)}`)

interface Draft {
  grant: Grant
  principals: PrincipalElement[] | null
  actions: PatternElement[]
  resources: PatternElement[] | null
}

function mergePatterns(elements: PatternElement[]): PatternElement {
  if (elements.length === 1 && elements[0]) return elements[0]
  const patterns = [...new Set(elements.flatMap((element) => element.patterns))].sort()
  return { negated: false, patterns, display: new Map() }
}

function statementJson(draft: Draft): PolicyStatement {
  const statement: PolicyStatement = { Effect: draft.grant.effect }
  const principals = draft.principals
  if (principals && principals[0]) {
    const negated = principals[0].negated
    const values = principals.flatMap((element) => element.values)
    if (negated) statement.NotPrincipal = principalJson(values)
    else statement.Principal = principalJson(values)
  }
  const action = mergePatterns(draft.actions)
  if (action.negated) statement.NotAction = list(action.patterns)
  else statement.Action = list(action.patterns)
  if (draft.resources) {
    const resource = mergePatterns(draft.resources)
    const patterns = resource.patterns.map(valueFor2012)
    if (resource.negated) statement.NotResource = list(patterns)
    else statement.Resource = list(patterns)
  }
  const condition = conditionJson(draft.grant.condition)
  if (condition) statement.Condition = condition
  return statement
}

/** The canonical document (see the module comment). */
export function canonicalPolicy(policy: ParsedPolicy): PolicyDocument {
  // Grants inside other grants say nothing more (`lambda.amazonaws.com` next to `*`): left out.
  const grants = withoutRedundantGrants(policyGrants(policy))
  const base = (grant: Grant): string => `${grant.effect}|${grant.condition.key}`
  const mergeable = (element: { negated: boolean } | null): boolean => element !== null && !element.negated
  // Merge resources for equal (principal, action), then actions for equal (principal, resources), then principals.
  const byResources: Draft[] = sortedGroups(
    grants,
    (g) => `${base(g)}|${principalElementKey(g.principal)}|${patternKey(g.action)}|${mergeable(g.resource) ? '' : patternKey(g.resource)}`
  ).map(({ items }) => ({
    grant: items[0],
    principals: items[0].principal ? [items[0].principal] : null,
    actions: items[0].action ? [items[0].action] : [],
    resources: items[0].resource === null ? null : items.map((g) => g.resource as PatternElement)
  }))
  const resourcesKey = (d: Draft): string => (d.resources === null ? '-' : d.resources.map(patternKey).join(','))
  const byActions: Draft[] = sortedGroups(
    byResources,
    (d) => `${base(d.grant)}|${principalElementKey(d.grant.principal)}|${resourcesKey(d)}|${mergeable(d.grant.action) ? '' : patternKey(d.grant.action)}`
  ).map(({ items }) => ({ ...items[0], actions: items.flatMap((d) => d.actions) }))
  const actionsKey = (d: Draft): string => d.actions.map(patternKey).join(',')
  const byPrincipals: Draft[] = sortedGroups(
    byActions,
    (d) => `${base(d.grant)}|${resourcesKey(d)}|${actionsKey(d)}|${mergeable(d.grant.principal) ? '' : principalElementKey(d.grant.principal)}`
  ).map(({ items }) => ({ ...items[0], principals: items[0].principals === null ? null : items.flatMap((d) => d.principals ?? []) }))
  return { Version: '2012-10-17', Statement: byPrincipals.map(statementJson) }
}

/** Whether IAM reads the two policies alike as far as their canonical documents show. */
export function policiesEquivalent(a: ParsedPolicy, b: ParsedPolicy): boolean {
  return JSON.stringify(canonicalPolicy(a)) === JSON.stringify(canonicalPolicy(b))
}
