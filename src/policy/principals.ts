/** Principal values: canonical form and the "is every request this one admits also admitted by that one" test. */
import { hasWildcard } from './glob.js'
import type { PrincipalElement, PrincipalType, PrincipalValue } from './model.js'

const ACCOUNT_ID = /^\d{12}$/
const ROOT_ARN = /^arn:([a-z0-9-]+):iam::(\d{12}):root$/
const IAM_OR_STS_ARN = /^arn:[a-z0-9-]+:(?:iam|sts)::(?:\d{12}|cloudfront):.+$/
/** AIDA (user), AROA (role) and the other unique-ID prefixes, followed by upper-case letters and digits. */
const UNIQUE_ID = /^A(?:IDA|ROA|GPA|IPA|NPA|NVA|KIA|SIA|BIA|CCA|PKA|SCA)[A-Z0-9]{12,}$/

export const WILDCARD_PRINCIPAL: PrincipalValue = { type: '*', kind: 'wildcard', key: '*', display: '*', account: null }

export function accountPrincipal(accountId: string, partition = 'aws'): PrincipalValue {
  return { type: 'AWS', kind: 'account', key: `AWS:account:${accountId}`, display: `arn:${partition}:iam::${accountId}:root`, account: accountId }
}

/** Reads one principal value as IAM does: an account ID and its root ARN are the same principal, `{"AWS":"*"}` is `*`. */
export function principalValue(type: PrincipalType, raw: string): PrincipalValue {
  const value = raw.trim()
  // Only {"AWS": "*"} (and the bare "*") mean everyone; "*" under Service or Federated is read as a pattern.
  if (value === '*' && type === 'AWS') return WILDCARD_PRINCIPAL
  if (type === 'AWS') {
    if (ACCOUNT_ID.test(value)) return accountPrincipal(value)
    const root = ROOT_ARN.exec(value)
    if (root) return accountPrincipal(root[2] ?? '', root[1])
    const account = /^arn:[^:]*:(?:iam|sts)::(\d{12}):/.exec(value)?.[1] ?? null
    if (hasWildcard(value)) return { type, kind: 'pattern', key: `AWS:pattern:${value}`, display: value, account }
    if (IAM_OR_STS_ARN.test(value)) return { type, kind: 'arn', key: `AWS:arn:${value}`, display: value, account }
    if (UNIQUE_ID.test(value)) return { type, kind: 'unique-id', key: `AWS:id:${value}`, display: value, account: null }
    return { type, kind: 'other', key: `AWS:other:${value}`, display: value, account }
  }
  if (hasWildcard(value)) return { type, kind: 'pattern', key: `${type}:pattern:${value}`, display: value, account: null }
  return { type, kind: 'name', key: `${type}:${value}`, display: value, account: null }
}

/**
 * Whether every caller that `inner` admits is admitted by `outer` (sound: false when unsure).
 * An account admits every principal whose ARN names that account; a pattern is only known to
 * cover itself; a unique ID only itself (its account is unknown).
 */
export function principalCovers(outer: PrincipalValue, inner: PrincipalValue): boolean {
  if (outer.kind === 'wildcard') return true
  if (outer.key === inner.key) return true
  if (outer.kind === 'account') {
    return inner.type === 'AWS' && (inner.kind === 'arn' || inner.kind === 'pattern') && inner.account === outer.account
  }
  return false
}

/** Whether the element `inner` admits no caller outside `outer` (NotPrincipal handled soundly). */
export function principalElementCovers(outer: PrincipalElement | null, inner: PrincipalElement | null): boolean {
  if (outer === null || inner === null) return outer === inner
  if (!outer.negated && !inner.negated) {
    return inner.values.every((value) => outer.values.some((candidate) => principalCovers(candidate, value)))
  }
  if (outer.negated && inner.negated) {
    // Everyone but X ⊆ everyone but Y when every Y is inside some X.
    return outer.values.every((excluded) => inner.values.some((candidate) => principalCovers(candidate, excluded)))
  }
  if (!outer.negated && inner.negated) return outer.values.some((value) => value.kind === 'wildcard')
  return false
}

export function principalElementKey(element: PrincipalElement | null): string {
  if (element === null) return '-'
  const keys = element.values.map((value) => value.key).join(',')
  return element.negated ? `!(${keys})` : keys
}

export function describePrincipalElement(element: PrincipalElement | null): string {
  if (element === null) return '(no principal)'
  const shown = element.values.map((value) => value.display).join(', ')
  return element.negated ? `everyone except ${shown}` : shown
}
