import type { SpaceliftSettings, StackDeclaration } from '../../config/accounts.js'
import { InputError } from '../../common/diagnostics.js'
import { compareStrings } from '../../common/compareStrings.js'

/**
 * The external IDs Spacelift sends when a stack's run assumes the hub role (CONTRACT §2):
 * `<spacelift account>@<integration ID or *>@<stack>@read`, plus `...@write` for a read-write
 * stack. With `external_id_match: stack` a read-write stack is the single value `...@<stack>@*`;
 * a read-only stack keeps only its `@read` value. With `external_id_match: integration` every stack
 * shares the single value `<account>@<integration_id>@*` (its access is then decided by the
 * attachment's `write` flag only). Sorted.
 */
export function stackExternalIds(spacelift: SpaceliftSettings, stack: Pick<StackDeclaration, 'id' | 'access'>): string[] {
  refuseWildcards('spacelift.account', spacelift.account)
  if (spacelift.integrationId !== null) refuseWildcards('spacelift.integration_id', spacelift.integrationId)
  refuseWildcards(`stack ID`, stack.id)
  if (spacelift.externalIdMatch === 'integration') return [integrationExternalId(spacelift)]
  const prefix = `${spacelift.account}@${spacelift.integrationId ?? '*'}@${stack.id}@`
  if (stack.access === 'read-only') return [`${prefix}read`]
  if (spacelift.externalIdMatch === 'stack') return [`${prefix}*`]
  return [`${prefix}read`, `${prefix}write`]
}

/**
 * `external_id_match: integration`: the one value `<account>@<integration_id>@*` that every stack's
 * external ID matches, whatever the number of stacks. It holds no stack ID: which stacks may use
 * the integration is decided by its attachments, which accounts each reaches by the target roles'
 * aws:PrincipalTag/stack condition. Spacelift account names and integration IDs hold no `@` (their
 * schema charsets), so the pattern cannot match another account's or integration's IDs.
 */
export function integrationExternalId(spacelift: SpaceliftSettings): string {
  if (spacelift.integrationId === null) {
    throw new InputError('spacelift.external_id_match: integration needs spacelift.integration_id')
  }
  return `${spacelift.account}@${spacelift.integrationId}@*`
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
