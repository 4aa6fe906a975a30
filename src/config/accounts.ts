/**
 * The declaration read from accounts.yaml (CONTRACT §1), after validation and with defaults
 * resolved. Everything downstream (IAM, Terraform, Spacelift policy data, diff) reads only this.
 * Lists are sorted (accounts by alias, stacks by ID, a stack's accounts by alias) so every
 * generated artefact is deterministic.
 */
export type Partition = 'aws' | 'aws-us-gov' | 'aws-cn'
export type Access = 'read-write' | 'read-only'
export type ExternalIdMatch = 'exact' | 'stack' | 'integration'
/** How the hub role's permission policy names the target roles (CONTRACT §2). */
export type HubPermissions = 'exact' | 'accounts' | 'organization'
/**
 * How stacks reach their accounts (`spacelift.auth`): through the hub role of Spacelift's AWS
 * integration, with Spacelift's OIDC token straight into each target role, or both (migration).
 */
export type Auth = 'integration' | 'oidc' | 'both'
/** How one stack reaches its accounts: the hub, or web identity (a stack's `auth` under `both`). */
export type StackAuth = 'integration' | 'oidc'
/** What the plan policy does where a plan does not show enough to judge (accounts.yaml `policy.unverifiable`). */
export type Unverifiable = 'deny' | 'warn'

/** An IAM role name with its path; `path` starts and ends with "/" ("/" when none is given). */
export interface RoleRef {
  path: string
  name: string
}

export interface SpaceliftSettings {
  /** Spacelift account name (acme in acme.app.spacelift.io). */
  account: string
  /** eu | us for SaaS; null when aws_account_id (self-hosted) is given. */
  region: 'eu' | 'us' | null
  /** The AWS account whose root principal Spacelift assumes roles from. */
  principalAccountId: string
  /** The Spacelift AWS integration ID; null means "*" in external IDs. */
  integrationId: string | null
  sessionTags: boolean
  externalIdMatch: ExternalIdMatch
  /** Spacelift space of the integration, policy and context ("root" by default). */
  spaceId: string
  /** `spacelift.auth`: integration (default) | oidc | both. */
  auth: Auth
  /** OIDC settings; null when auth is integration. */
  oidc: OidcSettings | null
}

/** Spacelift's OIDC identity provider as IAM sees it (`spacelift.oidc`). */
export interface OidcSettings {
  /**
   * The Spacelift account's hostname, as in the token's `iss` (`https://<host>`) and `aud`
   * (`<host>`): `<account>.app.spacelift.io` (EU SaaS), `<account>.app.us.spacelift.io` (US SaaS),
   * or the self-hosted server's host.
   */
  host: string
  /** The default space ID in every stack's `sub` pattern ("*" by default). */
  space: string
}

/** The hub role (`hub:`), required by auth integration and both. */
export interface HubDeclaration {
  accountId: string
  role: RoleRef
  /** `hub.permissions`: exact (default) | accounts | organization. */
  permissions: HubPermissions
  /** `hub.organization_id` (o-...), required by `permissions: organization`; else null. */
  organizationId: string | null
  /**
   * The role `terraform/iam/` assumes in the hub account: `hub.bootstrap_role`, else that of the
   * declared account with the hub's ID, else `defaults.bootstrap_role`, else OrganizationAccountAccessRole.
   */
  bootstrapRole: RoleRef
}

export interface AccountDeclaration {
  /** The key under `accounts`, also the Terraform provider alias. */
  alias: string
  /** 12 digits. */
  id: string
  role: RoleRef
  region: string
  externalId: string | null
  /**
   * The role `terraform/iam/` assumes to manage IAM in this account (`bootstrap_role`, else
   * `defaults.bootstrap_role`, else OrganizationAccountAccessRole, the role AWS Organizations
   * creates in every account it creates).
   */
  bootstrapRole: RoleRef
}

/**
 * `aws_read`: the role `diff --aws` reads live IAM through, generated in the hub account and in
 * every account some stack reaches. In the hub it trusts `trusted` (GitHub OIDC subjects of the
 * workflow that runs the check, or IAM role ARNs); elsewhere it trusts the hub's read role.
 */
export interface AwsReadDeclaration {
  role: RoleRef
  /** Sorted, unique: `repo:<owner>/<repo>:...` GitHub OIDC subjects and `arn:<partition>:iam::<id>:role/...` ARNs. */
  trusted: string[]
}

/**
 * accounts.yaml larger than this is refused before it is parsed. It lives here, with the model, not
 * in load.ts: the action's git reader needs it, and must not load the YAML parser and ajv with it.
 */
export const MAX_CONFIG_BYTES = 5 * 1024 * 1024

/** The bootstrap role when accounts.yaml names none. */
export const DEFAULT_BOOTSTRAP_ROLE = 'OrganizationAccountAccessRole'

export interface StackDeclaration {
  /** Spacelift stack ID (slug). */
  id: string
  /** Aliases of declared accounts, sorted, unique. */
  accounts: string[]
  access: Access
  /** The Spacelift space ID in the stack's OIDC `sub` pattern (`stacks.<id>.space`, else `spacelift.oidc.space`); "*" without OIDC. */
  space: string
  /** How the stack's providers get credentials: oidc under auth oidc, its own `auth` (default integration) under both. */
  auth: StackAuth
}

export interface Declaration {
  version: 1
  spacelift: SpaceliftSettings
  partition: Partition
  /** Plan policy settings (`policy:`); unverifiable defaults to deny. */
  policy: { unverifiable: Unverifiable }
  /** Null only with `spacelift.auth: oidc` and no `hub:`. */
  hub: HubDeclaration | null
  /** `aws_read`, or null when accounts.yaml does not declare the read role. */
  awsRead: AwsReadDeclaration | null
  /** Sorted by alias. Includes accounts no stack lists (validation warns about them). */
  accounts: AccountDeclaration[]
  /** Sorted by ID. */
  stacks: StackDeclaration[]
}

/** The path of a value inside accounts.yaml, e.g. ["accounts", "prod", "id"]. */
export type ConfigPath = readonly (string | number)[]

export function formatPath(path: ConfigPath): string {
  return path.map(String).join('.')
}

export const SPACELIFT_PRINCIPAL_ACCOUNT: Readonly<Record<'eu' | 'us', string>> = {
  eu: '324880187172',
  us: '577638371743'
}

/**
 * Spacelift's OIDC hostname of a SaaS account: the token's `aud`, and `iss` without `https://`.
 * EU: `<account>.app.spacelift.io`
 * (https://github.com/spacelift-io/user-documentation/blob/main/docs/integrations/cloud-providers/oidc/README.md#standard-claims);
 * US: `<account>.app.us.spacelift.io` (the account URL of the US region,
 * https://github.com/spacelift-io/user-documentation/blob/main/docs/concepts/worker-pools/README.md).
 */
export function saasOidcHost(account: string, region: 'eu' | 'us'): string {
  return region === 'eu' ? `${account}.app.spacelift.io` : `${account}.app.us.spacelift.io`
}
