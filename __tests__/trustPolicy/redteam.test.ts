/**
 * Red-team pairs (after issue 9): changes an attacker could put in a PR that the comparison once
 * called "does not widen", each with the request NEW allows and OLD denies. Where the reference
 * evaluator models the reading that makes the request pass, it checks the example; where IAM's
 * reading is undocumented, the example is checked under the reading that widens, and the
 * comparison must either say widens: true or refuse the input.
 */
import { describe, expect, it } from '@jest/globals'
import { InputError } from '../../src/common/diagnostics.js'
import { comparePolicies } from '../../src/trustPolicy/compare.js'
import { parsePolicy, type ReadContext } from '../../src/trustPolicy/parse.js'
import { isAllowed, type EvaluationContext, type RequestContext, type RequestPrincipal, type TrustRequest } from '../support/referenceEvaluator.js'

type Doc = Record<string, unknown>
const A = '111111111111'
const ROLE_IN_A: RequestPrincipal = { type: 'AWS', id: `arn:aws:iam::${A}:role/a`, account: A, role: 'a' }

const statement = (effect: 'Allow' | 'Deny', condition?: Doc, principal: Doc = { AWS: A }): Doc => ({
  Effect: effect,
  Principal: principal,
  Action: 'sts:AssumeRole',
  ...(condition ? { Condition: condition } : {})
})
const policy = (...statements: Doc[]): Doc => ({ Version: '2012-10-17', Statement: statements })
const request = (context: RequestContext, principal: RequestPrincipal = ROLE_IN_A): TrustRequest => ({ principal, action: 'sts:AssumeRole', context })
const CONTEXT: ReadContext = { partition: 'aws' }

const compare = (old: Doc, next: Doc) => comparePolicies(parsePolicy(old, 'old.json', CONTEXT), parsePolicy(next, 'new.json', CONTEXT))

/** NEW (as `newAsRead`, when IAM may read it so) allows the request, OLD denies it, and the verdict says so. */
function expectWidens(old: Doc, next: Doc, req: TrustRequest, options: { evaluation?: EvaluationContext; newAsRead?: Doc } = {}): void {
  const evaluation = { partition: 'aws', ...options.evaluation }
  expect(isAllowed(options.newAsRead ?? next, req, evaluation)).toBe(true)
  expect(isAllowed(old, req, evaluation)).toBe(false)
  const result = compare(old, next)
  expect(result.widens).toBe(true)
  expect(result.changes.some((change) => change.widens)).toBe(true)
}

describe('names IAM folds only as far as it documents (A-Z)', () => {
  it('a Deny whose condition key is spelled with the Kelvin sign is a different key: the Deny is lost', () => {
    // aws:TagKeys with U+212A for the K: Unicode lower-casing makes it aws:tagkeys, A-Z folding does not.
    const deny = (key: string): Doc => statement('Deny', { 'ForAnyValue:StringEquals': { [key]: ['admin'] } })
    const old = policy(statement('Allow'), deny('aws:TagKeys'))
    const next = policy(statement('Allow'), deny('aws:Tag\u212Aeys'))
    expectWidens(old, next, request({ 'aws:tagkeys': ['admin'] }), { evaluation: { fold: 'ascii' } })
  })

  it('an operator spelled with the Kelvin sign is no operator IAM knows: refused, not read as ArnLike', () => {
    const next = policy(statement('Allow'), statement('Deny', { 'ArnLi\u212Ae': { 'aws:SourceArn': 'arn:aws:s3:::x' } }))
    expect(() => parsePolicy(next, 'new.json', CONTEXT)).toThrow(InputError)
  })
})

