/**
 * `diff --aws`: the trust policies that exist today, read live from IAM.
 *
 * Credentials: the standard chain of the AWS SDK (environment, profile, SSO, container, instance)
 * for the account it belongs to (found with sts:GetCallerIdentity, which needs no permission) —
 * normally the hub account. Roles in any other account are read through that account's read role
 * (`--aws-read-role NAME`), assumed once per account with session name `stack-accounts-diff`.
 * Permissions needed: iam:GetRole on each role; on the hub role iam:ListRolePolicies,
 * iam:GetRolePolicy, iam:ListAttachedRolePolicies, and iam:GetPolicy + iam:GetPolicyVersion on its
 * attached managed policies (every policy of the hub counts in what it may do); sts:AssumeRole on
 * the read roles.
 *
 * Calls run with bounded concurrency and the SDK's adaptive retry on throttling. A role that does
 * not exist (NoSuchEntity) is "to be created"; any other failure (AccessDenied on AssumeRole or
 * GetRole, ...) is reported for that role while the others still load. AWS_ENDPOINT_URL (and
 * AWS_ENDPOINT_URL_IAM / _STS) is honoured by the SDK itself.
 */
import {
  GetOpenIDConnectProviderCommand,
  GetPolicyCommand,
  GetPolicyVersionCommand,
  GetRoleCommand,
  GetRolePolicyCommand,
  IAMClient,
  ListAttachedRolePoliciesCommand,
  ListRolePoliciesCommand
} from '@aws-sdk/client-iam'
import { AssumeRoleCommand, GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts'
import type { Partition, RoleRef } from '../config/accounts.js'
import type { Diagnostic } from '../common/diagnostics.js'
import { roleArn } from '../config/arn.js'
import { HUB_PERMISSION_POLICY_NAME } from '../generate/iam/hubPermissions.js'
import { mapWithConcurrency } from './concurrency.js'
import { decodePolicyDocument } from '../iamDocument/read.js'
import {
  compareDiagnostics,
  roleKeyString,
  type ExistingIdentityProvider,
  type ExistingRole,
  type ExistingSet,
  type RoleKey,
  uniqueRoles
} from './existingPolicies.js'
import { appendAll } from '../common/append.js'
import { compareStrings } from '../common/compareStrings.js'

export const READ_SESSION_NAME = 'stack-accounts-diff'
export const DEFAULT_AWS_CONCURRENCY = 8
const MAX_ATTEMPTS = 8

/** Credentials as STS returns them (structurally the SDK's AwsCredentialIdentity). */
export interface SessionCredentials {
  accessKeyId: string
  secretAccessKey: string
  sessionToken?: string
  expiration?: Date
}

/** Builds the SDK clients; tests and embedders may supply their own. `credentials` undefined = standard chain. */
export interface AwsClientFactory {
  iam(options: { region: string; credentials?: SessionCredentials }): IAMClient
  sts(options: { region: string }): STSClient
}

export interface AwsReadOptions {
  /** The hub role; null with auth oidc and no hub. */
  hub: { accountId: string; role: RoleRef } | null
  targets: RoleKey[]
  /** Spacelift's OIDC identity providers to look for (auth oidc or both), by account and ARN. */
  identityProviders?: { accountId: string; arn: string }[]
  /**
   * Name (or /path/name) of the role assumed in each non-home account to read its roles; null when
   * there is none (then only the caller's own account can be read).
   */
  readRoleName: string | null
  partition: Partition
  /** STS region; defaults to AWS_REGION / AWS_DEFAULT_REGION, then the partition's home region. */
  region?: string
  concurrency?: number
  clientFactory?: AwsClientFactory
}

export const defaultClientFactory: AwsClientFactory = {
  iam: ({ region, credentials }) => new IAMClient({ region, retryMode: 'adaptive', maxAttempts: MAX_ATTEMPTS, ...(credentials ? { credentials } : {}) }),
  sts: ({ region }) => new STSClient({ region, retryMode: 'adaptive', maxAttempts: MAX_ATTEMPTS })
}

/** IAM is global, served (and signed) in one region per partition. */
const PARTITION_HOME_REGION: Record<Partition, string> = {
  aws: 'us-east-1',
  'aws-us-gov': 'us-gov-west-1',
  'aws-cn': 'cn-north-1'
}

export async function readExistingFromAws(options: AwsReadOptions): Promise<ExistingSet> {
  const session = new AwsSession(options)
  try {
    const hub: RoleKey[] = options.hub === null ? [] : [{ kind: 'hub', accountId: options.hub.accountId, role: options.hub.role }]
    const keys = uniqueRoles([...hub, ...options.targets])
    const errors: Diagnostic[] = []
    const roles = await mapWithConcurrency(keys, options.concurrency ?? DEFAULT_AWS_CONCURRENCY, async (key) => {
      const result = await session.readRole(key)
      appendAll(errors, result.diagnostics)
      return result.role
    })
    const byKey = new Map<string, ExistingRole>()
    for (const role of roles) byKey.set(roleKeyString(role.key.accountId, role.key.role.name), role)
    const set: ExistingSet = { roles: byKey, unexpectedFiles: [], errors: errors.sort(compareDiagnostics) }
    if (options.identityProviders !== undefined) {
      set.identityProviders = await mapWithConcurrency(options.identityProviders, options.concurrency ?? DEFAULT_AWS_CONCURRENCY, (provider) =>
        session.readIdentityProvider(provider.accountId, provider.arn)
      )
    }
    return set
  } finally {
    session.destroy()
  }
}

/** The IAM client for an account, or why there is none. */
type AccountAccess = { ok: true; iam: IAMClient } | { ok: false; message: string }

class AwsSession {
  private readonly partition: Partition
  private readonly iamRegion: string
  private readonly stsRegion: string
  private readonly factory: AwsClientFactory
  private readonly clients: (IAMClient | STSClient)[] = []
  private sts: STSClient | undefined
  private home: Promise<{ ok: true; accountId: string; iam: IAMClient } | { ok: false; message: string }> | undefined
  private readonly accounts = new Map<string, Promise<AccountAccess>>()

  constructor(private readonly options: AwsReadOptions) {
    this.partition = options.partition
    this.iamRegion = PARTITION_HOME_REGION[options.partition]
    this.stsRegion = options.region ?? process.env.AWS_REGION ?? process.env.AWS_DEFAULT_REGION ?? this.iamRegion
    this.factory = options.clientFactory ?? defaultClientFactory
  }

  destroy(): void {
    for (const c of this.clients) c.destroy()
  }

  async readRole(key: RoleKey): Promise<{ role: ExistingRole; diagnostics: Diagnostic[] }> {
    const arn = roleArn(this.partition, key.accountId, key.role)
    const role: ExistingRole = { key, trustPolicy: null, source: null }
    const diagnostics: Diagnostic[] = []
    const fail = (message: string, severity: Diagnostic['severity'] = 'error'): void => {
      const diagnostic: Diagnostic = { severity, file: '', path: '', line: 0, column: 0, message }
      diagnostics.push(diagnostic)
      if (severity !== 'error') return
      role.error = role.error ? `${role.error}; ${message}` : message
      ;(role.errorDiagnostics ??= []).push(diagnostic)
    }

    const access = await this.accessTo(key.accountId)
    if (!access.ok) {
      fail(`cannot read ${arn}: ${access.message}`)
      return { role, diagnostics }
    }

    let exists = true
    try {
      const out = await access.iam.send(new GetRoleCommand({ RoleName: key.role.name }))
      const decoded = decodePolicyDocument(out.Role?.AssumeRolePolicyDocument, 'AssumeRolePolicyDocument', true)
      if (decoded.ok) {
        role.trustPolicy = decoded.document
        role.source = 'aws'
      } else {
        fail(`cannot read ${arn}: GetRole returned an unreadable trust policy: ${decoded.message}`)
      }
      const path = out.Role?.Path
      if (path !== undefined && path !== key.role.path) {
        fail(`${arn}: the role exists with path ${path}, accounts.yaml declares ${key.role.path}`, 'warning')
      }
    } catch (e) {
      if (isNoSuchEntity(e)) {
        exists = false
      } else {
        fail(`cannot read ${arn}: ${describeError(e)}${accessDeniedHint(e, `iam:GetRole on ${arn}`, await this.callerDescription(key.accountId))}`)
      }
    }

    if (key.kind === 'hub') {
      if (!exists) role.permissionPolicy = null
      else if (!role.error) await this.readHubPolicies(access.iam, key, arn, role, fail)
    }
    return { role, diagnostics }
  }

  /**
   * Every permission policy of the hub role: its inline policies (the declared one,
   * HUB_PERMISSION_POLICY_NAME, and any other) and its attached managed policies (their default
   * version). Any of them may allow the hub to assume a role, so a policy that cannot be read makes
   * the role unreadable, never "unchanged".
   * https://docs.aws.amazon.com/IAM/latest/APIReference/API_ListRolePolicies.html
   * https://docs.aws.amazon.com/IAM/latest/APIReference/API_ListAttachedRolePolicies.html
   * https://docs.aws.amazon.com/IAM/latest/APIReference/API_GetPolicyVersion.html
   */
  private async readHubPolicies(iam: IAMClient, key: RoleKey, arn: string, role: ExistingRole, fail: (message: string) => void): Promise<void> {
    const caller = await this.callerDescription(key.accountId)
    const failed = (what: string, permission: string, e: unknown): void =>
      fail(`cannot read ${what} of ${arn}: ${describeError(e)}${accessDeniedHint(e, `${permission}`, caller)}`)
    let inlineNames: string[]
    let attached: string[]
    try {
      inlineNames = await listAll(async (Marker) => {
        const out = await iam.send(new ListRolePoliciesCommand({ RoleName: key.role.name, ...(Marker ? { Marker } : {}) }))
        return { items: out.PolicyNames ?? [], marker: out.IsTruncated ? out.Marker : undefined }
      })
    } catch (e) {
      return failed('the inline policy names', `iam:ListRolePolicies on ${arn}`, e)
    }
    try {
      attached = await listAll(async (Marker) => {
        const out = await iam.send(new ListAttachedRolePoliciesCommand({ RoleName: key.role.name, ...(Marker ? { Marker } : {}) }))
        return { items: (out.AttachedPolicies ?? []).flatMap((p) => (p.PolicyArn ? [p.PolicyArn] : [])), marker: out.IsTruncated ? out.Marker : undefined }
      })
    } catch (e) {
      return failed('the attached managed policies', `iam:ListAttachedRolePolicies on ${arn}`, e)
    }
    role.permissionPolicy = null
    const others: { name: string; document: unknown }[] = []
    for (const name of inlineNames.sort(compareStrings)) {
      const what = `the inline policy ${name}`
      try {
        const out = await iam.send(new GetRolePolicyCommand({ RoleName: key.role.name, PolicyName: name }))
        const decoded = decodePolicyDocument(out.PolicyDocument, 'PolicyDocument')
        if (!decoded.ok) return fail(`cannot read ${what} of ${arn}: ${decoded.message}`)
        if (name === HUB_PERMISSION_POLICY_NAME) role.permissionPolicy = decoded.document
        else others.push({ name: `inline policy ${name}`, document: decoded.document })
      } catch (e) {
        return failed(what, `iam:GetRolePolicy on ${arn}`, e)
      }
    }
    for (const policyArn of attached.sort(compareStrings)) {
      const what = `the managed policy ${policyArn}`
      try {
        const policy = await iam.send(new GetPolicyCommand({ PolicyArn: policyArn }))
        const versionId = policy.Policy?.DefaultVersionId
        if (!versionId) return fail(`cannot read ${what} of ${arn}: GetPolicy returned no default version`)
        const out = await iam.send(new GetPolicyVersionCommand({ PolicyArn: policyArn, VersionId: versionId }))
        const decoded = decodePolicyDocument(out.PolicyVersion?.Document, 'PolicyVersion.Document')
        if (!decoded.ok) return fail(`cannot read ${what} of ${arn}: ${decoded.message}`)
        others.push({ name: `managed policy ${policyArn}`, document: decoded.document })
      } catch (e) {
        return failed(what, `iam:GetPolicy and iam:GetPolicyVersion on ${policyArn}`, e)
      }
    }
    role.otherPermissionPolicies = others
  }

  /**
   * An OIDC identity provider by ARN (iam:GetOpenIDConnectProvider,
   * https://docs.aws.amazon.com/IAM/latest/APIReference/API_GetOpenIDConnectProvider.html):
   * NoSuchEntity means it does not exist.
   */
  async readIdentityProvider(accountId: string, arn: string): Promise<ExistingIdentityProvider> {
    const access = await this.accessTo(accountId)
    if (!access.ok) return { accountId, arn, state: 'unknown', clientIds: [], message: access.message }
    try {
      const out = await access.iam.send(new GetOpenIDConnectProviderCommand({ OpenIDConnectProviderArn: arn }))
      return { accountId, arn, state: 'present', clientIds: out.ClientIDList ?? [] }
    } catch (e) {
      if (isNoSuchEntity(e)) return { accountId, arn, state: 'missing', clientIds: [] }
      const hint = accessDeniedHint(e, `iam:GetOpenIDConnectProvider on ${arn}`, await this.callerDescription(accountId))
      return { accountId, arn, state: 'unknown', clientIds: [], message: `${describeError(e)}${hint}` }
    }
  }

  /** Who makes the calls in an account, for error messages. */
  private async callerDescription(accountId: string): Promise<string> {
    const home = await this.homeAccount()
    if (home.ok && home.accountId === accountId) return 'the caller (the standard credential chain)'
    return this.options.readRoleName === null ? 'nobody (no read role is named)' : `the read role ${this.readRoleArn(accountId, this.options.readRoleName)}`
  }

  private readRoleArn(accountId: string, name: string): string {
    return `arn:${this.partition}:iam::${accountId}:role${name.startsWith('/') ? name : `/${name}`}`
  }

  private stsClient(): STSClient {
    if (!this.sts) {
      this.sts = this.factory.sts({ region: this.stsRegion })
      this.clients.push(this.sts)
    }
    return this.sts
  }

  private homeAccount(): Promise<{ ok: true; accountId: string; iam: IAMClient } | { ok: false; message: string }> {
    this.home ??= (async () => {
      try {
        const identity = await this.stsClient().send(new GetCallerIdentityCommand({}))
        if (!identity.Account) return { ok: false as const, message: 'sts:GetCallerIdentity returned no account' }
        const iam = this.factory.iam({ region: this.iamRegion })
        this.clients.push(iam)
        return { ok: true as const, accountId: identity.Account, iam }
      } catch (e) {
        return {
          ok: false as const,
          message: `no usable AWS credentials from the standard chain (environment, profile, SSO, container or instance role): ${describeError(e)}`
        }
      }
    })()
    return this.home
  }

  /** The IAM client for an account: the caller's own, or through the read role; one AssumeRole per account. */
  private accessTo(accountId: string): Promise<AccountAccess> {
    let access = this.accounts.get(accountId)
    if (!access) {
      access = this.openAccount(accountId)
      this.accounts.set(accountId, access)
    }
    return access
  }

  private async openAccount(accountId: string): Promise<AccountAccess> {
    const home = await this.homeAccount()
    if (!home.ok) return home
    if (home.accountId === accountId) return { ok: true, iam: home.iam }
    if (this.options.readRoleName === null) {
      return {
        ok: false,
        message: `account ${accountId} is not the caller's (${home.accountId}) and no read role is named to enter it: give --aws-read-role NAME (the action's aws-read-role input) or declare aws_read in accounts.yaml`
      }
    }
    const readRole = this.readRoleArn(accountId, this.options.readRoleName)
    try {
      const out = await this.stsClient().send(new AssumeRoleCommand({ RoleArn: readRole, RoleSessionName: READ_SESSION_NAME }))
      const c = out.Credentials
      if (!c?.AccessKeyId || !c.SecretAccessKey) {
        return { ok: false, message: `AssumeRole of ${readRole} returned no credentials` }
      }
      const credentials: SessionCredentials = {
        accessKeyId: c.AccessKeyId,
        secretAccessKey: c.SecretAccessKey,
        ...(c.SessionToken ? { sessionToken: c.SessionToken } : {}),
        ...(c.Expiration ? { expiration: c.Expiration } : {})
      }
      const iam = this.factory.iam({ region: this.iamRegion, credentials })
      this.clients.push(iam)
      return { ok: true, iam }
    } catch (e) {
      const hint = isAccessDenied(e)
        ? `; the caller (account ${home.accountId}) needs sts:AssumeRole on ${readRole}, and that role's trust policy must allow the caller (check --aws-read-role)`
        : ''
      return { ok: false, message: `cannot assume the read role ${readRole}: ${describeError(e)}${hint}` }
    }
  }
}

/** Every item of a paginated IAM list (Marker / IsTruncated). */
async function listAll<T>(page: (marker: string | undefined) => Promise<{ items: T[]; marker: string | undefined }>): Promise<T[]> {
  const items: T[] = []
  let marker: string | undefined
  do {
    const out = await page(marker)
    appendAll(items, out.items)
    marker = out.marker
  } while (marker)
  return items
}

function awsErrorCode(e: unknown): string {
  if (typeof e !== 'object' || e === null) return ''
  const r = e as { name?: unknown; Code?: unknown }
  return typeof r.Code === 'string' ? r.Code : typeof r.name === 'string' ? r.name : ''
}

function isNoSuchEntity(e: unknown): boolean {
  const code = awsErrorCode(e)
  return code === 'NoSuchEntity' || code === 'NoSuchEntityException' || (e as { name?: unknown })?.name === 'NoSuchEntityException'
}

function isAccessDenied(e: unknown): boolean {
  return /^AccessDenied/.test(awsErrorCode(e))
}

function accessDeniedHint(e: unknown, permission: string, who: string): string {
  return isAccessDenied(e) ? `; ${who} needs ${permission}` : ''
}

function describeError(e: unknown): string {
  const code = awsErrorCode(e)
  const message = e instanceof Error ? e.message : String(e)
  return code && !message.startsWith(code) ? `${code}: ${message}` : message
}
