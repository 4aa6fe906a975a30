/**
 * Compares the hub role's permission policy (identity policy: Action x Resource) conservatively.
 * Exact for what stack-accounts generates (Allow, literal actions, literal role ARNs, no conditions;
 * or the `hub.permissions: accounts` statements, which name exactly the same roles);
 * anything else in the NEW policy that is not literally covered by the OLD one counts as widening,
 * and OLD Deny statements that disappear count as widening too. Sound, not complete.
 */
import type { PolicyDocument, PolicyStatement } from '../iamDocument/types.js'
import type { PolicyChange } from './diffReport.js'

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

function grantsOf(policy: PolicyDocument | null): Grants {
  const grants: Grants = { pairs: new Map(), opaque: new Set(), denies: new Set() }
  const statements = policy ? (Array.isArray(policy.Statement) ? policy.Statement : [policy.Statement as unknown as PolicyStatement]) : []
  for (const statement of statements) {
    if (statement.Effect === 'Deny') {
      grants.denies.add(canonical(statement))
      continue
    }
    const expanded = statement.Effect === 'Allow' ? accountListPairs(statement) : null
    if (expanded) {
      for (const [action, resource] of expanded) grants.pairs.set(`${action.toLowerCase()} ${resource}`, action)
      continue
    }
    const plain = !statement.Condition && !statement.NotAction && !statement.NotResource && !statement.NotPrincipal && !statement.Principal
    const actions = list(statement.Action)
    const resources = list(statement.Resource)
    if (!plain || [...actions, ...resources].some((v) => v.includes('*') || v.includes('?'))) {
      grants.opaque.add(canonical(statement))
      continue
    }
    for (const action of actions) for (const resource of resources) grants.pairs.set(`${action.toLowerCase()} ${resource}`, action)
  }
  return grants
}

export function comparePermissionPolicies(existing: PolicyDocument | null, desired: PolicyDocument): { widens: boolean; changes: PolicyChange[] } {
  const before = grantsOf(existing)
  const after = grantsOf(desired)
  const changes: PolicyChange[] = []
  const added = [...after.pairs.keys()].filter((p) => !before.pairs.has(p)).sort()
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
    if (!before.opaque.has(statement))
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
  return { widens: changes.some((c) => c.widens), changes }
}
