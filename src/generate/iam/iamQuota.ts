/**
 * IAM's size limits, checked for every generated document, each error placed at the accounts.yaml
 * line that chooses the document's form, with the size, the limit and the forms that would fit.
 *
 * The limits (IAM and AWS STS quotas, "IAM and STS character limits"):
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_iam-quotas.html#reference_iam-quotas-entity-length
 * - role trust policy length: 2,048 characters by default, raisable through Service Quotas to 4,096;
 * - role inline policy size: 10,240 characters for all of a role's inline policies together;
 * - managed policy size: 6,144 characters; managed policies attached to a role: 10 by default.
 * "IAM doesn't count white space when calculating the size of a policy against these limits."
 *
 * stack-accounts generates one trust policy per role and one inline policy (the hub's permission
 * policy); it generates and attaches no managed policy, so the last two limits have no generated
 * document to apply to (they are exported for the reports and the documentation).
 */
import type { ConfigPath, Declaration, HubDeclaration } from '../../config/accounts.js'
import type { Diagnostic } from '../../common/diagnostics.js'
import type { PolicyDocument } from '../../iamDocument/types.js'
import type { DesiredIam, DesiredRole } from './desiredIamTypes.js'
import { HUB_PERMISSION_POLICY_NAME, hubPermissionPolicy } from './hubPermissions.js'
import { hubTrustPolicy } from './hubTrust.js'
import type { Locate } from './locate.js'
import { locateFirst } from './locate.js'

/** IAM's default "Role trust policy length" quota, in characters without white space. */
export const DEFAULT_TRUST_POLICY_QUOTA = 2048
/** The most the "Role trust policy length" quota can be raised to. */
export const MAX_TRUST_POLICY_QUOTA = 4096
/** "Role inline policy size": all of a role's inline policies together. Not adjustable. */
export const ROLE_INLINE_POLICIES_LIMIT = 10_240
/** "Managed policy size". Not adjustable. */
export const MANAGED_POLICY_LIMIT = 6_144
/** "Managed policies attached to an IAM role", default (raisable to 20). */
export const MANAGED_POLICIES_PER_ROLE = 10

/** A Spacelift integration ID's length (a ULID) and the longest organization ID: for sizing forms not yet configured. */
const PLACEHOLDER_INTEGRATION_ID = '0'.repeat(26)
const PLACEHOLDER_ORGANIZATION_ID = `o-${'0'.repeat(32)}`

/**
 * The size IAM charges a policy against its quota: the characters of the document's JSON with
 * every white-space character removed ("IAM doesn't count white space"). Counted in Unicode code
 * points. The generated values never contain white space, so this is also the minified length.
 */
export function policySize(document: PolicyDocument): number {
  // White space is all in the BMP, so removing it by code unit is exact; then count code points
  // (a pair of surrogates is one character). One regular-expression pass, not a test per character:
  // this runs for every role of the organisation on every diff.
  const text = JSON.stringify(document).replace(/\s/g, '')
  return /[\uD800-\uDFFF]/.test(text) ? [...text].length : text.length
}

const numberFormat = new Intl.NumberFormat('en-US')
const n = (value: number) => numberFormat.format(value)

export interface LimitOptions {
  /** The account's "Role trust policy length" quota (default 2,048, at most 4,096). */
  trustPolicyQuota: number
  locate: Locate
  file: string
}

/** An error for every generated document over its IAM limit. Linear in the number of roles. */
export function iamLimitDiagnostics(decl: Declaration, desired: DesiredIam, options: LimitOptions): Diagnostic[] {
  const diagnostics: Diagnostic[] = []
  const error = (candidates: ConfigPath[], message: string) => {
    const where = locateFirst(options.locate, candidates)
    diagnostics.push({ severity: 'error', file: options.file, path: where.path, line: where.line, column: where.column, message })
  }
  const quota = options.trustPolicyQuota

  const { hub } = desired
  if (hub !== null && decl.hub !== null) {
    const hubTrustSize = policySize(hub.trustPolicy)
    if (hubTrustSize > quota) {
      error([['spacelift', 'external_id_match'], ['spacelift']], hubTrustMessage(decl, hub, hubTrustSize, quota))
    }
    const permissionsSize = policySize(hub.permissionPolicy)
    if (permissionsSize > ROLE_INLINE_POLICIES_LIMIT) {
      error([['hub', 'permissions'], ['hub']], hubPermissionsMessage(decl, decl.hub, hub, desired.targets, permissionsSize))
    }
  }
  for (const target of desired.targets) {
    const size = policySize(target.trustPolicy)
    if (size > quota) error([['accounts', target.alias ?? ''], ['accounts']], targetTrustMessage(decl, target, size, quota))
  }
  for (const read of desired.readRoles) {
    const trustSize = policySize(read.trustPolicy)
    if (trustSize > quota) {
      error(
        [['aws_read', 'trusted'], ['aws_read']],
        `${overMessage(`the trust policy of the read role ${read.arn}`, trustSize, trustQuotaText(quota))} Trust fewer subjects (a * after the repository covers several).`
      )
    }
    const policySizeOf = policySize(read.permissionPolicy)
    if (policySizeOf > ROLE_INLINE_POLICIES_LIMIT) {
      error(
        [['hub', 'permissions'], ['aws_read']],
        `${overMessage(`the inline policy of the read role ${read.arn}`, policySizeOf, `IAM's limit of ${n(ROLE_INLINE_POLICIES_LIMIT)} for a role's inline policies`)} hub.permissions: accounts or organization names the other accounts' read roles in less (organization: constant size).`
      )
    }
  }
  return diagnostics
}

