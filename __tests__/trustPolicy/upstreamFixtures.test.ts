/**
 * Upstream verdicts (policyuniverse, cloudsplaining, parliament, cfn-policy-validator, the AWS IAM
 * User Guide, iam-policy-json-to-terraform) restated as tests of our model. See
 * __tests__/fixtures/iam/PROVENANCE.md for where each file comes from.
 */
import { describe, expect, it } from '@jest/globals'
import { InputError } from '../../src/common/diagnostics.js'
import { policiesEquivalent, canonicalPolicy } from '../../src/trustPolicy/canonical.js'
import { comparePolicies } from '../../src/trustPolicy/compare.js'
import { trustPolicyFindings, type TrustFindingOptions } from '../../src/trustPolicy/trustFindings.js'
import { parsePolicy } from '../../src/trustPolicy/parse.js'
import type { ParsedStatement } from '../../src/trustPolicy/policyModel.js'
import { principalValue } from '../../src/trustPolicy/principals.js'
import { conditionMatches, isAllowed, statementList, type RequestContext } from '../support/referenceEvaluator.js'
import {
  loadIamFixture,
  type CfnFixture,
  type CloudsplainingCase,
  type CloudsplainingFixture,
  type DocCase,
  type DocCaseFields,
  type DocFixture,
  type EvaluatedCaseId,
  type JsonObject,
  type ParliamentFixture,
  type PrincipalEquivalenceCase,
  type TerraformFixture,
  type UniverseFixture
} from '../support/iamFixtures.js'

const docs = loadIamFixture<DocFixture>('aws_docs_semantics_cases.json')
const universe = loadIamFixture<UniverseFixture>('policyuniverse_cases.json')
const cloudsplaining = loadIamFixture<CloudsplainingFixture>('cloudsplaining_trust_cases.json')
const parliament = loadIamFixture<ParliamentFixture>('parliament_principal_cases.json')
const cfn = loadIamFixture<CfnFixture>('cfn_policy_validator_trust_cases.json')
const terraform = loadIamFixture<TerraformFixture>('iam_policy_json_to_terraform_fixtures.json')

const docCase = <Id extends keyof DocCaseFields>(id: Id): DocCase & DocCaseFields[Id] => {
  const found = docs.cases.find((c) => c.id === id)
  if (found === undefined) throw new Error(`aws_docs_semantics_cases.json has no case ${id}`)
  return found as DocCase & DocCaseFields[Id]
}
const isPrincipalEquivalence = (c: DocCase): c is PrincipalEquivalenceCase => c.kind === 'principal_equivalence'
/** The two items of a pair the fixture lists (a shorter list is a broken fixture). */
const pairOf = <T>(items: T[]): [T, T] => {
  const [a, b] = items
  if (a === undefined || b === undefined) throw new Error(`expected a pair, got ${items.length} item(s)`)
  return [a, b]
}
const policyOf = (statement: unknown) => ({ Version: '2012-10-17', Statement: [statement] })
const trust = (principal: unknown, extra: Record<string, unknown> = {}) =>
  policyOf({ Effect: 'Allow', Principal: principal, Action: 'sts:AssumeRole', ...extra })
// The fixtures are documents of the aws partition: a bare account ID is read there.
const parse = (document: unknown, source = 'fixture.json') => parsePolicy(document, source, { partition: 'aws' })
const codes = (document: unknown, options: TrustFindingOptions = {}) => trustPolicyFindings(parse(document), options).map((f) => f.code)
const principalDisplays = (document: unknown): string[] =>
  parse(document)
    .statements.flatMap((s) => s.principal?.values.map((v) => v.display) ?? [])
    .sort()
const lowerKeys = (request: RequestContext): RequestContext => Object.fromEntries(Object.entries(request).map(([k, v]) => [k.toLowerCase(), v]))

