import type { AccountDeclaration, Declaration, StackDeclaration } from '../../config/accounts.js'
import { roleArn } from '../../config/arn.js'
import type { DesiredHub, DesiredIam, DesiredOidcProvider, DesiredRole } from './desiredIamTypes.js'
import { hubPermissionPolicy } from './hubPermissions.js'
import { hubTrustPolicy } from './hubTrust.js'
import { oidcProviderArn } from './oidcTrust.js'
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
  const hubDecl = decl.hub
  const hubArn = hubDecl === null ? null : roleArn(decl.partition, hubDecl.accountId, hubDecl.role)
  const listing = stacksByAccount(decl)
  const stacksById = new Map(decl.stacks.map((stack) => [stack.id, stack]))
  const declarationsOf = (ids: readonly string[]): StackDeclaration[] => ids.flatMap((id) => stacksById.get(id) ?? [])
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
      trustPolicy: targetTrustPolicy(decl, account, hubArn, declarationsOf(stacks)),
      stacks: [...stacks]
    }
  })

  // Under auth both, only the stacks still on the hub use it; the others' hub access stays until
  // they are moved to auth oidc (the report lists them).
  const hub: DesiredHub | null =
    hubDecl === null || hubArn === null || decl.spacelift.auth === 'oidc'
      ? null
      : {
          kind: 'hub',
          accountId: hubDecl.accountId,
          alias: null,
          profile: profiles.get(hubDecl.accountId) ?? hubDecl.accountId,
          role: hubDecl.role,
          arn: hubArn,
          trustPolicy: hubTrustPolicy(decl),
          permissionPolicy: hubPermissionPolicy(decl, hubDecl, targets),
          stacks: decl.stacks.map((stack) => stack.id).sort(compareStrings)
        }
  const { oidc } = decl.spacelift
  const oidcProviders: DesiredOidcProvider[] =
    oidc === null
      ? []
      : reached.map((account) => ({
          accountId: account.id,
          alias: account.alias,
          arn: oidcProviderArn(decl.partition, account.id, oidc.host),
          url: `https://${oidc.host}`,
          clientIds: [oidc.host]
        }))
  const rolesByAccount = new Map<string, string[]>(hub === null ? [] : [[hub.accountId, [hub.arn]]])
  for (const target of targets) {
    const list = rolesByAccount.get(target.accountId)
    if (list) list.push(target.arn)
    else rolesByAccount.set(target.accountId, [target.arn])
  }
  return { hub, targets, oidcProviders, readRoles: desiredReadRoles(decl, rolesByAccount) }
}
