import type { AccountDeclaration, Declaration, StackDeclaration } from '../../config/accounts.js'
import type { ConditionBlock, PolicyDocument, PolicyStatement } from '../../iamDocument/types.js'
import { oidcTrustStatement } from './oidcTrust.js'
import { stringOrList } from './policyValues.js'

export const TARGET_ASSUME_SID = 'HubAssumeRole'
export const TARGET_TAG_SESSION_SID = 'HubTagSession'
/** The session tag Spacelift sets to the stack ID when the integration tags sessions. */
export const STACK_TAG_KEY = 'aws:PrincipalTag/stack'

/**
 * A target role's trust policy (CONTRACT §2): the hub statements (auth integration and both, with
 * `hubRoleArn`) and the Spacelift OIDC statement (auth oidc and both) for `stacks`, the stacks
 * listing this account, sorted by ID.
 */
export function targetTrustPolicy(
  decl: Declaration,
  account: AccountDeclaration,
  hubRoleArn: string | null,
  stacks: readonly StackDeclaration[]
): PolicyDocument {
  const statements: PolicyStatement[] = []
  if (hubRoleArn !== null && decl.spacelift.auth !== 'oidc') {
    statements.push(
      ...hubTrustStatements(
        decl,
        account,
        hubRoleArn,
        stacks.map((stack) => stack.id)
      )
    )
  }
  const { oidc } = decl.spacelift
  if (oidc !== null) statements.push(oidcTrustStatement(decl, oidc, account.id, stacks))
  return { Version: '2012-10-17', Statement: statements }
}

/**
 * The hub's statements in a target role's trust policy (CONTRACT §2): only the hub role may assume it; with the account's
 * external ID, only when sts:ExternalId equals it; with session tags, only when the hub session's
 * `stack` tag names one of `stacks` (the stacks listing this account), plus a statement letting
 * the hub role pass (transitive) tags. Condition keys are written in sorted order.
 */
function hubTrustStatements(decl: Declaration, account: AccountDeclaration, hubRoleArn: string, stacks: readonly string[]): PolicyStatement[] {
  const principal = { AWS: hubRoleArn }
  const equals: Record<string, string | string[]> = {}
  if (decl.spacelift.sessionTags) equals[STACK_TAG_KEY] = stringOrList(stacks)
  if (account.externalId !== null) equals['sts:ExternalId'] = account.externalId
  const assume: PolicyStatement = { Sid: TARGET_ASSUME_SID, Effect: 'Allow', Principal: principal, Action: 'sts:AssumeRole' }
  if (Object.keys(equals).length > 0) {
    const condition: ConditionBlock = { StringEquals: equals }
    assume.Condition = condition
  }
  const statements: PolicyStatement[] = [assume]
  if (decl.spacelift.sessionTags) {
    statements.push({ Sid: TARGET_TAG_SESSION_SID, Effect: 'Allow', Principal: principal, Action: 'sts:TagSession' })
  }
  return statements
}
