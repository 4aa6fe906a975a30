/**
 * Compares the roles the declaration implies with the roles that exist today, semantically, and
 * assembles the diff report (CONTRACT §3). Pure: the existing policies are read beforehand.
 */
import type { Declaration } from '../config/accounts.js'
import { InputError, oneLine, type Diagnostic } from '../common/diagnostics.js'
import type { DesiredIam, DesiredRole } from '../generate/iam/desiredIamTypes.js'
import { roleKeyString, type ExistingSet } from '../existing/existingPolicies.js'
import { comparePolicies } from '../trustPolicy/compare.js'
import { isPolicyDocument, type PolicyDocument } from '../iamDocument/types.js'
import { jsonEqual } from '../common/json.js'
import { trustPolicyFindings, type PolicyFinding } from '../trustPolicy/trustFindings.js'
import { parsePolicy } from '../trustPolicy/parse.js'
import { MAX_TRUST_DOCUMENT_CHARS } from '../iamDocument/read.js'
import type { DiffReport, PolicyChange, ReportError, RoleReport } from './diffReport.js'
import { declarationChanges } from './declarationChanges.js'
import { identityProviderWarnings } from './identityProviders.js'
import { comparePermissionPolicies, type OtherPolicy } from './permissionsComparison.js'

export interface DiffInput {
  declaration: Declaration
  desired: DesiredIam
  existing: ExistingSet
  /** Warnings about the declaration (separation findings, unused accounts). */
  warnings: Diagnostic[]
  /** The base version of the declaration: undefined = not asked, null = the file is new. */
  base?: Declaration | null
}

const ROLE_CREATED: PolicyChange = {
  kind: 'role-created',
  detail: 'the role does not exist yet: creating it grants everything its trust policy allows',
  widens: true
}

interface TrustComparison {
  changes: PolicyChange[]
  widens: boolean
  /** What is refused or dangerous in today's policy (a wildcard principal, a third party without an external ID, ...). */
  findings: PolicyFinding[]
}

function compareTrust(role: DesiredRole, existing: unknown, source: string, knownAccounts: readonly string[]): TrustComparison {
  // Most roles of an organisation are as declared: the same document is the same policy, and the
  // desired one is valid by construction, so the semantic comparison has nothing to find.
  if (jsonEqual(existing, role.trustPolicy)) return { changes: [], widens: false, findings: [] }
  // A bare account ID means the partition of the role holding the policy: the role's own.
  const context = { partition: /^arn:([^:]+):/.exec(role.arn)?.[1] ?? null }
  // Today's policy is held to IAM's size (with room), or to the size of the desired one when that is
  // larger (a hub trusting thousands of stacks, under a raised --trust-policy-quota).
  const maxChars = Math.max(MAX_TRUST_DOCUMENT_CHARS, Math.ceil(JSON.stringify(role.trustPolicy).length * 1.25))
  const before = parsePolicy(existing, source, { ...context, maxChars })
  const after = parsePolicy(role.trustPolicy, `desired trust policy of ${role.arn}`, context)
  const findings = trustPolicyFindings(before, { accountId: role.accountId, knownAccounts })
  const comparison = comparePolicies(before, after)
  // Drift: today's policy allowing what the declaration does not is worth saying even when the
  // change does not widen (applying it narrows the role; until then the wider trust is live).
  if (comparison.changes.length > 0 && comparePolicies(after, before).widens) {
    findings.push({
      severity: 'warning',
      code: 'LIVE_WIDER_THAN_DECLARED',
      message:
        'today’s trust policy may allow requests that the declared one denies: it was widened outside accounts.yaml, or the declaration was narrowed and not yet applied'
    })
  }
  return { ...comparison, findings }
}

/** Accounts that are not third parties: the hub, the declared accounts and Spacelift's. */
function knownAccountsOf(declaration: Declaration): string[] {
  return [
    ...new Set([...(declaration.hub ? [declaration.hub.accountId] : []), declaration.spacelift.principalAccountId, ...declaration.accounts.map((a) => a.id)])
  ]
}

/** The report's errors, each remembering the reader's diagnostic it came from. */
interface ErrorList {
  errors: ReportError[]
  fromDiagnostic: Map<Diagnostic, ReportError>
}

function roleReport(role: DesiredRole, existingSet: ExistingSet, errorList: ErrorList, knownAccounts: readonly string[]): RoleReport | null {
  const found = existingSet.roles.get(roleKeyString(role.accountId, role.role.name))
  if (found?.error) {
    // The reader lists the same problems among its errors: name the role there instead of repeating them.
    const listed = (found.errorDiagnostics ?? []).flatMap((d) => errorList.fromDiagnostic.get(d) ?? [])
    for (const error of listed) error.arn = role.arn
    if (listed.length === 0) errorList.errors.push({ arn: role.arn, message: found.error, ...(found.source ? { file: found.source } : {}) })
    return null
  }
  const existing = found?.trustPolicy ?? null
  const base = {
    account_id: role.accountId,
    role_name: role.role.name,
    role_path: role.role.path,
    arn: role.arn,
    kind: role.kind,
    alias: role.alias,
    profile: role.profile,
    desired: role.trustPolicy,
    stacks: role.stacks,
    source: existing === null ? null : (found?.source ?? null)
  }
  if (existing === null) {
    return { ...base, status: 'create', widens: true, changes: [ROLE_CREATED], existing: null }
  }
  try {
    const { changes, widens, findings } = compareTrust(role, existing, found?.source ?? role.arn, knownAccounts)
    return {
      ...base,
      status: changes.length ? 'update' : 'unchanged',
      widens,
      changes,
      existing: existing as PolicyDocument,
      ...(findings.length ? { findings: findings.map(({ severity, code, message }) => ({ severity, code, message })) } : {})
    }
  } catch (error) {
    if (!(error instanceof InputError)) throw error
    errorList.errors.push({
      arn: role.arn,
      message: `existing trust policy cannot be read: ${error.message}`,
      ...(found?.source ? { file: found.source } : {})
    })
    return null
  }
}

