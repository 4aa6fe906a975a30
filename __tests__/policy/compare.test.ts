import { describe, expect, it } from '@jest/globals'
import { InputError } from '../../src/diagnostics.js'
import { comparePolicies } from '../../src/policy/compare.js'
import { parsePolicy } from '../../src/policy/parse.js'
import { trustPolicyFindings } from '../../src/policy/findings.js'

const SPACELIFT = 'arn:aws:iam::324880187172:root'
const hub = (externalIds: string[], operator = 'StringEquals', extra: object[] = []) =>
  parsePolicy(
    {
      Version: '2012-10-17',
      Statement: [{ Effect: 'Allow', Principal: { AWS: SPACELIFT }, Action: 'sts:AssumeRole', Condition: { [operator]: { 'sts:ExternalId': externalIds } } }, ...extra]
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
          detail: `sts:ExternalId values added: acme@01H@app@write (StringEquals) [${SPACELIFT} sts:AssumeRole] (widens: the new condition does not provably imply the old one)`,
          widens: true
        }
      ]
    })
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
    const target = (principals: string[]) => parsePolicy({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { AWS: principals }, Action: 'sts:AssumeRole' }] }, 't.json')
    const result = comparePolicies(target(['arn:aws:iam::111111111111:role/a']), target(['arn:aws:iam::111111111111:role/a', 'arn:aws:iam::111111111111:role/spacelift-hub']))
    expect(result.changes).toEqual([{ kind: 'principal-added', detail: 'principal added: arn:aws:iam::111111111111:role/spacelift-hub (sts:AssumeRole)', widens: true }])
    // A role of an account already trusted as a whole adds nothing.
    expect(comparePolicies(target(['111111111111']), target(['111111111111', 'arn:aws:iam::111111111111:role/x']))).toEqual({ widens: false, changes: [] })
  })

  it('sees no change in statement order, Sids, string vs list, account ID vs root ARN, action case, duplicates', () => {
    const a = parsePolicy(
      { Version: '2012-10-17', Statement: [{ Sid: 'One', Effect: 'Allow', Principal: { AWS: ['324880187172'] }, Action: ['sts:AssumeRole', 'sts:TagSession'], Condition: { StringEquals: { 'sts:ExternalId': ['x', 'y'] } } }] },
      'a.json'
    )
    const b = parsePolicy(
      {
        Version: '2012-10-17',
        Statement: [
          { Effect: 'Allow', Principal: { AWS: SPACELIFT }, Action: 'STS:tagsession', Condition: { StringEquals: { 'STS:EXTERNALID': ['y', 'x', 'x'] } } },
          { Sid: 'Two', Effect: 'Allow', Principal: { AWS: SPACELIFT }, Action: 'sts:AssumeRole', Condition: { StringEquals: { 'sts:ExternalId': ['x', 'y'] } } }
        ]
      },
      'b.json'
    )
    expect(comparePolicies(a, b)).toEqual({ widens: false, changes: [] })
  })

  it('external IDs split over two statements and merged into one is not a widening', () => {
    const split = hub(['a'], 'StringEquals', [{ Effect: 'Allow', Principal: { AWS: SPACELIFT }, Action: 'sts:AssumeRole', Condition: { StringEquals: { 'sts:ExternalId': 'b' } } }])
    expect(comparePolicies(split, hub(['a', 'b'])).widens).toBe(false)
  })

  it('dropping or narrowing a Deny widens; adding one does not', () => {
    const deny = { Effect: 'Deny', Principal: { AWS: '*' }, Action: 'sts:AssumeRole', Condition: { Bool: { 'aws:MultiFactorAuthPresent': 'false' } } }
    const dropped = comparePolicies(hub(['a'], 'StringEquals', [deny]), hub(['a']))
    expect(dropped.widens).toBe(true)
    expect(dropped.changes).toEqual([expect.objectContaining({ kind: 'deny-removed', widens: true })])
    expect(comparePolicies(hub(['a']), hub(['a'], 'StringEquals', [deny]))).toEqual({ widens: false, changes: [expect.objectContaining({ kind: 'deny-added', widens: false })] })
  })

  it('says widens, with a reason, where it cannot reason (ArnLike replaced by StringLike)', () => {
    const sourced = (operator: string, value: string) =>
      parsePolicy({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { Service: 'sns.amazonaws.com' }, Action: 'sts:AssumeRole', Condition: { [operator]: { 'aws:SourceArn': value } } }] }, 'x.json')
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
    expect(comparePolicies(hub(ids.map((id) => id.replace(/write$/, '*')), 'StringLike'), hub(ids)).widens).toBe(false)
  })
})

describe('parsePolicy', () => {
  it('decodes URL-encoded documents and reads get-role output', () => {
    const document = { Version: '2012-10-17', Statement: { Effect: 'Allow', Principal: { Service: 'ec2.amazonaws.com' }, Action: 'sts:AssumeRole' } }
    const plain = parsePolicy(document, 'p.json')
    expect(parsePolicy(encodeURIComponent(JSON.stringify(document)), 'p.json').statements).toEqual(plain.statements)
    expect(parsePolicy(JSON.stringify({ Role: { AssumeRolePolicyDocument: encodeURIComponent(JSON.stringify(document)) } }), 'p.json').statements).toEqual(plain.statements)
  })

  it('rejects malformed documents with the file name and position', () => {
    expect(() => parsePolicy('{\n  "Statement": [\n    {"Effect": "Allow",}\n  ]\n}', 'bad.json')).toThrow('bad.json:3:24: invalid JSON')
    expect(() => parsePolicy({ Statement: [{ Effect: 'allow', Principal: '*', Action: 'sts:AssumeRole' }] }, 'e.json')).toThrow(/e\.json:1:1: Statement\[0\]\.Effect: must be "Allow" or "Deny"/)
    expect(() => parsePolicy({ Statement: [{ Effect: 'Allow', Principal: '*', Action: 'x', Condition: { StringEqualz: { a: 'b' } } }] }, 'c.json')).toThrow(/unknown condition operator/)
    expect(() => parsePolicy({ Version: '2012-10-17' }, 'n.json')).toThrow(InputError)
  })
})

describe('trustPolicyFindings', () => {
  it('flags a third-party account without sts:ExternalId, but not with one or for known accounts', () => {
    const policy = (condition?: object) =>
      parsePolicy({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { AWS: '444455556666' }, Action: 'sts:AssumeRole', ...(condition ? { Condition: condition } : {}) }] }, 'f.json')
    expect(trustPolicyFindings(policy()).map((f) => f.code)).toEqual(['CROSS_ACCOUNT_WITHOUT_EXTERNAL_ID'])
    expect(trustPolicyFindings(policy({ StringEquals: { 'sts:ExternalId': 'x' } }))).toEqual([])
    expect(trustPolicyFindings(policy(), { knownAccounts: ['444455556666'] })).toEqual([])
  })

  it('flags NotAction with Allow and StringEquals with a wildcard', () => {
    const policy = parsePolicy({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { Service: 'ec2.amazonaws.com' }, NotAction: 's3:*', Condition: { StringEquals: { 'aws:SourceArn': 'arn:*' } } }] }, 'f.json')
    expect(trustPolicyFindings(policy).map((f) => f.code).sort()).toEqual(['NOT_ACTION_WITH_ALLOW', 'WILDCARD_WITHOUT_LIKE_OPERATOR'])
  })
})
