import type { RoleRef } from '../../config/accounts.js'
import type { PolicyDocument } from '../../iamDocument/types.js'
import type { DesiredReadRole } from './readRole.js'

/** One IAM role the declaration implies, with the trust policy it must have. */
export interface DesiredRole {
  kind: 'hub' | 'target'
  accountId: string
  /** The account alias for targets; null for the hub. */
  alias: string | null
  /** The account's provider alias in terraform/iam/ and AWS CLI profile (accountProfiles). */
  profile: string
  role: RoleRef
  arn: string
  trustPolicy: PolicyDocument
  /** Stacks that reach this role (for the hub: every declared stack), sorted. */
  stacks: string[]
}

export interface DesiredHub extends DesiredRole {
  kind: 'hub'
  /** The hub role's (inline) permission policy: may assume exactly the target roles. */
  permissionPolicy: PolicyDocument
}

/** Spacelift's OIDC identity provider in one target account (auth oidc and both). */
export interface DesiredOidcProvider {
  accountId: string
  alias: string
  /** `arn:<partition>:iam::<account>:oidc-provider/<host>`. */
  arn: string
  /** `https://<host>`, the token's issuer. */
  url: string
  /** `[<host>]`, the token's audience. */
  clientIds: string[]
}

export interface DesiredIam {
  /** Null with auth oidc and no hub. */
  hub: DesiredHub | null
  /** One per target account under auth oidc and both, in alias order; empty under integration. */
  oidcProviders: DesiredOidcProvider[]
  /** Sorted by account alias; only accounts some stack lists. */
  targets: DesiredRole[]
  /** The read roles of `aws_read` (hub account first); empty without it. */
  readRoles: DesiredReadRole[]
}
