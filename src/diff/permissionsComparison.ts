/**
 * Compares the hub role's permission policy (identity policy: Action x Resource) conservatively.
 * Exact for what stack-accounts generates (Allow, literal actions, literal role ARNs, no conditions;
 * or the `hub.permissions: accounts` statements, which name exactly the same roles);
 * anything else in the NEW policy that is not literally covered by the OLD one counts as widening,
 * and OLD Deny statements that disappear count as widening too. Sound, not complete.
 *
 * The role's OTHER policies (every other inline policy and every attached managed policy, read by
 * `diff --aws`) stay when the declared policy is applied, so the role's effective permissions are
 * the declared policy together with them. An identity policy's grants add up: "an explicit allow in
 * any of these policies overrides the default deny"
 * (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic.html).
 * So:
 * - a declared grant the other policies already give is not new (the same grant under another
 *   policy name or as a managed policy is no widening);
 * - a grant of the other policies that the declared policy does not give is wider than declared,
 *   and stays after the apply: reported as widening (`permission-extra`, `statement-extra`),
 *   whether or not the pull request changes anything. Their Deny statements are not counted (a
 *   Deny only narrows, so leaving it out can only make the verdict say "widens" more often).
 *   A statement that cannot allow any `sts:` or `iam:` action (so neither assuming a role nor
 *   changing the role's own permissions) is listed, not counted as widening.
 */
import type { PolicyDocument, PolicyStatement } from '../iamDocument/types.js'
import type { PolicyChange } from './diffReport.js'
import { hasWildcard } from '../trustPolicy/glob.js'
import { appendAll } from '../common/append.js'

/** One of the hub role's other policies: an inline policy by name or a managed policy by ARN. */
export interface OtherPolicy {
  name: string
  document: PolicyDocument
}

const list = (value: string | string[] | undefined): string[] => (value === undefined ? [] : Array.isArray(value) ? value : [value])

interface Grants {
  /** "action resource" pairs of plain Allow statements (action lower-cased) -> the action as written. */
  pairs: Map<string, string>
  /** Allow statements we cannot reduce to pairs (conditions, Not* elements, wildcards). */
  opaque: Set<string>
  denies: Set<string>
}

function canonical(statement: PolicyStatement): string {
  const { Sid: _sid, ...rest } = statement
  const sortObject = (value: unknown): unknown =>
    Array.isArray(value)
      ? value.map(sortObject).sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b)))
      : value && typeof value === 'object'
        ? Object.fromEntries(
            Object.entries(value as Record<string, unknown>)
              .sort(([a], [b]) => a.localeCompare(b))
              .map(([k, v]) => [k, sortObject(v)])
          )
        : value
  return JSON.stringify(sortObject(rest))
}

const ANY_ACCOUNT_ROLE = /^arn:([a-z0-9-]+):iam::\?{12}:role(\/[^*?]*)$/

/**
 * The (action, role ARN) pairs of a `hub.permissions: accounts` statement, or null for any other
 * shape: literal actions on `arn:<partition>:iam::????????????:role<path><name>` (twelve `?`, one
 * account ID; literal path and name) with the single condition `StringEquals aws:ResourceAccount`
 * on 12-digit account IDs. Such a statement allows exactly the role of that path and name in each
 * listed account, so it is the same grant as the exact form's ARN list.
 */
function accountListPairs(statement: PolicyStatement): [string, string][] | null {
  if (statement.NotAction || statement.NotResource || statement.Principal || statement.NotPrincipal) return null
  const operators = Object.entries(statement.Condition ?? {})
  if (operators.length !== 1 || operators[0]![0] !== 'StringEquals') return null
  const keys = Object.entries(operators[0]![1] ?? {})
  if (keys.length !== 1 || keys[0]![0].toLowerCase() !== 'aws:resourceaccount') return null
  const raw = keys[0]![1]
  const accounts = Array.isArray(raw) ? raw : [raw]
  if (accounts.length === 0 || !accounts.every((id): id is string => typeof id === 'string' && /^\d{12}$/.test(id))) return null
  const actions = list(statement.Action)
  const resources = list(statement.Resource)
  if (actions.length === 0 || resources.length === 0) return null
  if (!actions.every((a) => typeof a === 'string' && !a.includes('*') && !a.includes('?'))) return null
  if (!resources.every((r) => typeof r === 'string' && ANY_ACCOUNT_ROLE.test(r))) return null
  const pairs: [string, string][] = []
  for (const action of actions) {
    for (const resource of resources) {
      for (const account of accounts) pairs.push([action, resource.replace('????????????', account)])
    }
  }
  return pairs
}

function statementsOf(policy: PolicyDocument | null): PolicyStatement[] {
  if (!policy) return []
  // One statement object is allowed in place of a list.
  const statement: unknown = policy.Statement
  return Array.isArray(statement) ? (statement as PolicyStatement[]) : [statement as PolicyStatement]
}

/** What one statement grants: Deny (canonical), literal (action, resource) pairs, or an opaque Allow (canonical). */
type StatementGrant = { kind: 'deny'; key: string } | { kind: 'pairs'; pairs: [string, string][] } | { kind: 'opaque'; key: string }

