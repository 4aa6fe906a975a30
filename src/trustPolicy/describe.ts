/** One-line, human descriptions of grants and conditions (for change details and findings). */
import { describeOperator } from './conditions.js'
import type { Condition, ConditionClause, Grant, PatternElement } from './policyModel.js'
import { describePrincipalElement } from './principals.js'
import { displayValue } from './stringValues.js'

export const VALUE_LIMIT = 10

export function formatValues(values: readonly string[], limit = VALUE_LIMIT): string {
  const shown = values.slice(0, limit).map(displayValue).join(', ')
  return values.length > limit ? `${shown} (+${values.length - limit} more)` : shown
}

export function describePatterns(element: PatternElement | null): string {
  if (element === null) return '*'
  const shown = element.patterns.map((pattern) => element.display.get(pattern) ?? displayValue(pattern))
  return element.negated ? `all but ${shown.join(', ')}` : shown.join(', ')
}

export function describeClause(clause: ConditionClause): string {
  return `${describeOperator(clause)} ${clause.keyDisplay} = [${formatValues(clause.values)}]`
}

export function describeCondition(condition: Condition): string {
  return condition.clauses.map(describeClause).join(' and ')
}

export function describePrincipal(grant: Grant): string {
  return describePrincipalElement(grant.principal)
}

/** "principal action[ on resource]" */
export function describeSubject(grant: Grant): string {
  const resource = grant.resource === null ? '' : ` on ${describePatterns(grant.resource)}`
  return `${describePrincipal(grant)} ${describePatterns(grant.action)}${resource}`
}
