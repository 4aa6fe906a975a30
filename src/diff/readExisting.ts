/** Reads today's policies for the desired roles, from a directory or from live AWS. */
import type { Declaration } from '../config/accounts.js'
import type { DesiredIam } from '../generate/iam/desiredIamTypes.js'
import { readExistingFromAws } from '../existing/fromAws.js'
import { readExistingFromDirectory } from '../existing/fromDirectory.js'
import { readExistingFromGit } from '../existing/fromGit.js'
import type { ExistingSet, RoleKey } from '../existing/existingPolicies.js'

export type ExistingSource =
  | { kind: 'none' }
  | { kind: 'directory'; dir: string }
  /** The directory `path` (relative to `cwd`) as the git commit `commit` holds it, not as the working tree does. */
  | { kind: 'git'; cwd: string; commit: string; path: string }
  | { kind: 'aws'; readRoleName: string; region?: string; concurrency?: number }

export function desiredRoleKeys(desired: DesiredIam): RoleKey[] {
  return [...(desired.hub === null ? [] : [desired.hub]), ...desired.targets].map((r) => ({ kind: r.kind, accountId: r.accountId, role: r.role }))
}

export async function readExisting(source: ExistingSource, declaration: Declaration, desired: DesiredIam): Promise<ExistingSet> {
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
        readRoleName: source.readRoleName,
        partition: declaration.partition,
        ...(source.region ? { region: source.region } : {}),
        ...(source.concurrency ? { concurrency: source.concurrency } : {})
      })
  }
}
