import { describe, expect, it } from '@jest/globals'
import { InputError } from '../../src/common/diagnostics.js'
import { comparePolicies } from '../../src/trustPolicy/compare.js'
import { parsePolicy as parseAny } from '../../src/trustPolicy/parse.js'
import { trustPolicyFindings } from '../../src/trustPolicy/trustFindings.js'

// These documents are of the aws partition: a bare account ID is read there.
const parsePolicy = (document: unknown, source: string) => parseAny(document, source, { partition: 'aws' })

const SPACELIFT = 'arn:aws:iam::324880187172:root'
const hub = (externalIds: string[], operator = 'StringEquals', extra: object[] = []) =>
  parsePolicy(
    {
      Version: '2012-10-17',
      Statement: [
        { Effect: 'Allow', Principal: { AWS: SPACELIFT }, Action: 'sts:AssumeRole', Condition: { [operator]: { 'sts:ExternalId': externalIds } } },
        ...extra
      ]
    },
    'hub.json'
  )

describe('comparePolicies', () => {
  it('names added external IDs and says the policy widens', () => {
    const result = comparePolicies(hub(['acme@01H@app@read']), hub(['acme@01H@app@read', 'acme@01H@app@write']))
    expect(result).toEqual({
      widens: true,
      changes: [
        {
          kind: 'condition-values-added',
          detail: `sts:ExternalId values added: acme@01H@app@write (StringEquals) [${SPACELIFT} sts:AssumeRole] (widens: the added values are newly allowed)`,
          widens: true
        }
      ]
    })
  })

  it('says why a changed value list widens: plainly for added values, "not provably" only where it cannot tell', () => {
    // Values removed from StringNotEquals in an Allow: the removed values are no longer excluded.
    const excluded = comparePolicies(hub(['a', 'b'], 'StringNotEquals'), hub(['a'], 'StringNotEquals'))
    expect(excluded.widens).toBe(true)
    expect(excluded.changes).toEqual([
      {
        kind: 'condition-values-removed',
        detail: `sts:ExternalId values removed: b (StringNotEquals) [${SPACELIFT} sts:AssumeRole] (widens: the removed values are newly allowed)`,
        widens: true
      }
    ])
    // Values removed from a Deny's StringEquals: requests with them are no longer denied.
    const denied = (ids: string[]) =>
      hub(['a'], 'StringEquals', [
        { Effect: 'Deny', Principal: { AWS: '*' }, Action: 'sts:AssumeRole', Condition: { StringEquals: { 'sts:ExternalId': ids } } }
      ])
    expect(comparePolicies(denied(['x', 'y']), denied(['x'])).changes).toEqual([
      {
        kind: 'condition-values-removed',
        detail: 'deny sts:ExternalId values removed: y (StringEquals) [* sts:AssumeRole] (widens: the removed values are no longer denied)',
        widens: true
      }
    ])
    // A NumericLessThan bound added: not a plain "value allowed", so the general reason.
    const age = (bounds: number[]) =>
      hub(['a'], 'StringEquals', [
        { Effect: 'Allow', Principal: { AWS: '111111111111' }, Action: 'sts:AssumeRole', Condition: { NumericLessThan: { 'aws:MultiFactorAuthAge': bounds } } }
      ])
    const raised = comparePolicies(age([100]), age([100, 3600]))
    expect(raised.widens).toBe(true)
    expect(raised.changes.map((c) => c.detail)).toEqual([
      'aws:MultiFactorAuthAge values added: 3600 (NumericLessThan) [arn:aws:iam::111111111111:root sts:AssumeRole] (widens: the new condition does not provably imply the old one)'
    ])
  })

  it('an account principal replaced by one of its roles is one narrowing change', () => {
    const statement = (principal: string, extra: object = {}) => ({ Effect: 'Allow', Principal: { AWS: principal }, Action: 'sts:AssumeRole', ...extra })
    const policy = (...statements: object[]) => parsePolicy({ Version: '2012-10-17', Statement: statements }, 'p.json')
    const role = 'arn:aws:iam::111111111111:role/x'
    expect(comparePolicies(policy(statement('111111111111')), policy(statement(role)))).toEqual({
      widens: false,
      changes: [{ kind: 'principal-narrowed', detail: `principal narrowed: arn:aws:iam::111111111111:root -> ${role} (sts:AssumeRole)`, widens: false }]
    })
    // The role already trusted for another action, and a condition on both sides: still one change.
    const tagged = { Condition: { StringEquals: { 'aws:PrincipalTag/stack': 's1' } } }
    const tagSession = { Effect: 'Allow', Principal: { AWS: role }, Action: 'sts:TagSession' }
    expect(comparePolicies(policy(statement('111111111111', tagged), tagSession), policy(statement(role, tagged), tagSession)).changes).toEqual([
      {
        kind: 'principal-narrowed',
        detail: `principal narrowed: arn:aws:iam::111111111111:root -> ${role} (sts:AssumeRole) when StringEquals aws:PrincipalTag/stack = [s1]`,
        widens: false
      }
    ])
    // The other way round widens, and is told as an added and a removed principal.
    const broadened = comparePolicies(policy(statement(role)), policy(statement('111111111111')))
    expect(broadened.widens).toBe(true)
    expect(broadened.changes.map((c) => [c.kind, c.widens])).toEqual([
      ['principal-added', true],
      ['principal-removed', false]
    ])
    // A role of another account is no narrowing.
    expect(comparePolicies(policy(statement('111111111111')), policy(statement('arn:aws:iam::222222222222:role/x'))).widens).toBe(true)
  })

  it('removing external IDs narrows', () => {
    const result = comparePolicies(hub(['a', 'b']), hub(['a']))
    expect(result.widens).toBe(false)
    expect(result.changes).toEqual([expect.objectContaining({ kind: 'condition-values-removed', widens: false })])
  })

  it('a literal external ID inside an old StringLike pattern does not widen; a new pattern does', () => {
    expect(comparePolicies(hub(['acme@01H@app@*'], 'StringLike'), hub(['acme@01H@app@write'])).widens).toBe(false)
    expect(comparePolicies(hub(['acme@01H@app@write']), hub(['acme@01H@app@*'], 'StringLike')).widens).toBe(true)
  })

  it('names an added principal with its actions', () => {
    const target = (principals: string[]) =>
      parsePolicy({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { AWS: principals }, Action: 'sts:AssumeRole' }] }, 't.json')
    const result = comparePolicies(
      target(['arn:aws:iam::111111111111:role/a']),
      target(['arn:aws:iam::111111111111:role/a', 'arn:aws:iam::111111111111:role/spacelift-hub'])
    )
    expect(result.changes).toEqual([
      { kind: 'principal-added', detail: 'principal added: arn:aws:iam::111111111111:role/spacelift-hub (sts:AssumeRole)', widens: true }
    ])
    // A role of an account already trusted as a whole adds nothing.
    expect(comparePolicies(target(['111111111111']), target(['111111111111', 'arn:aws:iam::111111111111:role/x']))).toEqual({ widens: false, changes: [] })
  })

  it('sees no change in statement order, Sids, string vs list, account ID vs root ARN, action case, duplicates', () => {
    const a = parsePolicy(
      {
        Version: '2012-10-17',
        Statement: [
          {
            Sid: 'One',
            Effect: 'Allow',
            Principal: { AWS: ['324880187172'] },
            Action: ['sts:AssumeRole', 'sts:TagSession'],
            Condition: { StringEquals: { 'sts:ExternalId': ['x', 'y'] } }
          }
        ]
      },
      'a.json'
    )
    const b = parsePolicy(
      {
        Version: '2012-10-17',
        Statement: [
          { Effect: 'Allow', Principal: { AWS: SPACELIFT }, Action: 'STS:tagsession', Condition: { StringEquals: { 'STS:EXTERNALID': ['y', 'x', 'x'] } } },
          {
            Sid: 'Two',
            Effect: 'Allow',
            Principal: { AWS: SPACELIFT },
            Action: 'sts:AssumeRole',
            Condition: { StringEquals: { 'sts:ExternalId': ['x', 'y'] } }
          }
        ]
      },
      'b.json'
    )
    expect(comparePolicies(a, b)).toEqual({ widens: false, changes: [] })
  })

  it('external IDs split over two statements and merged into one is not a widening', () => {
    const split = hub(['a'], 'StringEquals', [
      { Effect: 'Allow', Principal: { AWS: SPACELIFT }, Action: 'sts:AssumeRole', Condition: { StringEquals: { 'sts:ExternalId': 'b' } } }
    ])
    expect(comparePolicies(split, hub(['a', 'b'])).widens).toBe(false)
  })

  it('dropping or narrowing a Deny widens; adding one does not', () => {
    const deny = { Effect: 'Deny', Principal: { AWS: '*' }, Action: 'sts:AssumeRole', Condition: { Bool: { 'aws:MultiFactorAuthPresent': 'false' } } }
    const dropped = comparePolicies(hub(['a'], 'StringEquals', [deny]), hub(['a']))
    expect(dropped.widens).toBe(true)
    expect(dropped.changes).toEqual([expect.objectContaining({ kind: 'deny-removed', widens: true })])
    expect(comparePolicies(hub(['a']), hub(['a'], 'StringEquals', [deny]))).toEqual({
      widens: false,
      changes: [expect.objectContaining({ kind: 'deny-added', widens: false })]
    })
  })

  it('says widens, with a reason, where it cannot reason (ArnLike replaced by StringLike)', () => {
    const sourced = (operator: string, value: string) =>
      parsePolicy(
        {
          Version: '2012-10-17',
          Statement: [
            { Effect: 'Allow', Principal: { Service: 'sns.amazonaws.com' }, Action: 'sts:AssumeRole', Condition: { [operator]: { 'aws:SourceArn': value } } }
          ]
        },
        'x.json'
      )
    // The new literal ARN is inside the old pattern, but the prover does not mix operator families: sound, not exact.
    const result = comparePolicies(sourced('ArnLike', 'arn:aws:s3:::*'), sourced('StringLike', 'arn:aws:s3:::bucket'))
    expect(result.widens).toBe(true)
    expect(result.changes.find((c) => c.widens)?.detail).toMatch(/does not provably imply the old one/)
  })

  it('stays near-linear with thousands of external IDs', () => {
    const ids = Array.from({ length: 5000 }, (_, i) => `acme@01HZZZZZZZZZZZZZZZZZZZZZZZ@stack-${i}@write`)
    const result = comparePolicies(hub(ids.slice(0, 4999), 'StringLike'), hub(ids, 'StringLike'))
    expect(result.widens).toBe(true)
    expect(result.changes).toHaveLength(1)
    expect(
      comparePolicies(
        hub(
          ids.map((id) => id.replace(/write$/, '*')),
          'StringLike'
        ),
        hub(ids)
      ).widens
    ).toBe(false)
  })
})

