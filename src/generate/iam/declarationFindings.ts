import { appendAll } from '../../common/append.js'
import type { Declaration } from '../../config/accounts.js'
import type { Diagnostic } from '../../common/diagnostics.js'
import { stacksByAccount } from './desiredIam.js'
import { integrationExternalId } from './externalIds.js'
import { oidcFindings } from './oidcFindings.js'
import { targetsByRole } from './hubPermissions.js'
import type { Locate } from './locate.js'
import { locateFirst } from './locate.js'
import { plural } from '../../common/plural.js'

/**
 * What IAM does and does not separate (CONTRACT §2), as warnings a security reviewer can act on:
 * - without session_tags, every stack attached to the hub integration can assume every target
 *   role, whatever accounts.yaml lists for it (one warning, at spacelift.session_tags);
 * - a read-only stack loses only its @write external ID on the hub: during plan its hub session
 *   can still assume the target roles, so read-only is advisory (one warning per stack, at
 *   stacks.<id>.access);
 * - what each compact form allows beyond the exact one (compactFormFindings).
 */
export function separationFindings(decl: Declaration, locate: Locate, file: string): Diagnostic[] {
  const findings: Diagnostic[] = oidcFindings(decl, locate, file)
  // With auth oidc no stack goes through a hub: what the hub does or does not separate is moot.
  if (decl.spacelift.auth === 'oidc') return findings
  const reachedRoles = stacksByAccount(decl).size
  const stackCount = decl.stacks.length

  if (!decl.spacelift.sessionTags && stackCount > 0 && reachedRoles > 0) {
    const declaredPairs = decl.stacks.reduce((sum, stack) => sum + stack.accounts.length, 0)
    const undeclaredPairs = stackCount * reachedRoles - declaredPairs
    const where = locateFirst(locate, [['spacelift', 'session_tags'], ['spacelift']])
    findings.push(
      warningAt(
        file,
        where,
        `session_tags is off, so IAM does not separate stacks: each of the ${plural(stackCount, 'stack')} ` +
          `attached to the hub integration gets the same hub role session and can assume every one of the ` +
          `${plural(reachedRoles, 'target role')}, not only those accounts.yaml lists for it ` +
          `(${plural(undeclaredPairs, 'stack/role pair')} allowed by IAM but not declared). ` +
          'The per-stack limits are enforced only by the Spacelift plan policy. Turn on "Enable tag session" ' +
          'on the integration and set spacelift.session_tags: true to have the target roles check the stack tag.'
      )
    )
  }

  appendAll(findings, compactFormFindings(decl, locate, file))

  const listing = stacksByAccount(decl)
  for (const stack of decl.stacks) {
    if (stack.access !== 'read-only') continue
    const where = locateFirst(locate, [
      ['stacks', stack.id, 'access'],
      ['stacks', stack.id]
    ])
    const reach = decl.spacelift.sessionTags
      ? `the target roles of ${plural(stack.accounts.length, 'account')} it lists (${stack.accounts.join(', ')})`
      : `every target role (${plural(listing.size, 'role')}; session_tags is off)`
    findings.push(
      warningAt(
        file,
        where,
        `read-only is advisory for stack ${stack.id}: ${readOnlyMechanism(decl)}. During plan the stack's hub session can still assume ${reach} with their ` +
          "full permissions; what a plan can change is limited by those roles' permissions and by the Spacelift " +
          'plan policy, not by IAM.'
      )
    )
  }
  return findings
}

/**
 * What the compact forms of CONTRACT §2 allow beyond the exact ones, one warning each at the key
 * that chooses the form:
 * - external_id_match: integration: the hub trusts every external ID of the integration, so any
 *   stack attached to it may assume the hub role, and read or write alike (the attachment's `write`
 *   flag is all that separates them);
 * - hub.permissions: accounts: nothing beyond exact as long as the condition key is set (one
 *   statement per role name lists only the accounts that use that name);
 * - hub.permissions: organization: the target role names in every account of the organization.
 */
export function compactFormFindings(decl: Declaration, locate: Locate, file: string): Diagnostic[] {
  const findings: Diagnostic[] = []
  if (decl.spacelift.externalIdMatch === 'integration' && decl.spacelift.integrationId !== null && decl.stacks.length > 0) {
    const where = locateFirst(locate, [['spacelift', 'external_id_match'], ['spacelift']])
    const reach = decl.spacelift.sessionTags
      ? 'The target roles still check the stack tag (aws:PrincipalTag/stack), so an attached stack reaches only the accounts accounts.yaml lists for it.'
      : 'session_tags is off, so any stack attached to the integration reaches every target role, whatever accounts.yaml lists for it.'
    findings.push(
      warningAt(
        file,
        where,
        `external_id_match: integration: the hub role trusts every external ID of integration ${decl.spacelift.integrationId} ` +
          `(${integrationExternalId(decl.spacelift)}), not only those of the ${plural(decl.stacks.length, 'declared stack')}: ` +
          "which stacks may use the hub role is decided by the integration's attachments (spacelift/integration.tf) and by who may " +
          "attach it in Spacelift, and read-only by the attachment's write = false alone. " +
          reach
      )
    )
  }
  if (decl.hub !== null && decl.hub.permissions !== 'exact') {
    const where = locateFirst(locate, [['hub', 'permissions'], ['hub']])
    const reached = stacksByAccount(decl)
    const targets = decl.accounts.filter((account) => reached.has(account.alias))
    const names = targetsByRole(targets.map((account) => ({ accountId: account.id, role: account.role })))
      .map(([role]) => `${role.path}${role.name}`)
      .join(', ')
    const message =
      decl.hub.permissions === 'organization'
        ? `hub.permissions: organization: beyond the ${plural(targets.length, 'declared target role')}, the hub role may assume a role ` +
          `of the same path and name (${names}) in any account of organization ${decl.hub.organizationId ?? ''}, wherever that ` +
          "role's trust policy names the hub role or its account; and it reaches no declared account outside that organization. " +
          'Use hub.permissions: accounts to limit it to the declared accounts.'
        : `hub.permissions: accounts: the hub role may assume its target role names (${names}) only in the declared accounts ` +
          'that use each name (aws:ResourceAccount): no role beyond the exact form (a request without that key is denied, StringEquals failing closed).'
    findings.push(warningAt(file, where, message))
  }
  return findings
}

function readOnlyMechanism(decl: Declaration): string {
  if (decl.spacelift.externalIdMatch === 'integration') {
    return (
      "with external_id_match: integration the hub role's trust policy does not tell read from write, so only the " +
      "stack's integration attachment (write = false) keeps Spacelift from using the integration to apply"
    )
  }
  return "it removes only the stack's @write external ID from the hub role's trust policy"
}

function warningAt(file: string, where: { path: string; line: number; column: number }, message: string): Diagnostic {
  return { severity: 'warning', file, path: where.path, line: where.line, column: where.column, message }
}
