/**
 * The declaration as the Spacelift plan policy reads it (`declaration` in
 * policies/plan/stack_accounts.rego): supplied as `data.stack_accounts.declaration` to the
 * PR-side evaluation, inlined as a literal by `renderSpaceliftBundle` for Spacelift.
 * Plain JSON with sorted keys and lists, so the rendered policy is deterministic.
 */
import { SPACELIFT_PRINCIPAL_ACCOUNT, type Declaration } from '../config/accounts.js'
import { roleArn } from '../config/arn.js'
import { compareStrings } from '../common/compareStrings.js'

export interface PolicyAccountData {
  id: string
  role_arn: string
}

export interface PolicyStackData {
  /** Aliases of the accounts the stack may reach, sorted. */
  accounts: string[]
  /** The target role ARNs of those accounts: the only roles its AWS providers may assume. */
  role_arns: string[]
  /** The IDs of those accounts: what a provider's allowed_account_ids may name. */
  account_ids: string[]
  access: 'read-write' | 'read-only'
}

export interface PolicyDeclarationData {
  partition: string
  /** accounts.yaml policy.unverifiable: "deny" or "warn" for what a plan does not show enough of. */
  unverifiable: 'deny' | 'warn'
  /** Spacelift's AWS accounts (both SaaS regions and the declared one): trusted only with an external ID. */
  spacelift_account_ids: string[]
  /** The account of Spacelift's AWS principal (SaaS region or self-hosted account). */
  spacelift_principal_account_id: string
  /** Null with auth oidc and no hub. */
  hub: { account_id: string; role_arn: string } | null
  /** Keyed by alias. */
  accounts: Record<string, PolicyAccountData>
  /** Keyed by Spacelift stack ID. */
  stacks: Record<string, PolicyStackData>
  /** Every AWS account accounts.yaml declares (hub, accounts, Spacelift's principal), sorted, unique. */
  declared_account_ids: string[]
}

function sortedRecord<T>(entries: Array<[string, T]>): Record<string, T> {
  return Object.fromEntries([...entries].sort(([a], [b]) => compareStrings(a, b)))
}

export function policyDeclarationData(decl: Declaration): PolicyDeclarationData {
  const accounts = new Map(decl.accounts.map((account) => [account.alias, { id: account.id, role_arn: roleArn(decl.partition, account.id, account.role) }]))

  const stacks = decl.stacks.map((stack): [string, PolicyStackData] => {
    const aliases = [...new Set(stack.accounts)].sort()
    const roleArns = [...new Set(aliases.flatMap((alias) => accounts.get(alias)?.role_arn ?? []))].sort()
    const accountIds = [...new Set(aliases.flatMap((alias) => accounts.get(alias)?.id ?? []))].sort()
    return [stack.id, { accounts: aliases, role_arns: roleArns, account_ids: accountIds, access: stack.access }]
  })

  const accountIds = new Set([...(decl.hub ? [decl.hub.accountId] : []), decl.spacelift.principalAccountId, ...decl.accounts.map((account) => account.id)])

  return {
    partition: decl.partition,
    unverifiable: decl.policy.unverifiable,
    spacelift_account_ids: [...new Set([...Object.values(SPACELIFT_PRINCIPAL_ACCOUNT), decl.spacelift.principalAccountId])].sort(),
    spacelift_principal_account_id: decl.spacelift.principalAccountId,
    hub: decl.hub === null ? null : { account_id: decl.hub.accountId, role_arn: roleArn(decl.partition, decl.hub.accountId, decl.hub.role) },
    accounts: sortedRecord([...accounts.entries()]),
    stacks: sortedRecord(stacks),
    declared_account_ids: [...accountIds].sort()
  }
}
