/**
 * trustPolicyFindings: what IAM refuses, or what is dangerous, in a role trust policy.
 * Codes are stable machine words; messages are one line for people.
 */
import { describePatterns } from './describe.js'
import { globMatch, hasWildcard } from './glob.js'
import type { ParsedPolicy, ParsedStatement } from './policyModel.js'
import type { ParseNote } from './parse.js'

export type FindingSeverity = 'error' | 'warning'

export interface PolicyFinding {
  severity: FindingSeverity
  code: string
  message: string
  /** 0-based statement index, when the finding concerns one statement. */
  statement?: number
}

export interface TrustFindingOptions {
  /** The account the role lives in: its own principals are not third parties. */
  accountId?: string
  /** Accounts that are not third parties either (the hub, declared accounts, Spacelift's). */
  knownAccounts?: readonly string[]
}

const NOTE_FINDINGS: Record<ParseNote['code'], { severity: FindingSeverity; code: string }> = {
  BARE_STRING_PRINCIPAL: { severity: 'error', code: 'BARE_STRING_PRINCIPAL' },
  EMPTY_PRINCIPAL: { severity: 'error', code: 'EMPTY_PRINCIPAL' },
  UNREADABLE_CONDITION_VALUE: { severity: 'error', code: 'INVALID_CONDITION_VALUE' }
}

function allowsAction(statement: ParsedStatement, action: string): boolean {
  const element = statement.action
  if (element === null) return false
  const matched = element.patterns.some((pattern) => globMatch(pattern, action))
  return element.negated ? !matched : matched
}

/**
 * A unique ID (AROA… role, AIDA… user) where a principal ARN was written: IAM shows it when the
 * principal was deleted, and a principal created again under the same name is a different one.
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_principal.html#principal-roles
 */
function orphanedPrincipalMessage(id: string): string {
  const kind = id.startsWith('AROA') ? 'role' : id.startsWith('AIDA') ? 'user' : 'role or user'
  return (
    `${id} is the unique ID of a deleted ${kind}: IAM shows it in place of the ARN once the ${kind} this policy named no longer exists. ` +
    `A ${kind} created again under the same name is a different principal, not trusted by this policy: the trust policy must be saved again ` +
    'with the ARN (applying the generated policy does)'
  )
}

function label(statement: ParsedStatement): string {
  return statement.sid ? `Statement ${statement.index} (${statement.sid})` : `Statement ${statement.index}`
}