function withPermissions(report: RoleReport, desired: PolicyDocument, existingSet: ExistingSet, errorList: ErrorList, warnings: Diagnostic[]): RoleReport {
  const found = existingSet.roles.get(roleKeyString(report.account_id, report.role_name))
  // undefined: the source holds no permission policy for the hub (e.g. not kept in --existing DIR);
  // then nothing can be said unless the role itself is new, and the report says so.
  if (found?.permissionPolicy === undefined && report.status !== 'create') {
    const expected = permissionSource(found?.source ?? null, report.arn)
    warnings.push({
      severity: 'warning',
      file: '',
      path: '',
      line: 0,
      column: 0,
      message: `the permission policy of the hub role ${report.arn} was not compared: ${found?.source && found.source !== 'aws' ? `no ${oneLine(expected)} beside its trust policy (keep the hub's permission policy there to have it compared)` : 'it could not be read'}`
    })
    return { ...report, permissions_compared: false }
  }
  const raw = found?.permissionPolicy ?? null
  // Every policy document goes through the one typed reader before it is compared.
  const existing =
    raw === null ? null : readPermissionPolicy(raw, found?.permissionSource ?? permissionSource(found?.source ?? null, report.arn), report.arn, errorList)
  if (existing === undefined) return report
  const others: OtherPolicy[] = []
  for (const other of found?.otherPermissionPolicies ?? []) {
    const document = readPermissionPolicy(other.document, `${other.name} of ${report.arn}`, report.arn, errorList)
    if (document === undefined) return report
    others.push({ name: other.name, document })
  }
  const { changes, widens } = comparePermissionPolicies(existing, desired, others)
  const status = existing === null ? 'create' : changes.length ? 'update' : 'unchanged'
  const permissions = { status, widens, changes, desired, existing } as const
  const roleStatus = report.status === 'unchanged' && status !== 'unchanged' ? 'update' : report.status
  return { ...report, status: roleStatus, widens: report.widens || widens, permissions }
}

/** The permission policy as a document, once the policy reader accepts it; undefined (errors listed) when it does not. */
function readPermissionPolicy(raw: unknown, source: string, arn: string, errorList: ErrorList): PolicyDocument | undefined {
  try {
    parsePolicy(raw, source)
  } catch (error) {
    if (!(error instanceof InputError)) throw error
    for (const d of error.diagnostics) {
      errorList.errors.push({
        arn,
        file: d.file,
        line: d.line,
        column: d.column,
        ...(d.path ? { path: d.path } : {}),
        message: `existing permission policy cannot be read: ${d.message}`
      })
    }
    return undefined
  }
  if (isPolicyDocument(raw)) return raw
  errorList.errors.push({ arn, file: source, message: 'existing permission policy cannot be read: it is not a policy document' })
  return undefined
}

/** Where the hub's permission policy came from: the .permissions.json beside its trust policy file, or AWS. */
function permissionSource(trustSource: string | null, arn: string): string {
  if (trustSource === null || trustSource === 'aws') return `permission policy of ${arn}`
  return trustSource.replace(/(\.trust)?\.json( at [0-9a-f]{12})?$/, '.permissions.json$2')
}

export function buildDiffReport(input: DiffInput): DiffReport {
  const errorList: ErrorList = { errors: [], fromDiagnostic: new Map() }
  for (const d of input.existing.errors) {
    if (d.severity !== 'error') continue
    const error: ReportError = {
      ...(d.file ? { file: d.file, line: d.line, column: d.column } : {}),
      ...(d.path ? { path: d.path } : {}),
      message: d.message
    }
    errorList.errors.push(error)
    errorList.fromDiagnostic.set(d, error)
  }
  const { errors } = errorList
  // Warnings from the reader (e.g. a role found under another path) join the declaration's.
  const readerWarnings = input.existing.errors.filter((d) => d.severity === 'warning')
  const comparisonWarnings: Diagnostic[] = []
  const roles: RoleReport[] = []
  const knownAccounts = knownAccountsOf(input.declaration)
  const desiredHub = input.desired.hub
  const hub = desiredHub === null ? null : roleReport(desiredHub, input.existing, errorList, knownAccounts)
  if (hub && desiredHub) roles.push(withPermissions(hub, desiredHub.permissionPolicy, input.existing, errorList, comparisonWarnings))
  for (const target of input.desired.targets) {
    const report = roleReport(target, input.existing, errorList, knownAccounts)
    if (report) roles.push(report)
  }
  const report: DiffReport = {
    summary: {
      create: roles.filter((r) => r.status === 'create').length,
      update: roles.filter((r) => r.status === 'update').length,
      unchanged: roles.filter((r) => r.status === 'unchanged').length,
      widening: roles.filter((r) => r.widens).length
    },
    roles,
    errors,
    warnings: [...input.warnings, ...readerWarnings, ...comparisonWarnings, ...identityProviderWarnings(input.desired, input.existing)]
  }
  if (input.base !== undefined) report.declaration_changes = declarationChanges(input.base, input.declaration)
  if (input.existing.unexpectedFiles.length) report.unexpected_files = input.existing.unexpectedFiles
  return report
}