describe('parsePolicy', () => {
  it('decodes URL-encoded documents and reads get-role output', () => {
    const document = { Version: '2012-10-17', Statement: { Effect: 'Allow', Principal: { Service: 'ec2.amazonaws.com' }, Action: 'sts:AssumeRole' } }
    const plain = parsePolicy(document, 'p.json')
    expect(parsePolicy(encodeURIComponent(JSON.stringify(document)), 'p.json').statements).toEqual(plain.statements)
    expect(parsePolicy(JSON.stringify({ Role: { AssumeRolePolicyDocument: encodeURIComponent(JSON.stringify(document)) } }), 'p.json').statements).toEqual(
      plain.statements
    )
  })

  it('rejects malformed documents with the file name and position', () => {
    expect(() => parsePolicy('{\n  "Statement": [\n    {"Effect": "Allow",}\n  ]\n}', 'bad.json')).toThrow('bad.json:3:24: invalid JSON')
    expect(() => parsePolicy({ Statement: [{ Effect: 'allow', Principal: '*', Action: 'sts:AssumeRole' }] }, 'e.json')).toThrow(
      /e\.json:1:1: Statement\[0\]\.Effect: must be "Allow" or "Deny"/
    )
    expect(() => parsePolicy({ Statement: [{ Effect: 'Allow', Principal: '*', Action: 'x', Condition: { StringEqualz: { a: 'b' } } }] }, 'c.json')).toThrow(
      /unknown condition operator/
    )
    expect(() => parsePolicy({ Version: '2012-10-17' }, 'n.json')).toThrow(InputError)
  })
})

