import type { ConfigPath } from '../config/model.js'
import type { Diagnostic } from '../diagnostics.js'
import type { PolicyDocument } from '../policy/document.js'
import type { DesiredIam, DesiredRole } from './desired.types.js'
import type { Locate } from './locate.js'
import { locateFirst } from './locate.js'

/** IAM's default "Role trust policy length" quota, in characters without white space. */
export const DEFAULT_TRUST_POLICY_QUOTA = 2048

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

/** An error for every generated trust policy larger than `quota`, with its size and the remedies. */
export function trustPolicyQuotaDiagnostics(
  desired: DesiredIam,
  quota: number,
  locate: Locate,
  file: string
): Diagnostic[] {
  const diagnostics: Diagnostic[] = []
  for (const role of [desired.hub, ...desired.targets]) {
    const size = policySize(role.trustPolicy)
    if (size <= quota) continue
    const where = locateFirst(locate, positionCandidates(role))
    diagnostics.push({
      severity: 'error',
      file,
      path: where.path,
      line: where.line,
      column: where.column,
      message: quotaMessage(role, size, quota)
    })
  }
  return diagnostics
}

function positionCandidates(role: DesiredRole): ConfigPath[] {
  if (role.kind === 'hub') return [['hub', 'role'], ['hub']]
  return [['accounts', role.alias ?? '', 'role'], ['accounts', role.alias ?? ''], ['accounts']]
}

function quotaMessage(role: DesiredRole, size: number, quota: number): string {
  const head =
    `the trust policy of the ${role.kind} role ${role.arn} would be ${numberFormat.format(size)} characters ` +
    `(white space not counted), over the IAM quota of ${numberFormat.format(quota)}: IAM would reject it.`
  const raise =
    'raise the "Role trust policy length" quota of IAM through Service Quotas (AWS allows up to 4,096) ' +
    'and pass the new value with --trust-policy-quota'
  if (role.kind === 'hub') {
    const values = externalIdCount(role.trustPolicy)
    const held = `${head} It holds ${values} external IDs for ${role.stacks.length} stacks.`
    if (values > role.stacks.length) {
      return (
        `${held} Remedies: set spacelift.external_id_match: stack (one wildcard external ID per ` +
        `read-write stack instead of two), or ${raise}.`
      )
    }
    return `${held} Remedy: ${raise} (spacelift.external_id_match: stack cannot shorten it further).`
  }
  return (
    `${head} With session_tags it names each of the ${role.stacks.length} stacks that list this account. ` +
    `Remedy: ${raise}, or let fewer stacks reach this account.`
  )
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