describe('AWS IAM User Guide semantics', () => {
  it('holds the principal equivalence cases the fixture lists', () => {
    expect(docs.cases.filter((c) => c.kind === 'principal_equivalence').map((c) => c.id)).toEqual([
      'principal-account-id-vs-root-arn',
      'principal-star-vs-aws-star'
    ])
  })

  for (const c of docs.cases.filter(isPrincipalEquivalence)) {
    it(`${c.id}: equivalent principals compare equal`, () => {
      const [a, b] = pairOf(c.equivalent.map((p) => parse(trust(p))))
      expect(comparePolicies(a, b)).toEqual({ widens: false, changes: [] })
      expect(policiesEquivalent(a, b)).toBe(c.expected_equivalent)
    })
  }

  it('principal-array-is-or: every listed account is trusted', () => {
    const c = docCase('principal-array-is-or')
    const accounts = parse(trust(c.principal)).statements[0]?.principal?.values.map((v) => v.account)
    expect(accounts).toEqual(c.expected_trusted_accounts)
  })

  it('principal-mixed-forms: account IDs read as root ARNs; CanonicalUser kept', () => {
    const c = docCase('principal-mixed-forms')
    expect(principalDisplays(trust(c.principal))).toEqual([...c.expected_principals.AWS, ...c.expected_principals.CanonicalUser].sort())
  })

  it('principal-no-partial-wildcard: a wildcard inside a principal is flagged', () => {
    const invalid = docCase('principal-no-partial-wildcard').invalid_examples
    expect(invalid).toHaveLength(2)
    for (const principal of invalid) {
      expect(codes(trust(principal))).toContain('PRINCIPAL_PARTIAL_WILDCARD')
    }
  })

  it('principal-role-arn-to-unique-id: an orphaned unique ID is flagged and is a different principal', () => {
    const c = docCase('principal-role-arn-to-unique-id')
    expect(codes(trust(c.after_delete_displayed_as))).toContain('ORPHANED_PRINCIPAL')
    const result = comparePolicies(parse(trust(c.before_delete)), parse(trust(c.after_delete_displayed_as)))
    expect(result.changes.map((change) => change.kind).sort()).toEqual(['principal-added', 'principal-removed'])
  })

  it('principal-unique-ids-accepted: ARNs and unique IDs are told apart', () => {
    const kinds = parse(trust(docCase('principal-unique-ids-accepted').principal)).statements[0]?.principal?.values.map((v) => `${v.display}=${v.kind}`)
    expect(kinds?.sort()).toEqual(['AIDACKCEVSQ6C2EXAMPLE=unique-id', 'AROADBQP57FF2AEXAMPLE=unique-id', 'arn:aws:iam::111122223333:role/role-name=arn'].sort())
  })

  it('user-arn-case-sensitive: user names differing in case are different principals', () => {
    const [a, b] = pairOf(docCase('user-arn-case-sensitive').not_equivalent.map((p) => parse(trust(p))))
    const result = comparePolicies(a, b)
    expect(result.widens).toBe(true)
    expect(result.changes.map((change) => change.kind).sort()).toEqual(['principal-added', 'principal-removed'])
  })

  it('notprincipal-not-in-trust, trust-no-resource, trust-bare-star-unsupported: flagged as errors', () => {
    expect(codes(policyOf(docCase('notprincipal-not-in-trust').invalid_statement))).toContain('NOT_PRINCIPAL')
    expect(codes(policyOf(docCase('trust-no-resource').invalid_statement))).toContain('RESOURCE_IN_TRUST_POLICY')
    const flagged = trustPolicyFindings(parse(policyOf(docCase('trust-bare-star-unsupported').flagged)))
    expect(flagged.find((f) => f.code === 'WILDCARD_PRINCIPAL')?.severity).toBe('error')
  })

  it('trust-mismatched-action-for-federated: each provider kind pairs with its own action; other pairings are flagged', () => {
    const pairs: Array<[string, string]> = docCase('trust-mismatched-action-for-federated').valid_pairs
    expect(pairs).toHaveLength(2)
    const providers: Record<string, string> = {
      'Federated:saml-provider': 'arn:aws:iam::111122223333:saml-provider/corp',
      'Federated:oidc-provider': 'arn:aws:iam::111122223333:oidc-provider/token.actions.githubusercontent.com'
    }
    for (const [provider, validAction] of pairs) {
      const principal = { Federated: providers[provider] }
      expect(principal.Federated).toBeDefined()
      for (const [, action] of pairs) {
        const flagged = codes(policyOf({ Effect: 'Allow', Principal: principal, Action: action })).includes('FEDERATED_ACTION_MISMATCH')
        expect(flagged).toBe(action !== validAction)
      }
    }
  })

  it('action-case-insensitive: actions differing in case compare equal', () => {
    const [a, b] = pairOf(
      docCase('action-case-insensitive').equivalent.map((action) => parse(policyOf({ Effect: 'Allow', Principal: { AWS: '111122223333' }, Action: action })))
    )
    expect(comparePolicies(a, b)).toEqual({ widens: false, changes: [] })
  })

  it('action-wildcards: the wildcard action covers every listed action (narrowing to one does not widen)', () => {
    const c = docCase('action-wildcards')
    const broad = parse(policyOf({ Effect: 'Allow', Principal: { AWS: '111122223333' }, Action: 'iam:*AccessKey*' }))
    expect(c.examples['iam:*AccessKey*']).toHaveLength(4)
    for (const action of c.examples['iam:*AccessKey*']) {
      const narrow = parse(policyOf({ Effect: 'Allow', Principal: { AWS: '111122223333' }, Action: action }))
      expect(comparePolicies(broad, narrow).widens).toBe(false)
      expect(comparePolicies(narrow, broad).widens).toBe(true)
    }
  })

  it('condition-key-name-case-insensitive: keys differing in case compare equal', () => {
    const [a, b] = pairOf(
      docCase('condition-key-name-case-insensitive').equivalent.map((condition) => parse(trust({ AWS: '111122223333' }, { Condition: condition })))
    )
    expect(comparePolicies(a, b)).toEqual({ widens: false, changes: [] })
  })

  it('condition-tag-key-case: tag keys differing in case compare equal', () => {
    const [a, b] = pairOf(
      docCase('condition-tag-key-case').equivalent_keys.map((key) => parse(trust({ AWS: '111122223333' }, { Condition: { StringEquals: { [key]: 'x' } } })))
    )
    expect(comparePolicies(a, b)).toEqual({ widens: false, changes: [] })
  })

  // The documented evaluations hold in the reference evaluator, and our parser reads each condition.
  const evaluationCounts: Array<[EvaluatedCaseId, number]> = [
    ['condition-value-case-per-operator', 2],
    ['condition-missing-key', 4],
    ['stringlike-wildcards', 2],
    ['forallvalues-foranyvalue', 6],
    ['condition-and-or', 3]
  ]
  for (const [id, count] of evaluationCounts) {
    it(`${id}: documented evaluations`, () => {
      const c = docCase(id)
      expect(c.evaluations).toHaveLength(count)
      for (const evaluation of c.evaluations) {
        const condition = evaluation.condition ?? c.condition
        expect(() => parse(trust({ AWS: '111122223333' }, { Condition: condition }))).not.toThrow()
        expect(conditionMatches(condition, lowerKeys(evaluation.request))).toBe(evaluation.matches)
      }
    })
  }

  it('empty-condition-arrays: flagged, and evaluated as documented for the qualified and IfExists forms', () => {
    const examples = docCase('empty-condition-arrays').examples
    expect(examples).toHaveLength(4)
    for (const condition of examples) expect(codes(trust({ AWS: '111122223333' }, { Condition: condition }))).toContain('EMPTY_CONDITION_VALUES')
    const [, forAll, forAny, ifExists] = examples
    // ForAllValues / …IfExists with []: match only when the key is missing; ForAnyValue with []: never matches.
    expect(conditionMatches(forAll, {})).toBe(true)
    expect(conditionMatches(forAll, { 'aws:tagkeys': ['team'] })).toBe(false)
    expect(conditionMatches(ifExists, {})).toBe(true)
    expect(conditionMatches(ifExists, { 'sts:externalid': 'x' })).toBe(false)
    expect(conditionMatches(forAny, {})).toBe(false)
    expect(conditionMatches(forAny, { 'aws:tagkeys': ['team'] })).toBe(false)
  })

  it('arnlike-vs-stringlike: ArnLike matches component by component, StringLike across colons', () => {
    const c = docCase('arnlike-vs-stringlike')
    expect(conditionMatches({ StringLike: { 'aws:SourceArn': c.pattern } }, { 'aws:sourcearn': c.value })).toBe(c.StringLike_matches)
    expect(conditionMatches({ ArnLike: { 'aws:SourceArn': c.pattern } }, { 'aws:sourcearn': c.value })).toBe(c.ArnLike_matches)
  })

  it('StringEquals values are a subset of StringEqualsIgnoreCase ones: moving to StringEquals does not widen', () => {
    const c = docCase('condition-value-case-per-operator')
    expect(c.evaluations).toHaveLength(2)
    const [exact, ignoreCase] = pairOf(c.evaluations.map((e) => parse(trust({ AWS: '111122223333' }, { Condition: e.condition }))))
    expect(comparePolicies(ignoreCase, exact).widens).toBe(false)
    expect(comparePolicies(exact, ignoreCase).widens).toBe(true)
  })

  it('confused-deputy-externalid: dropping the sts:ExternalId condition widens', () => {
    const policy = docCase('confused-deputy-externalid').policy
    const statementWithoutCondition: JsonObject = { ...policy.Statement }
    delete statementWithoutCondition.Condition
    const withoutCondition = { ...policy, Statement: statementWithoutCondition }
    const result = comparePolicies(parse(policy), parse(withoutCondition))
    expect(result.widens).toBe(true)
    expect(result.changes).toEqual([expect.objectContaining({ kind: 'condition-removed', widens: true })])
  })

  it('session-tags-trust and source-identity-trust parse, and are equivalent to themselves rewritten as text', () => {
    for (const id of ['session-tags-trust', 'source-identity-trust', 'cross-service-confused-deputy'] as const) {
      const policy = docCase(id).policy
      expect(comparePolicies(parse(policy), parse(JSON.stringify(policy)))).toEqual({ widens: false, changes: [] })
    }
  })

  it('session-tags-trust: ForAllValues with Allow is flagged', () => {
    expect(codes(docCase('session-tags-trust').policy)).toContain('FOR_ALL_VALUES_WITH_ALLOW')
  })

  it('getrole-url-encoded: a URL-encoded document reads as the plain one', () => {
    const policy = docCase('confused-deputy-externalid').policy
    const encoded = encodeURIComponent(JSON.stringify(policy))
    expect(canonicalPolicy(parse(encoded))).toEqual(canonicalPolicy(parse(policy)))
    expect(canonicalPolicy(parse({ Role: { AssumeRolePolicyDocument: encoded } }))).toEqual(canonicalPolicy(parse(policy)))
  })
})