describe('trustPolicyFindings', () => {
  it('flags a third-party account without sts:ExternalId, but not with one or for known accounts', () => {
    const policy = (condition?: object) =>
      parsePolicy(
        {
          Version: '2012-10-17',
          Statement: [{ Effect: 'Allow', Principal: { AWS: '444455556666' }, Action: 'sts:AssumeRole', ...(condition ? { Condition: condition } : {}) }]
        },
        'f.json'
      )
    expect(trustPolicyFindings(policy()).map((f) => f.code)).toEqual(['CROSS_ACCOUNT_WITHOUT_EXTERNAL_ID'])
    expect(trustPolicyFindings(policy({ StringEquals: { 'sts:ExternalId': 'x' } }))).toEqual([])
    expect(trustPolicyFindings(policy(), { knownAccounts: ['444455556666'] })).toEqual([])
  })

  it('flags NotAction with Allow and StringEquals with a wildcard', () => {
    const policy = parsePolicy(
      {
        Version: '2012-10-17',
        Statement: [
          { Effect: 'Allow', Principal: { Service: 'ec2.amazonaws.com' }, NotAction: 's3:*', Condition: { StringEquals: { 'aws:SourceArn': 'arn:*' } } }
        ]
      },
      'f.json'
    )
    expect(
      trustPolicyFindings(policy)
        .map((f) => f.code)
        .sort()
    ).toEqual(['NOT_ACTION_WITH_ALLOW', 'WILDCARD_WITHOUT_LIKE_OPERATOR'])
  })
})
