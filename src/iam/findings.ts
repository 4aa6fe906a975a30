import type { Declaration } from '../config/model.js'
import type { Diagnostic } from '../diagnostics.js'
import { stacksByAccount } from './desired.js'
import type { Locate } from './locate.js'
import { locateFirst } from './locate.js'

/**
 * What IAM does and does not separate (CONTRACT §2), as warnings a security reviewer can act on:
 * - without session_tags, every stack attached to the hub integration can assume every target
 *   role, whatever accounts.yaml lists for it (one warning, at spacelift.session_tags);
 * - a read-only stack loses only its @write external ID on the hub: during plan its hub session
 *   can still assume the target roles, so read-only is advisory (one warning per stack, at
 *   stacks.<id>.access).
 */
export function separationFindings(decl: Declaration, locate: Locate, file: string): Diagnostic[] {
  const findings: Diagnostic[] = []
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

  const listing = stacksByAccount(decl)
  for (const stack of decl.stacks) {
    if (stack.access !== 'read-only') continue
    const where = locateFirst(locate, [['stacks', stack.id, 'access'], ['stacks', stack.id]])
    const reach = decl.spacelift.sessionTags
      ? `the target roles of ${plural(stack.accounts.length, 'account')} it lists (${stack.accounts.join(', ')})`
      : `every target role (${plural(listing.size, 'role')}; session_tags is off)`
    findings.push(
      warningAt(
        file,
        where,
        `read-only is advisory for stack ${stack.id}: it removes only the stack's @write external ID from the ` +
        `hub role's trust policy. During plan the stack's hub session can still assume ${reach} with their ` +
        'full permissions; what a plan can change is limited by those roles\' permissions and by the Spacelift ' +
          'plan policy, not by IAM.'
      )
    )
  }
  return findings
}

function warningAt(file: string, where: { path: string; line: number; column: number }, message: string): Diagnostic {
  return { severity: 'warning', file, path: where.path, line: where.line, column: where.column, message }
}

function plural(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? '' : 's'}`
}
