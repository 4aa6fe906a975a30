import type { SpaceliftSettings, StackDeclaration } from '../config/model.js'
import { InputError } from '../diagnostics.js'
import { compareStrings } from '../compareStrings.js'

/**
 * The external IDs Spacelift sends when a stack's run assumes the hub role (CONTRACT §2):
 * `<spacelift account>@<integration ID or *>@<stack>@read`, plus `...@write` for a read-write
 * stack. With `external_id_match: stack` a read-write stack is the single value `...@<stack>@*`;
 * a read-only stack keeps only its `@read` value. Sorted.
 */
export function stackExternalIds(spacelift: SpaceliftSettings, stack: StackDeclaration): string[] {
  refuseWildcards('spacelift.account', spacelift.account)
  if (spacelift.integrationId !== null) refuseWildcards('spacelift.integration_id', spacelift.integrationId)
  refuseWildcards(`stack ID`, stack.id)
  const prefix = `${spacelift.account}@${spacelift.integrationId ?? '*'}@${stack.id}@`
  if (stack.access === 'read-only') return [`${prefix}read`]
  if (spacelift.externalIdMatch === 'stack') return [`${prefix}*`]
  return [`${prefix}read`, `${prefix}write`]
}

/** All stacks' external IDs, de-duplicated and sorted. */
export function allExternalIds(spacelift: SpaceliftSettings, stacks: readonly StackDeclaration[]): string[] {
  const values = new Set<string>()
  for (const stack of stacks) for (const value of stackExternalIds(spacelift, stack)) values.add(value)
  return [...values].sort(compareStrings)
}

/**
 * True when IAM would treat the value as a pattern under StringLike (`*` or `?`), so it must not
 * be compared with StringEquals (where the wildcard would be a literal character).
 */
export function isPattern(value: string): boolean {
  return value.includes('*') || value.includes('?')
}

/**
 * The parts of an external ID must be literal: under StringLike a `*` or `?` in a stack ID would
 * match other stacks' IDs. The schema's charsets exclude them; this guards the generator anyway.
 */
function refuseWildcards(what: string, value: string): void {
  if (isPattern(value)) {
    throw new InputError(`${what} ${JSON.stringify(value)} contains * or ?, which IAM would read as a wildcard in external IDs`)
  }
}
