import type { Declaration } from '../../config/accounts.js'
import type { PolicyDocument, PolicyStatement } from '../../iamDocument/types.js'
import { accountRootArn } from '../../config/arn.js'
import { allExternalIds, isPattern } from './externalIds.js'
import { stringOrList } from './policyValues.js'

export const HUB_ASSUME_SID = 'SpaceliftAssumeRole'
export const HUB_TAG_SESSION_SID = 'SpaceliftTagSession'
export const HUB_NO_STACKS_SID = 'NoStackDeclared'

/** Spacelift's principal P: the root of Spacelift's AWS account (eu, us, or self-hosted). */
export function spaceliftPrincipalArn(decl: Declaration): string {
  return accountRootArn(decl.partition, decl.spacelift.principalAccountId)
}

/**
 * The hub role's trust policy (CONTRACT §2): Spacelift's principal may assume it only with one of
 * the declared stacks' external IDs; StringEquals when every value is exact, StringLike when any
 * holds a wildcard (a missing integration ID, or `external_id_match: stack`). With session tags, a
 * separate statement lets Spacelift tag the session.
 *
 * With no stack declared, nothing may assume the role: the policy is a single Deny, because an
 * empty list of condition values is not a safe way to say "none" (Access Analyzer reports an
 * empty-array condition as having no effect).
 */
export function hubTrustPolicy(decl: Declaration): PolicyDocument {
  const principal = { AWS: spaceliftPrincipalArn(decl) }
  const externalIds = allExternalIds(decl.spacelift, decl.stacks)
  if (externalIds.length === 0) {
    return {
      Version: '2012-10-17',
      Statement: [{ Sid: HUB_NO_STACKS_SID, Effect: 'Deny', Principal: principal, Action: 'sts:AssumeRole' }]
    }
  }
  const operator = externalIds.some(isPattern) ? 'StringLike' : 'StringEquals'
  const statements: PolicyStatement[] = [
    {
      Sid: HUB_ASSUME_SID,
      Effect: 'Allow',
      Principal: principal,
      Action: 'sts:AssumeRole',
      Condition: { [operator]: { 'sts:ExternalId': stringOrList(externalIds) } }
    }
  ]
  if (decl.spacelift.sessionTags) {
    statements.push({ Sid: HUB_TAG_SESSION_SID, Effect: 'Allow', Principal: principal, Action: 'sts:TagSession' })
  }
  return { Version: '2012-10-17', Statement: statements }
}
