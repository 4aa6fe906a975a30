import type { AccountDeclaration, Declaration } from '../../config/accounts.js'
import { roleArn } from '../../config/arn.js'
import type { DesiredHub, DesiredIam, DesiredRole } from './desiredIamTypes.js'
import { hubPermissionPolicy } from './hubPermissions.js'
import { hubTrustPolicy } from './hubTrust.js'
import { targetTrustPolicy } from './targetTrust.js'
import { accountProfiles } from './accountProfiles.js'
import { desiredReadRoles } from './readRole.js'
import { compareStrings } from '../../common/compareStrings.js'

/**
 * The stacks that list each account alias, in stack-ID order. Accounts no stack lists are absent.
 * Linear in the total number of (stack, account) pairs.
 */
export function stacksByAccount(decl: Declaration): Map<string, string[]> {
  const byAlias = new Map<string, string[]>()
  for (const stack of decl.stacks) {
    for (const alias of stack.accounts) {
      const list = byAlias.get(alias)
      if (list) list.push(stack.id)
      else byAlias.set(alias, [stack.id])
    }
  }
  for (const list of byAlias.values()) list.sort(compareStrings)
  return byAlias
}

/** Every IAM role the declaration implies, with its policies (CONTRACT §2). Deterministic. */
export function desiredIam(decl: Declaration): DesiredIam {
  const hubArn = roleArn(decl.partition, decl.hub.accountId, decl.hub.role)
  const listing = stacksByAccount(decl)
  const profiles = accountProfiles(decl)
  const reached: AccountDeclaration[] = decl.accounts.filter((account) => listing.has(account.alias)).sort((a, b) => compareStrings(a.alias, b.alias))

  const targets: DesiredRole[] = reached.map((account) => {
    const stacks = listing.get(account.alias) ?? []
    return {
      kind: 'target',
      accountId: account.id,
      alias: account.alias,
      profile: account.alias,
      role: account.role,
      arn: roleArn(decl.partition, account.id, account.role),
      trustPolicy: targetTrustPolicy(decl, account, hubArn, stacks),
      stacks: [...stacks]
    }
  })

  const hub: DesiredHub = {
    kind: 'hub',
    accountId: decl.hub.accountId,
    alias: null,
    profile: profiles.get(decl.hub.accountId) ?? decl.hub.accountId,
    role: decl.hub.role,
    arn: hubArn,
    trustPolicy: hubTrustPolicy(decl),
    permissionPolicy: hubPermissionPolicy(decl, targets),
    stacks: decl.stacks.map((stack) => stack.id).sort(compareStrings)
  }
  const rolesByAccount = new Map<string, string[]>([[hub.accountId, [hub.arn]]])
  for (const target of targets) {
    const list = rolesByAccount.get(target.accountId)
    if (list) list.push(target.arn)
    else rolesByAccount.set(target.accountId, [target.arn])
  }
  return { hub, targets, readRoles: desiredReadRoles(decl, rolesByAccount) }
}
