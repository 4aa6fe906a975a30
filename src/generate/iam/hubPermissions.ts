import type { Declaration, HubDeclaration, RoleRef } from '../../config/accounts.js'
import type { PolicyDocument, PolicyStatement } from '../../iamDocument/types.js'
import type { DesiredRole } from './desiredIamTypes.js'
import { compareStrings } from '../../common/compareStrings.js'
import { InputError } from '../../common/diagnostics.js'
import { stringOrList } from './policyValues.js'

/**
 * The name of the hub role's inline permission policy: the snippets apply it under this name and
 * `diff --aws` reads it back with iam:GetRolePolicy.
 */
export const HUB_PERMISSION_POLICY_NAME = 'stack-accounts'

export const HUB_PERMISSIONS_SID = 'AssumeTargetRoles'
export const HUB_NO_TARGETS_SID = 'NoTargetRoleDeclared'

/**
 * The account segment of the compact forms' Resource: twelve `?`, one character each, so exactly
 * an account ID. A `*` there would be the last character of its ARN segment, which IAM lets
 * "expand to match beyond the colon boundaries": `arn:aws:iam::*:role/t` would then also match a
 * role whose path ends in `:role/` (IAM role paths may hold `:`), e.g. `role/x:role/t`.
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_resource.html#reference_policies_elements_resource_wildcards
 */
export const ANY_ACCOUNT_ID = '????????????'

/**
 * The hub role's permission policy (CONTRACT §2). Actions: sts:AssumeRole, plus sts:TagSession with
 * session tags, nothing else. Resources, by `hub.permissions`:
 * - exact: exactly the target role ARNs of the accounts some stack reaches (one statement);
 * - accounts: one statement per distinct target role path and name, on that role name in any
 *   account, with `StringEquals aws:ResourceAccount` listing the reached accounts that use it;
 * - organization: the same statements with `StringEquals aws:ResourceOrgID` = hub.organization_id.
 * aws:ResourceAccount / aws:ResourceOrgID are the account / organization of the role being assumed:
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-keys.html#condition-keys-resourceaccount
 * With no target, a single Deny on "*" (a Resource list must not be empty).
 */
export function hubPermissionPolicy(
  decl: Declaration,
  hub: HubDeclaration,
  targets: readonly Pick<DesiredRole, 'accountId' | 'role' | 'arn'>[]
): PolicyDocument {
  const actions = stringOrList(decl.spacelift.sessionTags ? ['sts:AssumeRole', 'sts:TagSession'] : ['sts:AssumeRole'])
  if (targets.length === 0) {
    return {
      Version: '2012-10-17',
      Statement: [{ Sid: HUB_NO_TARGETS_SID, Effect: 'Deny', Action: actions, Resource: '*' }]
    }
  }
  if (hub.permissions === 'exact') {
    return {
      Version: '2012-10-17',
      Statement: [{ Sid: HUB_PERMISSIONS_SID, Effect: 'Allow', Action: actions, Resource: stringOrList(targets.map((t) => t.arn)) }]
    }
  }
  const groups = targetsByRole(targets)
  for (const [role] of groups) {
    // Under a compact form the role path and name are a Resource pattern: a * or ? in them would
    // match other roles. The schema's charsets exclude them; this guards the generator anyway.
    if (/[*?]/.test(`${role.path}${role.name}`)) {
      throw new InputError(`target role ${role.path}${role.name} contains * or ?, which IAM would read as a wildcard in the hub's permission policy`)
    }
  }
  const statements: PolicyStatement[] = groups.map(([role, accountIds], index) => {
    const condition =
      hub.permissions === 'organization' ? { 'aws:ResourceOrgID': hub.organizationId ?? '' } : { 'aws:ResourceAccount': stringOrList(accountIds) }
    return {
      Sid: groups.length === 1 ? HUB_PERMISSIONS_SID : `${HUB_PERMISSIONS_SID}${index + 1}`,
      Effect: 'Allow',
      Action: actions,
      Resource: `arn:${decl.partition}:iam::${ANY_ACCOUNT_ID}:role${role.path}${role.name}`,
      Condition: { StringEquals: condition }
    }
  })
  return { Version: '2012-10-17', Statement: statements }
}

/** Target account IDs grouped by role path and name, groups in path+name order. Linear. */
export function targetsByRole(targets: readonly Pick<DesiredRole, 'accountId' | 'role'>[]): [RoleRef, string[]][] {
  const groups = new Map<string, [RoleRef, string[]]>()
  for (const target of targets) {
    const key = `${target.role.path}${target.role.name}`
    const group = groups.get(key)
    if (group) group[1].push(target.accountId)
    else groups.set(key, [target.role, [target.accountId]])
  }
  return [...groups.entries()].sort(([a], [b]) => compareStrings(a, b)).map(([, group]) => group)
}
