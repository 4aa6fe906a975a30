/**
 * The read role of `aws_read` (CONTRACT §2): what `diff --aws` reads live IAM through.
 *
 * - In the hub account it trusts `aws_read.trusted`: GitHub OIDC subjects through the account's
 *   `token.actions.githubusercontent.com` provider (audience `sts.amazonaws.com`, the audience
 *   aws-actions/configure-aws-credentials requests), and IAM role ARNs.
 *   https://docs.github.com/en/actions/security-for-github-actions/security-hardening-your-deployments/configuring-openid-connect-in-amazon-web-services
 * - In every other account some stack reaches it trusts the hub's read role only (the session
 *   `diff --aws` starts in the hub chains into it, `AssumeRole` with the standard chain's credentials).
 * - Its inline policy `stack-accounts-read` allows reading the roles stack-accounts generates in
 *   that account and their inline and attached managed policies (`iam:GetRole`,
 *   `iam:ListRolePolicies`, `iam:GetRolePolicy`, `iam:ListAttachedRolePolicies` on those roles;
 *   `iam:GetPolicy`, `iam:GetPolicyVersion` on the account's and AWS's managed policies), nothing
 *   else; in the hub also `sts:AssumeRole` on the other accounts' read roles, named as
 *   `hub.permissions` names the target roles (their ARNs; or `????????????` with
 *   `aws:ResourceAccount` / `aws:ResourceOrgID`).
 */
import type { AwsReadDeclaration, Declaration, HubDeclaration } from '../../config/accounts.js'
import { roleArn } from '../../config/arn.js'
import type { PolicyDocument, PolicyStatement } from '../../iamDocument/types.js'
import { ANY_ACCOUNT_ID } from './hubPermissions.js'
import { sortedUnique, stringOrList } from './policyValues.js'

export const READ_POLICY_NAME = 'stack-accounts-read'
export const GITHUB_OIDC_HOST = 'token.actions.githubusercontent.com'
export const GITHUB_OIDC_AUDIENCE = 'sts.amazonaws.com'

/** What `diff --aws` calls on a role (src/existing/fromAws.ts) and on the managed policies attached to it. */
export const READ_ROLE_ACTIONS = ['iam:GetRole', 'iam:GetRolePolicy', 'iam:ListAttachedRolePolicies', 'iam:ListRolePolicies'] as const
export const READ_POLICY_ACTIONS = ['iam:GetPolicy', 'iam:GetPolicyVersion'] as const

/** One read role: where it goes, its trust and its inline policy. */
export interface DesiredReadRole {
  accountId: string
  /** Whether this is the hub account's read role (the one `trusted` may assume). */
  hub: boolean
  arn: string
  trustPolicy: PolicyDocument
  permissionPolicy: PolicyDocument
}

/** The hub; read roles exist only with one (config refuses `aws_read` without `hub`). */
function requiredHub(decl: Declaration): HubDeclaration {
  if (decl.hub === null) throw new Error('aws_read needs hub: accounts.yaml validation refuses it without one')
  return decl.hub
}

export function githubOidcProviderArn(decl: Declaration): string {
  return `arn:${decl.partition}:iam::${requiredHub(decl).accountId}:oidc-provider/${GITHUB_OIDC_HOST}`
}

function hubReadTrust(decl: Declaration, awsRead: AwsReadDeclaration): PolicyDocument {
  const subjects = awsRead.trusted.filter((t) => t.startsWith('repo:'))
  const roles = awsRead.trusted.filter((t) => t.startsWith('arn:'))
  const statements: PolicyStatement[] = []
  if (subjects.length > 0) {
    statements.push({
      Sid: 'GitHubActions',
      Effect: 'Allow',
      Principal: { Federated: githubOidcProviderArn(decl) },
      Action: 'sts:AssumeRoleWithWebIdentity',
      Condition: {
        StringEquals: { [`${GITHUB_OIDC_HOST}:aud`]: GITHUB_OIDC_AUDIENCE },
        [subjects.some((s) => s.includes('*')) ? 'StringLike' : 'StringEquals']: { [`${GITHUB_OIDC_HOST}:sub`]: stringOrList(subjects) }
      }
    })
  }
  if (roles.length > 0) statements.push({ Sid: 'TrustedRoles', Effect: 'Allow', Principal: { AWS: stringOrList(roles) }, Action: 'sts:AssumeRole' })
  return { Version: '2012-10-17', Statement: statements }
}

