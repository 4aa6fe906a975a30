/**
 * The IAM roles as they exist today, read from a directory of policy files (`diff --existing DIR`)
 * or from AWS (`diff --aws`). Only plain JSON is delivered here: the semantic reading of a policy
 * document is src/iamDocument/'s job.
 */
import type { RoleRef } from '../config/accounts.js'
import type { Diagnostic } from '../common/diagnostics.js'
import { compareStrings } from '../common/compareStrings.js'

/** A role the declaration implies, by account and name. */
export interface RoleKey {
  kind: 'hub' | 'target'
  accountId: string
  role: RoleRef
}

export interface ExistingRole {
  key: RoleKey
  /** The trust policy document as parsed JSON (URL-decoded, unwrapped); null when the role does not exist. */
  trustPolicy: unknown
  /**
   * Hub only: the inline permission policy (see HUB_PERMISSION_POLICY_NAME) as parsed JSON; null when it
   * does not exist; undefined for targets and when it could not be read (then `error` says why).
   */
  permissionPolicy?: unknown
  /**
   * Hub only, from AWS: the role's other inline policies (by name) and attached managed policies
   * (by ARN), each as parsed JSON. They stay when the declared policy is applied, so they count in
   * what the role may do. Undefined when the source cannot show them (a directory of files).
   */
  otherPermissionPolicies?: { name: string; document: unknown }[]
  /** Where the permission policy came from (file path), when read from files. */
  permissionSource?: string
  /** Where the trust policy came from: the file path, or "aws"; null when the role does not exist. */
  source: string | null
  /** Why the role could not be read (fully); the same problem is also in ExistingSet.errors. */
  error?: string
  /** The error diagnostics behind `error`: the very objects listed in ExistingSet.errors. */
  errorDiagnostics?: Diagnostic[]
}

/** Spacelift's OIDC identity provider in a target account, as read from AWS (`diff --aws`). */
export interface ExistingIdentityProvider {
  accountId: string
  arn: string
  /** present: it exists (clientIds as IAM has them); missing: NoSuchEntity; unknown: it could not be read (message says why). */
  state: 'present' | 'missing' | 'unknown'
  clientIds: string[]
  message?: string
}

export interface ExistingSet {
  /** With `diff --aws` and auth oidc or both: the identity provider of each target account. */
  identityProviders?: ExistingIdentityProvider[]
  /** Keyed by roleKeyString(accountId, role name); one entry per requested role. */
  roles: Map<string, ExistingRole>
  /** Files under DIR that belong to no declared role, relative to DIR, sorted ("/" separated). */
  unexpectedFiles: string[]
  /** Errors (and warnings) met while reading, sorted by file, line, column, message. */
  errors: Diagnostic[]
}

/** IAM role names are unique within an account whatever their path, so the name identifies the role. */
export function roleKeyString(accountId: string, roleName: string): string {
  return `${accountId}/${roleName}`
}

export function compareDiagnostics(a: Diagnostic, b: Diagnostic): number {
  return compareStrings(a.file, b.file) || a.line - b.line || a.column - b.column || compareStrings(a.path, b.path) || compareStrings(a.message, b.message)
}

/** The roles once each (a role is identified by account and name; IAM ignores the path for that). */
export function uniqueRoles(roles: readonly RoleKey[]): RoleKey[] {
  const seen = new Map<string, RoleKey>()
  for (const r of roles) {
    const k = roleKeyString(r.accountId, r.role.name)
    if (!seen.has(k)) seen.set(k, r)
  }
  return [...seen.values()]
}