function statementGrant(statement: PolicyStatement): StatementGrant {
  if (statement.Effect !== 'Allow') return { kind: 'deny', key: canonical(statement) }
  const expanded = accountListPairs(statement)
  if (expanded) return { kind: 'pairs', pairs: expanded }
  const plain = !statement.Condition && !statement.NotAction && !statement.NotResource && !statement.NotPrincipal && !statement.Principal
  const actions = list(statement.Action)
  const resources = list(statement.Resource)
  if (!plain || actions.length === 0 || resources.length === 0 || [...actions, ...resources].some(hasWildcard)) {
    return { kind: 'opaque', key: canonical(statement) }
  }
  const pairs: [string, string][] = []
  for (const action of actions) for (const resource of resources) pairs.push([action, resource])
  return { kind: 'pairs', pairs }
}

const pairKey = (action: string, resource: string): string => `${action.toLowerCase()} ${resource}`

function grantsOf(policy: PolicyDocument | null): Grants {
  const grants: Grants = { pairs: new Map(), opaque: new Set(), denies: new Set() }
  for (const statement of statementsOf(policy)) {
    const grant = statementGrant(statement)
    if (grant.kind === 'deny') grants.denies.add(grant.key)
    else if (grant.kind === 'opaque') grants.opaque.add(grant.key)
    else for (const [action, resource] of grant.pairs) grants.pairs.set(pairKey(action, resource), action)
  }
  return grants
}

/**
 * The services whose actions touch who the hub may become: `sts` (assuming, tagging) and `iam`
 * (a hub allowed iam:PutRolePolicy or iam:AttachRolePolicy on itself may grant itself anything).
 */
const SENSITIVE_SERVICES = ['sts', 'iam']

/** Whether an Allow statement may allow some `sts:` or `iam:` action (NotAction: always assumed to). */
function mayAllowSensitive(statement: PolicyStatement): boolean {
  if (statement.NotAction !== undefined || statement.Action === undefined) return true
  return list(statement.Action).some((pattern) => {
    if (typeof pattern !== 'string') return true
    const colon = pattern.indexOf(':')
    // No colon: only a pattern with a wildcard can match an action (`*`, `s*`); a wildcard in the
    // service part may match any service.
    const service = colon < 0 ? pattern : pattern.slice(0, colon)
    return hasWildcard(service) || SENSITIVE_SERVICES.includes(service.toLowerCase())
  })
}

export function comparePermissionPolicies(
  existing: PolicyDocument | null,
  desired: PolicyDocument,
  others: readonly OtherPolicy[] = []
): { widens: boolean; changes: PolicyChange[] } {
  const before = grantsOf(existing)
  const after = grantsOf(desired)
  // What the other policies give is given before and after the apply alike.
  const kept: Grants = { pairs: new Map(), opaque: new Set(), denies: new Set() }
  for (const other of others) {
    const grants = grantsOf(other.document)
    for (const [k, v] of grants.pairs) kept.pairs.set(k, v)
    for (const k of grants.opaque) kept.opaque.add(k)
  }
  const changes: PolicyChange[] = []
  const added = [...after.pairs.keys()].filter((p) => !before.pairs.has(p) && !kept.pairs.has(p)).sort()
  const removed = [...before.pairs.keys()].filter((p) => !after.pairs.has(p)).sort()
  for (const pair of added) {
    const action = after.pairs.get(pair)
    const resource = pair.slice(pair.indexOf(' ') + 1)
    changes.push({ kind: 'permission-added', detail: `hub may now ${action} on ${resource}`, widens: true })
  }
  for (const pair of removed) {
    const action = before.pairs.get(pair)
    const resource = pair.slice(pair.indexOf(' ') + 1)
    changes.push({ kind: 'permission-removed', detail: `hub may no longer ${action} on ${resource}`, widens: false })
  }
  for (const statement of after.opaque) {
    if (!before.opaque.has(statement) && !kept.opaque.has(statement))
      changes.push({ kind: 'statement-added', detail: `statement added that is not a plain Allow on literal ARNs: ${statement}`, widens: true })
  }
  for (const statement of before.opaque) {
    if (!after.opaque.has(statement)) changes.push({ kind: 'statement-removed', detail: `statement removed: ${statement}`, widens: false })
  }
  for (const statement of before.denies) {
    if (!after.denies.has(statement)) changes.push({ kind: 'deny-removed', detail: `Deny statement removed: ${statement}`, widens: true })
  }
  for (const statement of after.denies) {
    if (!before.denies.has(statement)) changes.push({ kind: 'deny-added', detail: `Deny statement added: ${statement}`, widens: false })
  }
  appendAll(changes, extraGrants(others, after))
  return { widens: changes.some((c) => c.widens), changes }
}

/** The grants of the other policies that the declared policy does not give: wider than declared. */
function extraGrants(others: readonly OtherPolicy[], declared: Grants): PolicyChange[] {
  const changes: PolicyChange[] = []
  for (const other of others) {
    const where = `through ${other.name}, which accounts.yaml does not declare (it stays when the declared policy is applied)`
    for (const statement of statementsOf(other.document)) {
      const grant = statementGrant(statement)
      if (grant.kind === 'deny') continue
      if (!mayAllowSensitive(statement)) {
        changes.push({ kind: 'statement-other', detail: `hub is also allowed other actions ${where}: ${canonical(statement)}`, widens: false })
        continue
      }
      if (grant.kind === 'opaque') {
        if (!declared.opaque.has(grant.key)) changes.push({ kind: 'statement-extra', detail: `hub is also allowed ${where}: ${grant.key}`, widens: true })
        continue
      }
      for (const [action, resource] of grant.pairs) {
        if (!declared.pairs.has(pairKey(action, resource))) {
          changes.push({ kind: 'permission-extra', detail: `hub may also ${action} on ${resource} ${where}`, widens: true })
        }
      }
    }
  }
  return changes
}