describe('names repeated in another case', () => {
  it('a condition key repeated in another case in one operator is refused (IAM may keep only one of them)', () => {
    const old = policy(statement('Allow', { StringEquals: { 'sts:ExternalId': 'a' } }))
    const next = policy(statement('Allow', { StringEquals: { 'sts:ExternalId': 'a', 'STS:EXTERNALID': 'b' } }))
    // Read as "the last spelling wins", NEW allows ExternalId b, which OLD denies; read as AND, it allows nothing.
    const lastWins = policy(statement('Allow', { StringEquals: { 'STS:EXTERNALID': 'b' } }))
    const req = request({ 'sts:externalid': 'b' })
    expect(isAllowed(lastWins, req, { partition: 'aws' })).toBe(true)
    expect(isAllowed(old, req, { partition: 'aws' })).toBe(false)
    expect(() => parsePolicy(next, 'new.json', CONTEXT)).toThrow(/repeats "sts:ExternalId" in another case/)
  })

  it('an operator repeated in another case in one Condition is refused', () => {
    const next = policy(statement('Allow', { StringEquals: { 'sts:ExternalId': 'a' }, stringequals: { 'sts:ExternalId': 'b' } }))
    expect(() => parsePolicy(next, 'new.json', CONTEXT)).toThrow(InputError)
  })
})

describe('values whose reading IAM does not document are equal only to themselves', () => {
  it('an IPv4 octet with a leading zero (octal to some readers) is not taken for the decimal one', () => {
    const allow = (cidr: string): Doc => policy(statement('Allow', { IpAddress: { 'aws:SourceIp': cidr } }))
    // 010.0.0.0/8 read as octal is 8.0.0.0/8.
    expectWidens(allow('10.0.0.0/8'), allow('010.0.0.0/8'), request({ 'aws:sourceip': '8.8.8.8' }), { newAsRead: allow('8.0.0.0/8') })
  })

  it('an eight-digit date is also ISO 8601 basic YYYYMMDD, not only epoch seconds', () => {
    const allow = (date: string): Doc => policy(statement('Allow', { DateLessThan: { 'aws:CurrentTime': date } }))
    // As epoch seconds 20991231 is 1970-08-31 (before OLD's 1971-01-01); as YYYYMMDD it is 2099-12-31.
    expectWidens(allow('1971-01-01'), allow('20991231'), request({ 'aws:currenttime': '2025-01-01T00:00:00Z' }), { newAsRead: allow('2099-12-31') })
  })
})

describe('principals of different types that may be one caller', () => {
  it('a Deny on an account removed under an Allow of a canonical user (which may be that account) widens', () => {
    // A canonical user ID names an AWS account; which one is not in the policy. The reference
    // evaluator has no canonical-user callers, so the request is the account's own (both match it).
    const canonical = '79a59df900b949e55d96a1e698fbacedfd6e09d98eacf8f8d5218e7cd47ef2be'
    const old = { Version: '2012-10-17', Statement: [statement('Allow', undefined, { CanonicalUser: canonical }), statement('Deny')] }
    const next = { Version: '2012-10-17', Statement: [statement('Allow', undefined, { CanonicalUser: canonical })] }
    const result = compare(old, next)
    expect(result.widens).toBe(true)
    expect(result.changes.some((change) => change.widens)).toBe(true)
  })
})

describe('long patterns asked about once per combination', () => {
  // Time is measured in bench/compare.mjs ("long star patterns under a 50 x 50 cross product"); here the answers.
  const principals = Array.from({ length: 50 }, (_, i) => String(100000000000 + i))
  const actions = Array.from({ length: 50 }, (_, i) => `x:a${String(i).padStart(2, '0')}`)
  const doc = (value: string): Doc => ({
    Version: '2012-10-17',
    Statement: [{ Effect: 'Allow', Principal: { AWS: principals }, Action: actions, Condition: { StringLike: { 'sts:ExternalId': value } } }]
  })
  const stars = '*' + 'a*'.repeat(900) + 'b'

  it('a long literal run with a star is not inside a pattern that must end in b', () => {
    const next = doc('a'.repeat(1790) + '*')
    const req = request(
      { 'sts:externalid': 'a'.repeat(1790) + 'c' },
      { type: 'AWS', id: `arn:aws:iam::${principals[0]}:role/a`, account: principals[0] as string, role: 'a' }
    )
    expect(isAllowed(next, { ...req, action: 'x:a00' }, { partition: 'aws' })).toBe(true)
    expect(isAllowed(doc(stars), { ...req, action: 'x:a00' }, { partition: 'aws' })).toBe(false)
    expect(comparePolicies(parsePolicy(doc(stars), 'old.json', CONTEXT), parsePolicy(next, 'new.json', CONTEXT)).widens).toBe(true)
  })

  it('the same run ending in b is inside it, for every combination', () => {
    const next = doc('a'.repeat(1790) + '*b')
    expect(comparePolicies(parsePolicy(doc(stars), 'old.json', CONTEXT), parsePolicy(next, 'new.json', CONTEXT)).widens).toBe(false)
  })
})

