/**
 * Principal values: canonical form and the "is every request this one admits also admitted by
 * that one" test.
 *
 * How values are read (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_principal.html):
 * - An account (`123456789012` or `arn:<partition>:iam::123456789012:root`) admits every principal
 *   of that account in that partition. A bare account ID is in the partition of the role holding
 *   the policy: the reader is told it (ReadContext.partition) or keeps it unknown (null), and an
 *   unknown partition is never taken to equal a named one.
 * - A role ARN (`arn:<p>:iam::<a>:role/<path>/<name>`) admits the role and every session of it,
 *   `arn:<p>:sts::<a>:assumed-role/<name>/<session>` (a session ARN has no path).
 *   (In NotPrincipal, where AWS asks for both the role and the session ARN, a role is not taken to
 *   exclude its sessions.)
 * - Partitions are separate: `arn:aws-cn:…` and `arn:aws:…` never name the same principal.
 */
import { hasWildcard } from './glob.js'
import type { PrincipalElement, PrincipalType, PrincipalValue } from './policyModel.js'

const ACCOUNT_ID = /^\d{12}$/
const ROOT_ARN = /^arn:([a-z0-9-]+):iam::(\d{12}):root$/
const IAM_OR_STS_ARN = /^arn:[a-z0-9-]+:(?:iam|sts)::(?:\d{12}|cloudfront):.+$/
const ROLE_ARN = /^arn:([a-z0-9-]+):iam::(\d{12}):role\/(?:[^*?]*\/)?([^/*?]+)$/
const SESSION_ARN = /^arn:([a-z0-9-]+):sts::(\d{12}):assumed-role\/([^/*?]+)\/[^*?]+$/
/** AIDA (user), AROA (role) and the other unique-ID prefixes, followed by upper-case letters and digits. */
const UNIQUE_ID = /^A(?:IDA|ROA|GPA|IPA|NPA|NVA|KIA|SIA|BIA|CCA|PKA|SCA)[A-Z0-9]{12,}$/

/** What the reader knows about the policy's place: the partition of the role that holds it. */
export interface ReadContext {
  partition?: string | null
}

export const WILDCARD_PRINCIPAL: PrincipalValue = {
  type: '*',
  kind: 'wildcard',
  key: '*',
  display: '*',
  account: null,
  partition: null,
  role: null,
  sessionOf: null
}

const none = { role: null, sessionOf: null }

/** An account principal; `partition` null = the policy's own partition, not known to the reader. */
export function accountPrincipal(accountId: string, partition: string | null): PrincipalValue {
  return {
    type: 'AWS',
    kind: 'account',
    key: `AWS:account:${partition ?? '~'}:${accountId}`,
    display: partition === null ? accountId : `arn:${partition}:iam::${accountId}:root`,
    account: accountId,
    partition,
    ...none
  }
}

/** Reads one principal value as IAM does: an account ID and its root ARN are the same principal, `{"AWS":"*"}` is `*`. */
export function principalValue(type: PrincipalType, value: string, context: ReadContext = {}): PrincipalValue {
  // Only {"AWS": "*"} (and the bare "*") mean everyone; "*" under Service or Federated is read as a pattern.
  if (value === '*' && type === 'AWS') return WILDCARD_PRINCIPAL
  if (type === 'AWS') {
    if (ACCOUNT_ID.test(value)) return accountPrincipal(value, context.partition ?? null)
    const root = ROOT_ARN.exec(value)
    if (root) return accountPrincipal(root[2] ?? '', root[1] ?? null)
    const arn = /^arn:([^:]*):(?:iam|sts)::(\d{12}):/.exec(value)
    const account = arn?.[2] ?? null
    const partition = arn?.[1] ?? null
    if (hasWildcard(value)) return { type, kind: 'pattern', key: `AWS:pattern:${value}`, display: value, account, partition, ...none }
    if (IAM_OR_STS_ARN.test(value)) {
      const role = value.includes(':role/') ? ROLE_ARN.exec(value) : null
      const session = value.includes(':assumed-role/') ? SESSION_ARN.exec(value) : null
      return {
        type,
        kind: 'arn',
        key: `AWS:arn:${value}`,
        display: value,
        account,
        partition,
        role: role ? `${role[1]}:${role[2]}:${role[3]}` : null,
        sessionOf: session ? `${session[1]}:${session[2]}:${session[3]}` : null
      }
    }
    if (UNIQUE_ID.test(value)) return { type, kind: 'unique-id', key: `AWS:id:${value}`, display: value, account: null, partition: null, ...none }
    return { type, kind: 'other', key: `AWS:other:${value}`, display: value, account, partition, ...none }
  }
  if (hasWildcard(value)) return { type, kind: 'pattern', key: `${type}:pattern:${value}`, display: value, account: null, partition: null, ...none }
  return { type, kind: 'name', key: `${type}:${value}`, display: value, account: null, partition: null, ...none }
}

/**
 * Whether every caller that `inner` admits is admitted by `outer` (sound: false when unsure).
 * An account admits every principal whose ARN names that account in the same, known partition; a
 * role admits its sessions; a pattern is only known to cover itself; a unique ID only itself (its
 * account is unknown).
 */
export function principalCovers(outer: PrincipalValue, inner: PrincipalValue, sessions = true): boolean {
  if (outer.kind === 'wildcard') return true
  if (outer.key === inner.key) return true
  if (outer.kind === 'account') {
    return (
      inner.type === 'AWS' &&
      (inner.kind === 'arn' || inner.kind === 'pattern') &&
      inner.account === outer.account &&
      outer.partition !== null &&
      inner.partition === outer.partition
    )
  }
  if (outer.kind === 'arn' && outer.role !== null) return sessions && inner.kind === 'arn' && inner.sessionOf === outer.role
  return false
}

/** Whether some caller may be admitted by both values (over-approximated: true when unsure). */
export function principalValuesMayOverlap(a: PrincipalValue, b: PrincipalValue): boolean {
  const literal = (value: PrincipalValue): boolean => value.kind === 'account' || value.kind === 'arn' || value.kind === 'name'
  if (!literal(a) || !literal(b)) return true
  // IAM role and user names are unique regardless of case: ARNs that differ only in case are
  // not taken to name different principals here (they are for coverage, as written).
  if (a.key.toLowerCase() === b.key.toLowerCase()) return true
  // A canonical user ID is another name of an AWS account (https://docs.aws.amazon.com/accounts/latest/reference/manage-acct-identifiers.html):
  // which account is not in the policy, so it may be any AWS principal's.
  if ((a.type === 'CanonicalUser' && b.type === 'AWS') || (a.type === 'AWS' && b.type === 'CanonicalUser')) return true
  if (a.type !== b.type) return false
  const samePartition = (x: PrincipalValue, y: PrincipalValue): boolean => x.partition === null || y.partition === null || x.partition === y.partition
  if (a.kind === 'account' || b.kind === 'account') return a.account === b.account && samePartition(a, b)
  // Two ARNs: the same role, however its path is written, or a role and its sessions.
  const roleOf = (value: PrincipalValue): string | null => (value.role ?? value.sessionOf)?.toLowerCase() ?? null
  return roleOf(a) !== null && roleOf(a) === roleOf(b)
}

/** Whether the element `inner` admits no caller outside `outer` (NotPrincipal handled soundly). */
export function principalElementCovers(outer: PrincipalElement | null, inner: PrincipalElement | null): boolean {
  if (outer === null || inner === null) return outer === inner
  if (!outer.negated && !inner.negated) {
    return inner.values.every((value) => outer.values.some((candidate) => principalCovers(candidate, value)))
  }
  if (outer.negated && inner.negated) {
    // Everyone but X ⊆ everyone but Y when every Y is inside some X. Whether a role ARN in
    // NotPrincipal also excludes the role's sessions is not relied on (AWS asks for both ARNs there).
    return outer.values.every((excluded) => inner.values.some((candidate) => principalCovers(candidate, excluded, false)))
  }
  if (!outer.negated && inner.negated) return outer.values.some((value) => value.kind === 'wildcard')
  return false
}

export function principalElementKey(element: PrincipalElement | null): string {
  if (element === null) return '-'
  // JSON, not a join: a principal value may hold `,` (see grants.ts, patternKey).
  const keys = JSON.stringify(element.values.map((value) => value.key))
  return element.negated ? `!${keys}` : keys
}

export function describePrincipalElement(element: PrincipalElement | null): string {
  if (element === null) return '(no principal)'
  const shown = element.values.map((value) => value.display).join(', ')
  return element.negated ? `everyone except ${shown}` : shown
}
