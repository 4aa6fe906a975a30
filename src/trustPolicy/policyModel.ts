/**
 * The parsed, normalised form of a policy document: what `parsePolicy` returns and what
 * comparison and findings work on. Every value is in canonical form (account IDs as accounts,
 * actions lower-cased, condition keys lower-cased, values de-duplicated and sorted), so two
 * documents that IAM reads the same way have the same model.
 */
export type Effect = 'Allow' | 'Deny'
export type PrincipalType = 'AWS' | 'Service' | 'Federated' | 'CanonicalUser'

export type PrincipalKind =
  /** `"*"` or `{"AWS": "*"}`: everyone. */
  | 'wildcard'
  /** A 12-digit account ID or `arn:<partition>:iam::<id>:root`: any principal of that account. */
  | 'account'
  /** A full ARN of a role, user, session, … (case-sensitive). */
  | 'arn'
  /** A unique ID (AROA…, AIDA…): what IAM shows when the trusted role or user was deleted. */
  | 'unique-id'
  /** A value with a wildcard other than the plain `*` (IAM refuses these in trust policies). */
  | 'pattern'
  /** A Service, Federated or CanonicalUser name. */
  | 'name'
  /** Anything else under AWS (malformed ARNs, `arn:aws:iam::cloudfront:user/…`). */
  | 'other'

export interface PrincipalValue {
  type: PrincipalType | '*'
  kind: PrincipalKind
  /** Canonical identity: equal keys mean the same principal. */
  key: string
  /** How to show it to people (an account as its root ARN). */
  display: string
  /** The account the principal belongs to, when the value says so literally. */
  account: string | null
  /**
   * The partition (aws, aws-cn, aws-us-gov, …) the value names; null for a bare account ID whose
   * partition (the one of the role holding the policy) the reader was not told.
   */
  partition: string | null
  /** For a role ARN (any path): `partition:account:name`, the identity its sessions share. */
  role: string | null
  /** For an assumed-role session ARN: the `partition:account:name` of its role. */
  sessionOf: string | null
}

/** Principal / NotPrincipal of one statement; `null` in a statement means the element is absent. */
export interface PrincipalElement {
  negated: boolean
  values: PrincipalValue[]
}

/** Action / NotAction or Resource / NotResource: patterns (actions lower-cased). */
export interface PatternElement {
  negated: boolean
  /** Canonical patterns, sorted, unique. */
  patterns: string[]
  /** As written, for display: canonical pattern -> first spelling seen. */
  display: Map<string, string>
}

export type ConditionFamily = 'string' | 'arn' | 'numeric' | 'date' | 'bool' | 'binary' | 'ip' | 'null'
export type ConditionTest = 'equals' | 'like' | 'lt' | 'lte' | 'gt' | 'gte' | 'in-cidr' | 'null'
export type SetQualifier = 'ForAnyValue' | 'ForAllValues'

export interface ConditionClause {
  /** Canonical operator name without qualifier or IfExists (ArnEquals is read as ArnLike: IAM treats them alike). */
  operator: string
  family: ConditionFamily
  test: ConditionTest
  /** The operator negates (StringNotEquals, NotIpAddress, …): true when no value matches. */
  negated: boolean
  ignoreCase: boolean
  ifExists: boolean
  qualifier: SetQualifier | null
  /** Lower-cased condition key. */
  key: string
  /** The key as written. */
  keyDisplay: string
  /** Canonical values, sorted, unique. */
  values: string[]
  valueSet: ReadonlySet<string>
  /** Stable identity of the whole clause. */
  signature: string
}

export interface Condition {
  /** Sorted by signature; every clause must hold (AND). */
  clauses: ConditionClause[]
  /** Stable identity of the whole condition ("" when there is none). */
  key: string
}

export interface ParsedStatement {
  /** Position in the document's Statement list (0-based). */
  index: number
  sid: string | null
  effect: Effect
  principal: PrincipalElement | null
  action: PatternElement | null
  resource: PatternElement | null
  condition: Condition
}

export interface ParsedPolicy {
  /** The file or origin, for messages. */
  source: string
  /** As written: "2012-10-17", "2008-10-17", null (absent) or another text; whether `${…}` are policy variables. */
  version: string | null
  statements: ParsedStatement[]
}

/** One principal × one action × one resource of a statement, with the statement's condition. */
export interface Grant {
  effect: Effect
  /** A single principal, or the whole NotPrincipal list, or null when the statement has none. */
  principal: PrincipalElement | null
  action: PatternElement | null
  resource: PatternElement | null
  condition: Condition
  /** effect|principal|action|resource (without the condition). */
  subject: string
  /** subject + condition: equal keys mean identical grants. */
  key: string
  statementIndex: number
}