describe('inputs that once crashed', () => {
  it('a document nested thousands deep is refused with its place, not a stack overflow', () => {
    const text = `{"Version":"2012-10-17","Statement":${'['.repeat(5000)}${']'.repeat(5000)}}`
    expect(() => parsePolicy(text, 'deep.json', { ...CONTEXT, maxChars: 5120 })).toThrow(InputError)
    expect(() => parsePolicy(text, 'deep.json', CONTEXT)).toThrow(/nests deeper than 32 levels/)
  })
})

describe('grant identities that once ran together', () => {
  it('NotAction "a,b" (excluding neither a nor b) is not the grant NotAction ["a", "b"]', () => {
    const allowAllBut = (notAction: string | string[]): Doc => policy({ Effect: 'Allow', Principal: { AWS: A }, NotAction: notAction })
    expectWidens(allowAllBut(['sts:AssumeRole', 'sts:TagSession']), allowAllBut('sts:AssumeRole,sts:TagSession'), request({}))
  })

  it('a Deny on NotAction "a,b" (denying a and b) replaced by NotAction ["a", "b"] is lost', () => {
    const denyAllBut = (notAction: string | string[]): Doc => ({ Effect: 'Deny', Principal: { AWS: A }, NotAction: notAction })
    const old = policy(statement('Allow'), denyAllBut('sts:AssumeRole,sts:TagSession'))
    const next = policy(statement('Allow'), denyAllBut(['sts:AssumeRole', 'sts:TagSession']))
    expectWidens(old, next, request({}))
  })
})

describe('lost Denies against Allows that name a Resource (indexed by action)', () => {
  // Time is measured in bench/compare.mjs ("lost Denies against Allows with resources, 70 x 70"); here the answers.
  const TARGET = 'arn:aws:iam::999999999999:role/target'
  const grant = (effect: 'Allow' | 'Deny', action: string, resource: string): Doc => ({
    Effect: effect,
    Principal: { AWS: A },
    Action: action,
    Resource: resource
  })

  it('a Deny on sts:Assume* removed under an Allow of sts:AssumeRole on the role widens', () => {
    const old = policy(grant('Allow', 'sts:AssumeRole', TARGET), grant('Deny', 'sts:Assume*', TARGET))
    expectWidens(old, policy(grant('Allow', 'sts:AssumeRole', TARGET)), request({}))
  })

  it('a Deny on the literal action removed under an Allow of it on the role widens', () => {
    const old = policy(grant('Allow', 'sts:AssumeRole', TARGET), grant('Deny', 'sts:AssumeRole', TARGET))
    expectWidens(old, policy(grant('Allow', 'sts:AssumeRole', TARGET)), request({}))
  })

  it('a Deny on other actions removed does not widen', () => {
    const old = policy(grant('Allow', 'sts:AssumeRole', TARGET), grant('Deny', 'sts:TagSession', TARGET), grant('Deny', 'sts:Set*', TARGET))
    expect(compare(old, policy(grant('Allow', 'sts:AssumeRole', TARGET))).widens).toBe(false)
  })
})