describe('policyuniverse (Netflix-Skunkworks)', () => {
  /**
   * policyuniverse's `Statement._condition_entries` (policyuniverse/statement.py at the fixture's commit): values of
   * these keys under a non-negated String/Arn Equals/Like or IpAddress operator (with or without a set qualifier,
   * IgnoreCase, IfExists) are the statement's "condition entries". Restated over our parsed clauses, so each
   * upstream `condition_*` verdict checks that our parser kept the value under the key and operator IAM reads.
   */
  const ENTRY_CATEGORY: Record<string, string> = {
    'aws:sourcearn': 'arn',
    'aws:principalarn': 'arn',
    'aws:sourceowner': 'account',
    'aws:sourceaccount': 'account',
    'aws:principalaccount': 'account',
    'kms:calleraccount': 'account',
    'aws:principalorgid': 'organization',
    'aws:principalorgpaths': 'organization',
    'aws:userid': 'userid',
    'aws:sourceip': 'cidr',
    'aws:sourcevpc': 'vpc',
    'aws:sourcevpce': 'vpce'
  }
  const conditionEntries = (statement: ParsedStatement | undefined, category: string): string[] => {
    const clauses = statement?.condition.clauses ?? []
    const values = clauses
      .filter((clause) => !clause.negated && ['string', 'arn', 'ip'].includes(clause.family) && ENTRY_CATEGORY[clause.key] === category)
      .flatMap((clause) => clause.values)
    return [...new Set(values)].sort()
  }
  // An organization ID is the first segment of an organization path (upstream: `Organization(value).organization`).
  const orgIds = (statement: ParsedStatement | undefined): string[] =>
    [...new Set(conditionEntries(statement, 'organization').map((v) => v.split('/')[0] as string))].sort()
  const checkedExpectations = new Set([
    'effect',
    'principals',
    'uses_not_principal',
    'is_internet_accessible',
    'condition_arns',
    'condition_accounts',
    'condition_userids',
    'len(condition_userids)',
    'condition_cidrs',
    'condition_vpcs',
    'condition_vpces',
    'condition_orgids',
    'condition_orgpaths',
    'action_summary()'
  ])
  // Upstream counts `ForAllValues:ARNEqualsIfExists` on aws:SourceArn as limiting. IAM documents that ForAllValues
  // is true when the key is missing (and IfExists too), so a caller without aws:SourceArn (any direct call) passes:
  // https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-single-vs-multi-valued-context-keys.html
  // We keep IAM's reading: the condition does not refuse such a caller, and we flag FOR_ALL_VALUES_WITH_ALLOW.
  const HOLDS_WHEN_KEY_MISSING = new Set(['statement07', 'statement27'])

  it('holds the statement cases the fixture lists', () => {
    expect(universe.statement_cases).toHaveLength(38)
    expect(new Set(universe.statement_cases.map((c) => c.id)).size).toBe(38)
  })

  for (const c of universe.statement_cases) {
    it(`${c.id}`, () => {
      // Every verdict the fixture states for this case is checked below: none is skipped silently.
      expect(Object.keys(c.expected).filter((key) => !checkedExpectations.has(key))).toEqual([])
      expect(Object.keys(c.expected).length).toBeGreaterThan(0)
      const document = policyOf(c.statement)
      const statement = parse(document).statements[0]
      const findings = codes(document)
      if ('effect' in c.expected) expect(statement?.effect).toBe(c.expected.effect)
      if (c.expected.principals) {
        // policyuniverse flattens AWS/Service/Federated values as written; we show accounts as root ARNs.
        const expected = c.expected.principals.map((p: string) => principalValue(p.endsWith('.amazonaws.com') ? 'Service' : 'AWS', p).display).sort()
        expect(principalDisplays(document)).toEqual(expected)
      }
      if ('uses_not_principal' in c.expected) expect(statement?.principal?.negated).toBe(c.expected.uses_not_principal)
      if (c.expected.uses_not_principal) expect(findings).toContain('NOT_PRINCIPAL')
      for (const category of ['arn', 'account', 'userid', 'vpc', 'vpce'] as const) {
        const values = c.expected[`condition_${category}s`]
        if (values !== undefined) expect(conditionEntries(statement, category)).toEqual([...values].sort())
      }
      if (c.expected.condition_cidrs !== undefined) {
        // Upstream keeps the address as written; we read an address without a prefix length as the /32 it means
        // (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html#Conditions_IPAddress).
        const expected = c.expected.condition_cidrs.map((v: string) => (v.includes('/') ? v : `${v}/32`)).sort()
        expect(conditionEntries(statement, 'cidr')).toEqual(expected)
      }
      const userIdCount = c.expected['len(condition_userids)']
      if (userIdCount !== undefined) expect(conditionEntries(statement, 'userid')).toHaveLength(userIdCount)
      if (c.expected.condition_orgpaths !== undefined) expect(conditionEntries(statement, 'organization')).toEqual([...c.expected.condition_orgpaths].sort())
      if (c.expected.condition_orgids !== undefined) expect(orgIds(statement)).toEqual([...c.expected.condition_orgids].sort())
      if ('action_summary()' in c.expected) {
        // Upstream groups the actions by service and by access level (Write, List, Permissions...) from its own
        // table of AWS actions. Our model has no access levels (the comparison works on the action patterns), so we
        // check the services and that each action is read case-insensitively (lower-cased), as IAM does.
        const services = [...String(c.expected['action_summary()']).matchAll(/'([a-z0-9-]+)': \{/g)].map((m) => m[1]).sort()
        expect(services.length).toBeGreaterThan(0)
        expect([...new Set(statement?.action?.patterns.map((p) => p.split(':')[0]))].sort()).toEqual(services)
        expect(statement?.action?.patterns).toEqual(
          [c.statement.Action]
            .flat()
            .map((a) => a.toLowerCase())
            .sort()
        )
      }
      if (!('is_internet_accessible' in c.expected)) return
      // Upstream: Allow, a principal that is everyone (or NotPrincipal), and no limiting condition entry.
      // Our model tells whether the principal is everyone; the condition's effect is checked through the
      // comparison, the trust findings and the reference evaluator.
      const wildcard =
        c.statement.Effect === 'Allow' &&
        (statement?.principal?.values.some((v) => v.kind === 'wildcard' || /^arn:[^:]*:iam::\*:root$/.test(v.display)) ?? false)
      if (c.expected.is_internet_accessible === true) {
        // NotPrincipal with Allow: everyone but the listed principals (statement01).
        if (c.expected.uses_not_principal) expect(statement?.principal?.negated && statement.effect === 'Allow').toBe(true)
        else expect(wildcard).toBe(true)
        // Upstream also calls a condition weak when every caller can meet it ("*", 0.0.0.0/0, an account "*"). Our
        // findings do not judge a condition's strength: as a trust policy this is everyone "limited only by its
        // conditions", a warning that leaves the judgement to the reader, never the unconditioned error.
        if (c.statement.Condition) {
          const trustFindings = codes(trust('*', { Condition: c.statement.Condition }))
          expect(trustFindings).toContain('WILDCARD_PRINCIPAL_WITH_CONDITION')
          expect(trustFindings).not.toContain('WILDCARD_PRINCIPAL')
        }
        return
      }
      if (c.statement.Effect === 'Deny' || !c.statement.Condition) {
        // A Deny grants nothing; without a condition, not internet accessible means the principal is not everyone.
        expect(wildcard).toBe(false)
        return
      }
      // Everyone, limited by the condition: the verdict rests on the condition.
      expect(wildcard).toBe(true)
      const condition = c.statement.Condition
      const limited = trust('*', { Condition: condition })
      // Our comparison: dropping the condition widens (so the condition does limit who may act).
      const dropped = comparePolicies(parse(limited), parse(trust('*')))
      expect(dropped.widens).toBe(true)
      expect(dropped.changes.length).toBeGreaterThan(0)
      expect(dropped.changes.every((change) => change.kind === 'condition-removed' && change.widens)).toBe(true)
      // Our findings (as a trust policy): everyone limited by conditions is a warning, not the wildcard error.
      const trustFindings = codes(limited)
      expect(trustFindings).toContain('WILDCARD_PRINCIPAL_WITH_CONDITION')
      expect(trustFindings).not.toContain('WILDCARD_PRINCIPAL')
      // The reference evaluator: a caller whose request carries none of these keys (an anonymous or direct call).
      if (HOLDS_WHEN_KEY_MISSING.has(c.id)) {
        expect(conditionMatches(condition, {})).toBe(true)
        expect(trustFindings).toContain('FOR_ALL_VALUES_WITH_ALLOW')
      } else {
        expect(conditionMatches(condition, {})).toBe(false)
      }
    })
  }

  // Everyone, in our model: "*", or an ARN whose account is "*" (policyuniverse's `_arn_internet_accessible`).
  const everyone = (statement: ParsedStatement): boolean =>
    statement.effect === 'Allow' &&
    (statement.principal?.values.some((v) => v.kind === 'wildcard' || (v.kind === 'pattern' && /^arn:[^:]*:iam::\*:/.test(v.display))) ?? false)
  const categories = ['arn', 'account', 'organization', 'userid', 'cidr', 'vpc', 'vpce']
  // policyuniverse's `whos_allowed`: the principals as written (AWS and Service) and the condition entries, as a set.
  const whosAllowed = (policy: unknown): string[] => {
    const statements = parse(policy).statements
    const principals = statements.flatMap(
      (s) => s.principal?.values.filter((v) => v.type !== 'Federated' && v.type !== 'CanonicalUser').map((v) => `principal|${v.display}`) ?? []
    )
    const entries = statements.flatMap((s) => categories.flatMap((category) => conditionEntries(s, category).map((value) => `${category}|${value}`)))
    return [...new Set([...principals, ...entries])].sort()
  }
  const checkedPolicyExpectations = new Set([
    'principals',
    'is_internet_accessible',
    'internet_accessible_actions',
    'len(whos_allowed)',
    'whos_allowed_by_category',
    'condition_entries'
  ])

  it('holds the policy cases the fixture lists', () => {
    expect(universe.policy_cases).toHaveLength(7)
    expect(universe.evasion_policy_cases).toHaveLength(3)
  })

  for (const c of universe.policy_cases) {
    it(`${c.id}`, () => {
      expect(Object.keys(c.expected).filter((key) => !checkedPolicyExpectations.has(key))).toEqual([])
      expect(Object.keys(c.expected).length).toBeGreaterThan(0)
      const statements = parse(c.policy).statements
      if (c.expected.principals) {
        expect(principalDisplays(c.policy)).toEqual(c.expected.principals.map((p: string) => principalValue('AWS', p).display).sort())
      }
      if ('is_internet_accessible' in c.expected) {
        // These policies' conditions are upstream's weak ones (0.0.0.0/0) or absent; we judge the principal only.
        expect(statements.some(everyone)).toBe(c.expected.is_internet_accessible)
      }
      if (c.expected.internet_accessible_actions !== undefined) {
        const actions = statements.filter(everyone).flatMap((s) => s.action?.patterns ?? [])
        expect(actions.sort()).toEqual([...c.expected.internet_accessible_actions].sort())
      }
      if (c.expected.condition_entries !== undefined) {
        const entries = statements.flatMap((s) => categories.flatMap((category) => conditionEntries(s, category).map((value) => [category, value])))
        expect(entries.sort()).toEqual([...c.expected.condition_entries].sort())
      }
      const whosAllowedCount = c.expected['len(whos_allowed)']
      if (whosAllowedCount !== undefined) expect(whosAllowed(c.policy)).toHaveLength(whosAllowedCount)
      if ('whos_allowed_by_category' in c.expected) {
        const byCategory: Record<string, number> = {}
        for (const entry of whosAllowed(c.policy)) {
          const category = entry.split('|')[0] as string
          byCategory[category] = (byCategory[category] ?? 0) + 1
        }
        expect(byCategory).toEqual(c.expected.whos_allowed_by_category)
      }
    })
  }

  // Upstream: conditions made only of negated operators (StringNotLike on the user agent, NotIpAddress) or of an
  // ARN with a wildcard account do not limit anyone. IAM agrees where it matters most: a negated operator holds
  // when the key is missing, so a caller whose request carries none of these keys is let through.
  for (const c of universe.evasion_policy_cases) {
    it(`${c.id}: is internet accessible`, () => {
      expect(c.expected).toEqual({ is_internet_accessible: true })
      const statements = parse(c.policy).statements
      const open = statementList(c.policy).filter((raw, index) => {
        const statement = statements.find((s) => s.index === index)
        return statement !== undefined && everyone(statement) && conditionMatches(raw.Condition ?? {}, {})
      })
      expect(open.length).toBeGreaterThan(0)
      // As a trust policy, each such statement is everyone limited only by its conditions (a warning, not the error).
      for (const raw of open) expect(codes(trust('*', { Condition: raw.Condition }))).toContain('WILDCARD_PRINCIPAL_WITH_CONDITION')
    })
  }

  it('arn cases: account numbers are recognised exactly', () => {
    const accounts = universe.arn_cases['proper_account_numbers (error == False)']
    const notAccounts = universe.arn_cases['improper_account_numbers (error == True)']
    expect(accounts.length).toBeGreaterThan(0)
    expect(notAccounts.length).toBeGreaterThan(0)
    for (const id of accounts) expect(principalValue('AWS', id).kind).toBe('account')
    for (const id of notAccounts) expect(principalValue('AWS', id).kind).not.toBe('account')
  })
})

describe('cloudsplaining (salesforce)', () => {
  const documentOf = (c: CloudsplainingCase) => (c.input_kind === 'policy' ? c.input : policyOf(c.input))
  // cloudsplaining's SERVICE_PREFIXES_WITH_COMPUTE_ROLES (cloudsplaining/shared/constants.py at the fixture's commit).
  const COMPUTE_SERVICE_PREFIXES = ['ec2', 'eks', 'ecs-tasks', 'lambda']
  const checkedExpectations = (key: string) =>
    key.startsWith('principals') ||
    [
      'actions',
      'role_assumable_by_cross_account_principals',
      'role_assumable_by_any_principal',
      'role_assumable_by_any_principal_with_conditions',
      'role_assumable_by_compute_services'
    ].includes(key)

  it('holds the cases the fixture lists', () => {
    expect(cloudsplaining.cases).toHaveLength(40)
  })

  for (const c of cloudsplaining.cases) {
    it(c.id, () => {
      const document = documentOf(c)
      const expected = c.expected
      // Every verdict the fixture states for this case is checked below: none is skipped silently.
      expect(Object.keys(expected).filter((key) => !checkedExpectations(key))).toEqual([])
      expect(Object.keys(expected).length).toBeGreaterThan(0)
      const expectedPrincipals = Object.entries(expected).find(([key]) => key.startsWith('principals'))?.[1]
      if (expectedPrincipals !== undefined) {
        const expectedDisplays = expectedPrincipals.map((p) => principalValue(p.endsWith('.amazonaws.com') ? 'Service' : 'AWS', p).display).sort()
        const ours = principalDisplays(document)
        // cloudsplaining lists Federated names too; our displays are the same strings.
        expect(ours).toEqual(expectedDisplays)
      }
      if ('actions' in expected) expect(parse(document).statements[0]?.action?.patterns).toEqual(expected.actions)
      const options = { accountId: c.params.current_account_id, knownAccounts: c.params.known_accounts }
      const findings = trustPolicyFindings(parse(document), options)
      const flagged = (code: string) => findings.filter((f) => f.code === code).map((f) => f.message)
      const expectedList = expected.role_assumable_by_cross_account_principals
      if (expectedList !== undefined) {
        const messages = flagged('CROSS_ACCOUNT_WITHOUT_EXTERNAL_ID')
        expect(messages).toHaveLength(expectedList.length)
        for (const principal of expectedList) expect(messages.some((m) => m.includes(principalValue('AWS', principal).display))).toBe(true)
      }
      // Upstream lists "*" and "arn:aws:iam::*:root" separately; we read {"AWS": ["*", ...]} as the one principal "*",
      // so we compare whether the statement is flagged, not how many values.
      const anyPrincipal = expected.role_assumable_by_any_principal
      if (anyPrincipal !== undefined) expect(flagged('WILDCARD_PRINCIPAL').length > 0).toBe(anyPrincipal.length > 0)
      const anyPrincipalWithConditions = expected.role_assumable_by_any_principal_with_conditions
      if (anyPrincipalWithConditions !== undefined) {
        expect(flagged('WILDCARD_PRINCIPAL_WITH_CONDITION').length > 0).toBe(anyPrincipalWithConditions.length > 0)
      }
      const computeServices = expected.role_assumable_by_compute_services
      if (computeServices !== undefined) {
        // The service principals our parser reads, kept when IAM's decision (the reference evaluator: some Allow
        // and no Deny matches) lets that service call sts:AssumeRole, narrowed to upstream's compute services.
        const services = parse(document).statements.flatMap((s) => s.principal?.values.filter((v) => v.type === 'Service') ?? [])
        const assumable = services.filter((v) =>
          isAllowed(document, { principal: { type: 'Service', id: v.display, account: null }, action: 'sts:AssumeRole', context: {} })
        )
        const computePrefixes = assumable.map((v) => v.display.split('.')[0] as string).filter((prefix) => COMPUTE_SERVICE_PREFIXES.includes(prefix))
        expect(computePrefixes.sort()).toEqual([...computeServices].sort())
      }
    })
  }
})

describe('parliament (duo-labs)', () => {
  it('holds the cases the fixture lists', () => {
    expect(parliament.cases).toHaveLength(9)
  })

  for (const c of parliament.cases) {
    it(c.description, () => {
      if (c.policy === null) {
        // Strict JSON rejects the trailing comma parliament's lenient parser accepts: error at Python's line/column.
        const [, line, column] = /line (\d+) column (\d+)/.exec(c.policy_json_error) ?? []
        expect(() => parse(c.policy_raw, 'policy.json')).toThrow(InputError)
        expect(() => parse(c.policy_raw, 'policy.json')).toThrow(`policy.json:${line}:${column}: invalid JSON`)
        return
      }
      const findings = codes(c.policy)
      // parliament's accepted principal forms (account IDs, IAM ARNs incl. CloudFront OAI, Federated names) are not unknown to us.
      expect(findings).not.toContain('UNKNOWN_PRINCIPAL')
      // parliament reports nothing for NotPrincipal with Deny in a bucket policy; in a role trust policy IAM
      // refuses NotPrincipal altogether, so we do flag it (IAM's documented behaviour wins).
      if (c.policy.Statement.some((s) => 'NotPrincipal' in s)) expect(findings).toContain('NOT_PRINCIPAL')
    })
  }
})

describe('cfn-policy-validator (awslabs)', () => {
  const byId = (prefix: string) => {
    const found = cfn.cases.find((c) => c.id.startsWith(prefix))
    if (found === undefined) throw new Error(`cfn_policy_validator_trust_cases.json has no case ${prefix}`)
    return found
  }
  it('trust policy that allows external access ({"AWS":"*"}) is an error', () => {
    const findings = trustPolicyFindings(parse(byId('trust_policy_that_allows_external_access').trust_policy), { accountId: '111222333444' })
    expect(findings.find((f) => f.code === 'WILDCARD_PRINCIPAL')?.severity).toBe('error')
  })
  it('an empty Principal object is flagged', () => {
    expect(codes(byId('trust_policy_with_findings').trust_policy)).toContain('EMPTY_PRINCIPAL')
  })
  it('the own account as principal: no error and no cross-account finding', () => {
    const findings = trustPolicyFindings(parse(byId('trust_policy_with_no_findings').trust_policy), { accountId: '111222333444' })
    expect(findings.filter((f) => f.severity === 'error' || f.code === 'CROSS_ACCOUNT_WITHOUT_EXTERNAL_ID')).toEqual([])
  })
  it('an unresolved CloudFormation intrinsic inside Principal is a data type error', () => {
    expect(() => parse(byId('invalid_trust_policy').trust_policy)).toThrow(/Principal\.AWS: must be a string or a list of strings/)
  })
})

describe('iam-policy-json-to-terraform (flosell)', () => {
  it('holds the conversion pairs and error cases the fixture lists', () => {
    expect(terraform.conversion_pairs).toHaveLength(4)
    expect(terraform.error_cases).toHaveLength(3)
  })

  for (const c of terraform.conversion_pairs) {
    it(`${c.id}: parses (or fails to) as upstream`, () => {
      if (c.input_json_error !== null) {
        const [, line, column] = /line (\d+) column (\d+)/.exec(c.input_json_error) ?? []
        expect(() => parse(c.input_json_text, 'in.json')).toThrow(`in.json:${line}:${column}: invalid JSON`)
        return
      }
      // Single statement object and list both accepted; canonical form is stable under a second pass.
      const parsed = parse(c.input_json_text)
      expect(parsed.statements).toHaveLength(Array.isArray(c.input_json.Statement) ? c.input_json.Statement.length : 1)
      expect(canonicalPolicy(parse(canonicalPolicy(parsed)))).toEqual(canonicalPolicy(parsed))
    })
  }
  for (const c of terraform.error_cases) {
    it(`${c.id}: rejected`, () => {
      expect(() => parse(c.input_text, 'in.json')).toThrow(InputError)
    })
  }
})
