import type { Declaration } from '../../config/accounts.js'
import type { Diagnostic } from '../../common/diagnostics.js'
import type { Locate } from './locate.js'
import { locateFirst } from './locate.js'
import { plural } from '../../common/plural.js'

/**
 * What IAM enforces with Spacelift's OIDC token (auth oidc and both), as warnings to read:
 * - stacks are separated by the token's `sub` (it names the stack), with or without session tags;
 * - read-only is enforced: a read-only stack's target roles accept only `scope:read` tokens, so
 *   every run that holds a write token is refused by every target. Spacelift gives write tokens to
 *   tracked runs of autodeploy stacks (planning included), tasks, testing and destroy runs
 *   (https://github.com/spacelift-io/user-documentation/blob/main/docs/integrations/cloud-providers/oidc/README.md#about-scopes);
 * - under both: which stacks still take the hub (their providers assume roles through it), and
 *   that the hub's statements stay in every target trust until none does.
 */
export function oidcFindings(decl: Declaration, locate: Locate, file: string): Diagnostic[] {
  const { oidc } = decl.spacelift
  if (oidc === null) return []
  const findings: Diagnostic[] = []
  const at = (paths: (string | number)[][], message: string): void => {
    const where = locateFirst(locate, paths)
    findings.push({ severity: 'warning', file, path: where.path, line: where.line, column: where.column, message })
  }
  const onOidc = decl.stacks.filter((stack) => stack.auth === 'oidc')
  if (onOidc.length > 0) {
    at(
      [['spacelift', 'auth'], ['spacelift']],
      `auth ${decl.spacelift.auth}: each target role trusts Spacelift's identity provider ${oidc.host} (in the target account) only for a ` +
        `token whose sub names a stack that lists the account (space:<space>:stack:<id>:run_type:*:scope:*): IAM separates the ` +
        `stacks by the token, without session tags. A token of another Spacelift account has another issuer and audience and is refused.` +
        (decl.stacks.some((stack) => stack.space === '*')
          ? ' Where the space is * a stack is named by its ID alone: a stack with the same ID in any space of the account matches (set spacelift.oidc.space or stacks.<id>.space to pin it).'
          : '')
    )
  }
  for (const stack of decl.stacks) {
    if (stack.access !== 'read-only') continue
    at(
      [
        ['stacks', stack.id, 'access'],
        ['stacks', stack.id]
      ],
      `read-only is enforced by IAM for stack ${stack.id} on the OIDC path: its target roles accept only its scope:read tokens, so a ` +
        'write-scope token is refused by every target. Spacelift gives write tokens to tracked runs of an autodeploy stack ' +
        '(planning too), to tasks and to testing and destroy runs: those runs of this stack cannot reach its accounts at all; ' +
        'proposed runs and the planning phase of tracked runs without autodeploy can.' +
        (decl.spacelift.auth === 'both'
          ? ' While spacelift.auth is both the hub path stays open to it, where read-only is advisory' +
            (stack.auth === 'integration' ? ` (and its providers use it: set stacks.${stack.id}.auth: oidc)` : '') +
            ': IAM enforces read-only once auth is oidc.'
          : '')
    )
  }
  if (decl.spacelift.auth === 'both') {
    const onHub = decl.stacks.filter((stack) => stack.auth === 'integration').map((stack) => stack.id)
    at(
      [['spacelift', 'auth'], ['spacelift']],
      onHub.length > 0
        ? `auth both: ${plural(onHub.length, 'stack')} still depend on the hub (${onHub.join(', ')}); the target roles trust the hub and the OIDC token. ` +
            'Move each with stacks.<id>.auth: oidc once the target trust policies are applied, then set spacelift.auth: oidc to drop the hub statements.'
        : 'auth both: no stack depends on the hub any more: set spacelift.auth: oidc to drop the hub statements from the target roles.'
    )
  }
  return findings
}