function readPolicy(
  decl: Declaration,
  accountId: string,
  roleArns: readonly string[],
  otherAccounts: readonly string[] | null,
  awsRead: AwsReadDeclaration
): PolicyDocument {
  const statements: PolicyStatement[] = [
    { Sid: 'ReadGeneratedRoles', Effect: 'Allow', Action: [...READ_ROLE_ACTIONS], Resource: stringOrList(roleArns) },
    {
      Sid: 'ReadAttachedPolicies',
      Effect: 'Allow',
      Action: [...READ_POLICY_ACTIONS],
      Resource: sortedUnique([`arn:${decl.partition}:iam::${accountId}:policy/*`, `arn:${decl.partition}:iam::aws:policy/*`])
    }
  ]
  if (otherAccounts !== null && otherAccounts.length > 0) {
    // Named as hub.permissions names the target roles: with exact, their ARNs; else the read
    // role's path and name in exactly one account (twelve `?`) of the listed accounts or of the
    // organization, constant in size with organization.
    const base: PolicyStatement = { Sid: 'AssumeReadRoles', Effect: 'Allow', Action: 'sts:AssumeRole' }
    if (requiredHub(decl).permissions === 'exact') {
      statements.push({ ...base, Resource: stringOrList(otherAccounts.map((id) => roleArn(decl.partition, id, awsRead.role))) })
    } else {
      const condition =
        requiredHub(decl).permissions === 'organization'
          ? { 'aws:ResourceOrgID': requiredHub(decl).organizationId ?? '' }
          : { 'aws:ResourceAccount': stringOrList(otherAccounts) }
      statements.push({
        ...base,
        Resource: `arn:${decl.partition}:iam::${ANY_ACCOUNT_ID}:role${awsRead.role.path}${awsRead.role.name}`,
        Condition: { StringEquals: condition }
      })
    }
  }
  return { Version: '2012-10-17', Statement: statements }
}

/**
 * The read roles: the hub account's first, then one per other account that holds a generated
 * target role, in account-ID order. `rolesByAccount` maps each account ID to the ARNs of the roles
 * stack-accounts generates there. Empty without `aws_read`, and without a hub (config refuses
 * `aws_read` then: the hub account is where CI enters). Linear in the number of accounts.
 */
export function desiredReadRoles(decl: Declaration, rolesByAccount: ReadonlyMap<string, readonly string[]>): DesiredReadRole[] {
  const awsRead = decl.awsRead
  if (awsRead === null || decl.hub === null) return []
  const hubId = requiredHub(decl).accountId
  const hubReadArn = roleArn(decl.partition, hubId, awsRead.role)
  const others = [...rolesByAccount.keys()].filter((id) => id !== hubId).sort()
  const roles: DesiredReadRole[] = [
    {
      accountId: hubId,
      hub: true,
      arn: hubReadArn,
      trustPolicy: hubReadTrust(decl, awsRead),
      permissionPolicy: readPolicy(decl, hubId, rolesByAccount.get(hubId) ?? [], others, awsRead)
    }
  ]
  for (const id of others) {
    roles.push({
      accountId: id,
      hub: false,
      arn: roleArn(decl.partition, id, awsRead.role),
      trustPolicy: { Version: '2012-10-17', Statement: [{ Sid: 'HubReadRole', Effect: 'Allow', Principal: { AWS: hubReadArn }, Action: 'sts:AssumeRole' }] },
      permissionPolicy: readPolicy(decl, id, rolesByAccount.get(id) ?? [], null, awsRead)
    })
  }
  return roles
}
