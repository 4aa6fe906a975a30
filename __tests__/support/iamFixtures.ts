/**
 * The upstream IAM fixtures (__tests__/fixtures/iam, see PROVENANCE.md there), typed as far as the tests read
 * them. Documents, statements, principals and conditions stay `Json`: they go to the code under test (and the
 * reference evaluator) as written, and it is that code's job to read them.
 */
import { readFileSync } from 'node:fs'

/** JSON as parsed. */
export type Json = string | number | boolean | null | Json[] | { [key: string]: Json }
export type JsonObject = { [key: string]: Json }

/** Reads one fixture file; the type says what the tests rely on (a fixture of another shape fails the tests that read it). */
export function loadIamFixture<T>(name: string): T {
  return JSON.parse(readFileSync(new URL(`../fixtures/iam/${name}`, import.meta.url), 'utf8')) as T
}

// aws_docs_semantics_cases.json: the AWS IAM User Guide's semantics, one case per documented rule.

export interface DocCase {
  id: string
  kind: string
}

export interface DocFixture {
  cases: DocCase[]
}

/** A case of kind `principal_equivalence`. */
export interface PrincipalEquivalenceCase extends DocCase {
  equivalent: Json[]
  expected_equivalent: boolean
}

/** One documented evaluation: a condition (or the case's), a request context keyed as written, the verdict. */
export interface DocEvaluation {
  condition?: Json
  request: Record<string, string | string[]>
  matches: boolean
}

export interface EvaluatedCase {
  condition?: Json
  evaluations: DocEvaluation[]
}

export type EvaluatedCaseId =
  'condition-value-case-per-operator' | 'condition-missing-key' | 'stringlike-wildcards' | 'forallvalues-foranyvalue' | 'condition-and-or'

/** The fields the tests read of each documented case, by case ID. */
export type DocCaseFields = Record<EvaluatedCaseId, EvaluatedCase> & {
  'principal-array-is-or': { principal: Json; expected_trusted_accounts: string[] }
  'principal-mixed-forms': { principal: Json; expected_principals: { AWS: string[]; CanonicalUser: string[] } }
  'principal-no-partial-wildcard': { invalid_examples: Json[] }
  'principal-role-arn-to-unique-id': { before_delete: Json; after_delete_displayed_as: Json }
  'principal-unique-ids-accepted': { principal: Json }
  'user-arn-case-sensitive': { not_equivalent: Json[] }
  'notprincipal-not-in-trust': { invalid_statement: JsonObject }
  'trust-no-resource': { invalid_statement: JsonObject }
  'trust-bare-star-unsupported': { flagged: JsonObject }
  'trust-mismatched-action-for-federated': { valid_pairs: Array<[string, string]> }
  'action-case-insensitive': { equivalent: string[] }
  'action-wildcards': { examples: { 'iam:*AccessKey*': string[] } }
  'condition-key-name-case-insensitive': { equivalent: Json[] }
  'condition-tag-key-case': { equivalent_keys: string[] }
  'empty-condition-arrays': { examples: Json[] }
  'arnlike-vs-stringlike': { pattern: string; value: string; StringLike_matches: boolean; ArnLike_matches: boolean }
  'confused-deputy-externalid': { policy: { Version: string; Statement: JsonObject } }
  'cross-service-confused-deputy': { policy: JsonObject }
  'session-tags-trust': { policy: JsonObject }
  'source-identity-trust': { policy: JsonObject }
}

// policyuniverse_cases.json (Netflix-Skunkworks/policyuniverse's tests).

export interface UniverseStatement {
  Effect: string
  Action: string | string[]
  Condition?: Json
  [element: string]: Json | undefined
}

/** policyuniverse's verdicts on one statement, by the expression upstream evaluates. */
export interface UniverseStatementExpected {
  effect?: string
  principals?: string[]
  uses_not_principal?: boolean
  is_internet_accessible?: boolean
  condition_arns?: string[]
  condition_accounts?: string[]
  condition_userids?: string[]
  condition_cidrs?: string[]
  condition_vpcs?: string[]
  condition_vpces?: string[]
  condition_orgids?: string[]
  condition_orgpaths?: string[]
  'len(condition_userids)'?: number
  /** Python's repr of upstream's summary, e.g. "{'ec2': {'Write'}}". */
  'action_summary()'?: string
}

export interface UniverseStatementCase {
  id: string
  statement: UniverseStatement
  expected: UniverseStatementExpected
}

export interface UniversePolicyExpected {
  principals?: string[]
  is_internet_accessible?: boolean
  internet_accessible_actions?: string[]
  'len(whos_allowed)'?: number
  whos_allowed_by_category?: Record<string, number>
  condition_entries?: Array<[string, string]>
}

export interface UniversePolicyCase {
  id: string
  policy: Json
  expected: UniversePolicyExpected
}

export interface UniverseEvasionCase {
  id: string
  policy: Json
  expected: Json
}

export interface UniverseFixture {
  statement_cases: UniverseStatementCase[]
  policy_cases: UniversePolicyCase[]
  evasion_policy_cases: UniverseEvasionCase[]
  arn_cases: {
    'proper_account_numbers (error == False)': string[]
    'improper_account_numbers (error == True)': string[]
  }
}

// cloudsplaining_trust_cases.json (salesforce/cloudsplaining's tests).

export interface CloudsplainingCase {
  id: string
  input_kind: 'policy' | 'statement'
  input: JsonObject
  params: { current_account_id?: string; known_accounts?: string[] }
  expected: CloudsplainingExpected
}

/** cloudsplaining's verdicts, each a list; the principals' key names their order ("principals (ordered: …)"). */
export type CloudsplainingExpected = {
  [principals: `principals${string}`]: string[]
  actions?: string[]
  role_assumable_by_cross_account_principals?: string[]
  role_assumable_by_any_principal?: string[]
  role_assumable_by_any_principal_with_conditions?: string[]
  role_assumable_by_compute_services?: string[]
}

export interface CloudsplainingFixture {
  cases: CloudsplainingCase[]
}

// parliament_principal_cases.json (duo-labs/parliament's tests).

/** A policy upstream's lenient parser read but strict JSON does not: the raw text and Python's error. */
export interface ParliamentUnreadableCase {
  description: string
  policy: null
  policy_raw: string
  policy_json_error: string
}

export interface ParliamentPolicyCase {
  description: string
  policy: { Statement: JsonObject[]; [element: string]: Json }
}

export interface ParliamentFixture {
  cases: Array<ParliamentUnreadableCase | ParliamentPolicyCase>
}

// cfn_policy_validator_trust_cases.json (awslabs/aws-cloudformation-iam-policy-validator's tests).

export interface CfnFixture {
  cases: Array<{ id: string; trust_policy: Json }>
}

// iam_policy_json_to_terraform_fixtures.json (flosell/iam-policy-json-to-terraform's tests).

/** An input Python's json module refused: the text and its error. */
export interface TerraformUnreadablePair {
  id: string
  input_json_text: string
  input_json: null
  input_json_error: string
}

export interface TerraformConversionPair {
  id: string
  input_json_text: string
  input_json: { Statement: Json }
  input_json_error: null
}

export interface TerraformFixture {
  conversion_pairs: Array<TerraformUnreadablePair | TerraformConversionPair>
  error_cases: Array<{ id: string; input_text: string }>
}