function overMessage(what: string, size: number, limit: string): string {
  return `${what} would be ${n(size)} characters (white space not counted), over ${limit}: IAM would reject it.`
}

function trustQuotaText(quota: number): string {
  return `the role trust policy quota of ${n(quota)}${quota === DEFAULT_TRUST_POLICY_QUOTA ? " (IAM's default)" : ''}`
}

/** "raise the quota ..." when a raised quota would hold `size`, else null. */
function raiseRemedy(size: number, quota: number): string | null {
  if (quota >= MAX_TRUST_POLICY_QUOTA || size > MAX_TRUST_POLICY_QUOTA) return null
  return (
    `raise the "Role trust policy length" quota of IAM through Service Quotas to at least ${n(size)} (AWS allows up to ` +
    `${n(MAX_TRUST_POLICY_QUOTA)}) and pass it with --trust-policy-quota (the action's trust-policy-quota input)`
  )
}

function hubTrustMessage(decl: Declaration, hub: DesiredRole, size: number, quota: number): string {
  const current = decl.spacelift.externalIdMatch
  const head = overMessage(`the trust policy of the hub role ${hub.arn}`, size, trustQuotaText(quota))
  const held = ` With external_id_match: ${current} it holds ${n(externalIdCount(hub.trustPolicy))} external IDs for ${n(hub.stacks.length)} stacks.`
  const fits: string[] = []
  for (const form of ['stack', 'integration'] as const) {
    if (form === current) continue
    const integrationId = form === 'integration' ? (decl.spacelift.integrationId ?? PLACEHOLDER_INTEGRATION_ID) : decl.spacelift.integrationId
    const alternative = hubTrustPolicy({ ...decl, spacelift: { ...decl.spacelift, externalIdMatch: form, integrationId } })
    const alternativeSize = policySize(alternative)
    if (alternativeSize > quota) continue
    const needs = form === 'integration' && decl.spacelift.integrationId === null ? '; needs spacelift.integration_id' : ''
    fits.push(`spacelift.external_id_match: ${form} (${n(alternativeSize)} characters${needs})`)
  }
  const raise = raiseRemedy(size, quota)
  if (raise) fits.push(raise)
  if (fits.length === 0) return `${head}${held} No form fits: declare fewer stacks.`
  return `${head}${held} What would fit: ${fits.join('; or ')}.`
}

function hubPermissionsMessage(decl: Declaration, hubDecl: HubDeclaration, hub: DesiredRole, targets: readonly DesiredRole[], size: number): string {
  const current = hubDecl.permissions
  const head = overMessage(
    `the hub role's inline permission policy (${HUB_PERMISSION_POLICY_NAME}) of ${hub.arn}`,
    size,
    `IAM's limit of ${n(ROLE_INLINE_POLICIES_LIMIT)} for a role's inline policies together`
  )
  const held = ` With hub.permissions: ${current} it names ${n(targets.length)} target roles.`
  const fits: string[] = []
  for (const form of ['accounts', 'organization'] as const) {
    if (form === current) continue
    const organizationId = hubDecl.organizationId ?? PLACEHOLDER_ORGANIZATION_ID
    const alternative = hubPermissionPolicy(decl, { ...hubDecl, permissions: form, organizationId }, targets)
    const alternativeSize = policySize(alternative)
    if (alternativeSize > ROLE_INLINE_POLICIES_LIMIT) continue
    const needs = form === 'organization' && hubDecl.organizationId === null ? '; needs hub.organization_id' : ''
    fits.push(`hub.permissions: ${form} (${n(alternativeSize)} characters${needs})`)
  }
  const others = ' Other inline policies of the hub role count toward the same limit.'
  if (fits.length === 0) return `${head}${held} No form fits: use fewer distinct target role names (each is one statement).${others}`
  return `${head}${held} What would fit: ${fits.join('; or ')}.${others}`
}

function targetTrustMessage(decl: Declaration, target: DesiredRole, size: number, quota: number): string {
  const head = overMessage(`the trust policy of the target role ${target.arn} (account ${target.alias} ${target.accountId})`, size, trustQuotaText(quota))
  const why =
    decl.spacelift.oidc !== null
      ? ` Its OIDC statement lists a sub pattern for each of the ${n(target.stacks.length)} stacks that reach this account: ${target.stacks.join(', ')}.`
      : decl.spacelift.sessionTags
        ? ` With session_tags it names each of the ${n(target.stacks.length)} stacks that reach this account: ${target.stacks.join(', ')}.`
        : ''
  const fits = [raiseRemedy(size, quota), 'let fewer stacks list this account'].filter((r): r is string => r !== null)
  return `${head}${why} What would fit: ${fits.join('; or ')}.`
}

/** How many sts:ExternalId values the trust policy's conditions hold. */
function externalIdCount(document: PolicyDocument): number {
  let count = 0
  for (const statement of document.Statement) {
    for (const block of Object.values(statement.Condition ?? {})) {
      const value = block['sts:ExternalId']
      if (Array.isArray(value)) count += value.length
      else if (value !== undefined) count += 1
    }
  }
  return count
}
