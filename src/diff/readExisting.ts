/** Reads today's policies for the desired roles, from a directory or from live AWS. */
import type { Declaration } from '../config/accounts.js'
import type { DesiredIam } from '../generate/iam/desiredIamTypes.js'
import { readExistingFromAws } from '../existing/fromAws.js'
import { readExistingFromDirectory } from '../existing/fromDirectory.js'
import { readExistingFromGit } from '../existing/fromGit.js'
import type { ExistingSet, RoleKey } from '../existing/existingPolicies.js'
import { InputError } from '../common/diagnostics.js'
import { plural } from '../common/plural.js'
import { compareStrings } from '../common/compareStrings.js'

export type ExistingSource =
  | { kind: 'none' }
  | { kind: 'directory'; dir: string }
  /** The directory `path` (relative to `cwd`) as the git commit `commit` holds it, not as the working tree does. */
  | { kind: 'git'; cwd: string; commit: string; path: string }
  /** `readRoleName` absent: the role accounts.yaml declares in `aws_read`. */
  | { kind: 'aws'; readRoleName?: string; region?: string; concurrency?: number }

export function desiredRoleKeys(desired: DesiredIam): RoleKey[] {
  return [...(desired.hub === null ? [] : [desired.hub]), ...desired.targets].map((r) => ({ kind: r.kind, accountId: r.accountId, role: r.role }))
}

/**
 * The role `diff --aws` assumes in each account other than the caller's: the one given, else the
 * one accounts.yaml declares (`aws_read`): the base's when there is one (the role that exists
 * today; a change that renames it declares a role created only once it is applied, and must not
 * choose what the caller assumes), else the head's. Without any, reading is refused up front
 * (exit 2) when a target lives outside the hub account, since nothing could enter it.
 */
function readRoleName(given: string | undefined, declaration: Declaration, keys: readonly RoleKey[], base: Declaration | null | undefined): string | null {
  if (given !== undefined) return given
  const awsRead = base?.awsRead ?? declaration.awsRead
  if (awsRead !== null) return `${awsRead.role.path}${awsRead.role.name}`
  const hubAccount = declaration.hub?.accountId
  const elsewhere = [...new Set(keys.filter((k) => k.accountId !== hubAccount).map((k) => k.accountId))].sort(compareStrings)
  if (elsewhere.length === 0) return null
  throw new InputError(
    `diff --aws: the roles in ${plural(elsewhere.length, 'account')} other than the hub's (${elsewhere.slice(0, 5).join(', ')}${elsewhere.length > 5 ? ', ...' : ''}) are read through a read role: give --aws-read-role NAME (the action's aws-read-role input), or declare aws_read in accounts.yaml`
  )
}

/** `base`: the base version's declaration, when there is one (its `aws_read` names today's read role). */
export async function readExisting(source: ExistingSource, declaration: Declaration, desired: DesiredIam, base?: Declaration | null): Promise<ExistingSet> {
  const keys = desiredRoleKeys(desired)
  switch (source.kind) {
    case 'none':
      return { roles: new Map(), unexpectedFiles: [], errors: [] }
    case 'directory':
      return readExistingFromDirectory(source.dir, keys)
    case 'git':
      return readExistingFromGit({ cwd: source.cwd, commit: source.commit, path: source.path }, keys)
    case 'aws':
      return readExistingFromAws({
        hub: desired.hub === null ? null : { accountId: desired.hub.accountId, role: desired.hub.role },
        ...(desired.oidcProviders.length > 0 ? { identityProviders: desired.oidcProviders.map(({ accountId, arn }) => ({ accountId, arn })) } : {}),
        targets: keys.filter((k) => k.kind === 'target'),
        readRoleName: readRoleName(source.readRoleName, declaration, keys, base),
        partition: declaration.partition,
        ...(source.region ? { region: source.region } : {}),
        ...(source.concurrency ? { concurrency: source.concurrency } : {})
      })
  }
}
