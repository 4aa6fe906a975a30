import type { Declaration } from '../config/model.js'
import type { PolicyDocument } from '../policy/document.js'
import { stringOrList } from './values.js'

/**
 * The name of the hub role's inline permission policy: the snippets apply it under this name and
 * `diff --aws` reads it back with iam:GetRolePolicy.
 */
export const HUB_PERMISSION_POLICY_NAME = 'stack-accounts'

export const HUB_PERMISSIONS_SID = 'AssumeTargetRoles'
export const HUB_NO_TARGETS_SID = 'NoTargetRoleDeclared'

/**
 * The hub role's permission policy (CONTRACT §2): sts:AssumeRole (and sts:TagSession with session
 * tags) on exactly the given target role ARNs (those of the accounts some stack reaches).
 * With no target, a single Deny on "*" (a Resource list must not be empty).
 */
export function hubPermissionPolicy(decl: Declaration, targetRoleArns: readonly string[]): PolicyDocument {
  const actions = decl.spacelift.sessionTags ? ['sts:AssumeRole', 'sts:TagSession'] : ['sts:AssumeRole']
  if (targetRoleArns.length === 0) {
    return {
      Version: '2012-10-17',
      Statement: [{ Sid: HUB_NO_TARGETS_SID, Effect: 'Deny', Action: stringOrList(actions), Resource: '*' }]
    }
  }
  return {
    Version: '2012-10-17',
    Statement: [
      { Sid: HUB_PERMISSIONS_SID, Effect: 'Allow', Action: stringOrList(actions), Resource: stringOrList(targetRoleArns) }
    ]
  }
}