function statementFindings(statement: ParsedStatement, options: TrustFindingOptions): PolicyFinding[] {
  const out: PolicyFinding[] = []
  const add = (severity: FindingSeverity, code: string, message: string): void => {
    out.push({ severity, code, message: `${label(statement)}: ${message}`, statement: statement.index })
  }
  const allow = statement.effect === 'Allow'
  const principal = statement.principal
  if (principal === null) add('error', 'MISSING_PRINCIPAL', 'a trust policy statement needs a Principal')
  if (principal?.negated) add('error', 'NOT_PRINCIPAL', 'NotPrincipal is not allowed in a role trust policy')
  if (statement.resource !== null)
    add('error', 'RESOURCE_IN_TRUST_POLICY', `${statement.resource.negated ? 'NotResource' : 'Resource'} is not allowed in a role trust policy`)
  if (!allow || principal === null) return out
  if (statement.action?.negated)
    add('warning', 'NOT_ACTION_WITH_ALLOW', `Allow with NotAction allows every action except ${describePatterns(statement.action)}`)
  if (statement.action && !statement.action.negated && statement.action.patterns.some((p) => p === '*' || p === 'sts:*')) {
    add('warning', 'WILDCARD_ACTION', `allows ${describePatterns(statement.action)}; name the sts: actions the role needs`)
  }
  const values = principal.negated ? [] : principal.values
  const conditioned = statement.condition.clauses.length > 0
  const assumes = allowsAction(statement, 'sts:assumerole')
  const assumesAny = assumes || allowsAction(statement, 'sts:assumerolewithsaml') || allowsAction(statement, 'sts:assumerolewithwebidentity')
  for (const value of values) {
    const anyAccountRoot = value.kind === 'pattern' && /^arn:[^:]*:iam::\*:root$/.test(value.display)
    if (value.kind === 'wildcard' || anyAccountRoot) {
      if (!assumesAny) continue
      if (conditioned) add('warning', 'WILDCARD_PRINCIPAL_WITH_CONDITION', `trusts every principal (${value.display}), limited only by its conditions`)
      else add('error', 'WILDCARD_PRINCIPAL', `trusts every principal (${value.display}) without any condition`)
      continue
    }
    if (value.kind === 'pattern') add('error', 'PRINCIPAL_PARTIAL_WILDCARD', `${value.display}: IAM does not accept wildcards inside a principal`)
    if (value.kind === 'unique-id') add('warning', 'ORPHANED_PRINCIPAL', orphanedPrincipalMessage(value.display))
    if (value.type === 'AWS' && value.kind === 'other') add('error', 'UNKNOWN_PRINCIPAL', `${value.display} is not an account ID, an IAM ARN or a unique ID`)
    if (value.type === 'Federated' && /:saml-provider\//.test(value.display) && !allowsAction(statement, 'sts:assumerolewithsaml')) {
      add('warning', 'FEDERATED_ACTION_MISMATCH', `${value.display} is a SAML provider: it pairs with sts:AssumeRoleWithSAML`)
    }
    if (value.type === 'Federated' && /:oidc-provider\//.test(value.display) && !allowsAction(statement, 'sts:assumerolewithwebidentity')) {
      add('warning', 'FEDERATED_ACTION_MISMATCH', `${value.display} is an OIDC provider: it pairs with sts:AssumeRoleWithWebIdentity`)
    }
    const account = value.account
    const thirdParty = value.type === 'AWS' && account !== null && account !== options.accountId && !(options.knownAccounts ?? []).includes(account)
    const hasExternalId = statement.condition.clauses.some((clause) => clause.key === 'sts:externalid' && !clause.negated && !clause.ifExists)
    if (thirdParty && assumes && !hasExternalId) {
      add('warning', 'CROSS_ACCOUNT_WITHOUT_EXTERNAL_ID', `${value.display} (another account) may assume the role without an sts:ExternalId condition`)
    }
  }
  for (const clause of statement.condition.clauses) {
    if (clause.family === 'string' && clause.test === 'equals' && clause.values.some(hasWildcard)) {
      add('warning', 'WILDCARD_WITHOUT_LIKE_OPERATOR', `${clause.keyDisplay}: a wildcard in ${clause.operator} is a literal character; use StringLike`)
    }
    if (clause.qualifier === 'ForAllValues' && !clause.negated) {
      add('warning', 'FOR_ALL_VALUES_WITH_ALLOW', `ForAllValues on ${clause.keyDisplay} also holds when the key is missing`)
    }
    if (clause.values.length === 0) add('warning', 'EMPTY_CONDITION_VALUES', `${clause.keyDisplay} has no values`)
  }
  return out
}

/** Findings for a parsed trust policy, in statement order. */
export function trustPolicyFindings(policy: ParsedPolicy & { notes?: ParseNote[] }, options: TrustFindingOptions = {}): PolicyFinding[] {
  const findings: PolicyFinding[] = []
  for (const note of policy.notes ?? []) {
    const spec = NOTE_FINDINGS[note.code]
    findings.push({ severity: spec.severity, code: spec.code, message: `Statement ${note.statementIndex}: ${note.message}`, statement: note.statementIndex })
  }
  for (const statement of policy.statements) findings.push(...statementFindings(statement, options))
  if (policy.version !== '2012-10-17') {
    findings.push({
      severity: 'warning',
      code: 'POLICY_VERSION',
      message: `Version is ${policy.version === null ? 'missing' : `'${policy.version}'`}: use "2012-10-17" (policy variables need it)`
    })
  }
  return findings.sort((a, b) => (a.statement ?? -1) - (b.statement ?? -1))
}
