import type { Declaration } from '../../config/accounts.js'

/** The name of the hub account's provider (and AWS CLI profile) when no declared account has the hub's ID. */
export const HUB_PROFILE = 'hub'

/**
 * The name under which each account is addressed when its IAM is applied: the Terraform provider
 * alias in `terraform/iam/` and the `--profile` of the report's AWS CLI commands (the README
 * says how to set up one profile per account). A declared account keeps its alias; the hub
 * account, when not declared as well, is `hub` (`hub_account`, `hub_account_2`, ... should an
 * alias of another account already be `hub`). Keyed by account ID.
 */
export function accountProfiles(decl: Declaration): Map<string, string> {
  const profiles = new Map<string, string>()
  for (const account of decl.accounts) profiles.set(account.id, account.alias)
  const hub = decl.hub
  if (hub !== null && !profiles.has(hub.accountId)) {
    const taken = new Set(decl.accounts.map((account) => account.alias))
    let name = HUB_PROFILE
    for (let n = 1; taken.has(name); n += 1) name = n === 1 ? `${HUB_PROFILE}_account` : `${HUB_PROFILE}_account_${n}`
    profiles.set(hub.accountId, name)
  }
  return profiles
}
