/**
 * Grants: a statement is the union of its principal × action × resource combinations, each under
 * the statement's condition. Comparing grants makes statement order, splitting and merging,
 * string-vs-list and duplicates irrelevant.
 */
import type { Grant, ParsedPolicy, ParsedStatement, PatternElement, PrincipalElement } from './policyModel.js'
import { principalElementKey } from './principals.js'

/**
 * The identity of an element as JSON: a pattern may itself hold `,` or `|` (IAM takes any text as
 * an action name), so joining with them once made NotAction ["a", "b"] and NotAction "a,b" (which
 * excludes neither a nor b) one key, and the wider NEW was taken for the OLD grant itself.
 */
function patternKey(element: PatternElement | null): string {
  if (element === null) return '-'
  const listed = JSON.stringify(element.patterns)
  return element.negated ? `!${listed}` : listed
}

function single(element: PatternElement, pattern: string): PatternElement {
  return { negated: false, patterns: [pattern], display: new Map([[pattern, element.display.get(pattern) ?? pattern]]) }
}

/** Positive elements split into one-value elements; negated (Not*) and absent elements stay whole. */
function splitPrincipal(element: PrincipalElement | null): Array<PrincipalElement | null> {
  if (element === null || element.negated) return [element]
  return element.values.map((value) => ({ negated: false, values: [value] }))
}

function splitPatterns(element: PatternElement | null): Array<PatternElement | null> {
  if (element === null || element.negated) return [element]
  return element.patterns.map((pattern) => single(element, pattern))
}

export function grantKey(grant: Omit<Grant, 'subject' | 'key' | 'statementIndex'>): { subject: string; key: string } {
  const subject = JSON.stringify([grant.effect, principalElementKey(grant.principal), patternKey(grant.action), patternKey(grant.resource)])
  return { subject, key: `${subject}|${grant.condition.key}` }
}

export function statementGrants(statement: ParsedStatement): Grant[] {
  const grants: Grant[] = []
  for (const principal of splitPrincipal(statement.principal)) {
    for (const action of splitPatterns(statement.action)) {
      for (const resource of splitPatterns(statement.resource)) {
        const base = { effect: statement.effect, principal, action, resource, condition: statement.condition }
        grants.push({ ...base, ...grantKey(base), statementIndex: statement.index })
      }
    }
  }
  return grants
}

/** All grants of a policy, de-duplicated, in a stable order. */
export function policyGrants(policy: ParsedPolicy): Grant[] {
  const byKey = new Map<string, Grant>()
  for (const statement of policy.statements) {
    for (const grant of statementGrants(statement)) if (!byKey.has(grant.key)) byKey.set(grant.key, grant)
  }
  return [...byKey.values()].sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0))
}
