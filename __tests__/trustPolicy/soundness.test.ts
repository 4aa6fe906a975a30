/**
 * The classes of widening that comparePolicies once missed (issue 9), each as a named pair with
 * the request NEW allows and OLD denies. Every request is checked against the reference
 * evaluator, so the example itself is right, and comparePolicies must say widens: true.
 * Where the fix also lets the comparison prove a true "does not widen", that is checked too.
 */
import { describe, expect, it } from '@jest/globals'
import { InputError } from '../../src/common/diagnostics.js'
import { comparePolicies } from '../../src/trustPolicy/compare.js'
import { parsePolicy, type ReadContext } from '../../src/trustPolicy/parse.js'
import { isAllowed, type EvaluationContext, type RequestContext, type RequestPrincipal, type TrustRequest } from '../support/referenceEvaluator.js'

type Doc = Record<string, unknown>
const A = '111111111111'
const ROLE = `arn:aws:iam::${A}:role/R`
const ROLE_WITH_PATH = `arn:aws:iam::${A}:role/team/deploy/R`
const SESSION = `arn:aws:sts::${A}:assumed-role/R/s`
const session: RequestPrincipal = { type: 'AWS', id: SESSION, account: A, role: 'R' }
const otherSession: RequestPrincipal = { type: 'AWS', id: `arn:aws:sts::${A}:assumed-role/R/other`, account: A, role: 'R' }

const statement = (effect: 'Allow' | 'Deny', principal: string | string[], condition?: Doc): Doc => ({
  Effect: effect,
  Principal: { AWS: principal },
  Action: 'sts:AssumeRole',
  ...(condition ? { Condition: condition } : {})
})
const policy = (...statements: Doc[]): Doc => ({ Version: '2012-10-17', Statement: statements })
const request = (principal: RequestPrincipal, context: RequestContext = {}): TrustRequest => ({ principal, action: 'sts:AssumeRole', context })

/**
 * Checks the example (NEW allows the request, OLD denies it) and the verdict. Documents may be
 * JSON text (for number literals the evaluator must read as text: pass `evaluate` objects then).
 */
function expectWidens(
  old: Doc | string,
  next: Doc | string,
  req: TrustRequest,
  options: { context?: ReadContext; evaluation?: EvaluationContext; evaluate?: [Doc, Doc] } = {}
): void {
  const [oldDoc, newDoc] = options.evaluate ?? [old as Doc, next as Doc]
  const evaluation = { partition: options.context?.partition ?? 'aws', ...options.evaluation }
  expect(isAllowed(newDoc, req, evaluation)).toBe(true)
  expect(isAllowed(oldDoc, req, evaluation)).toBe(false)
  const result = comparePolicies(parsePolicy(old, 'old.json', options.context), parsePolicy(next, 'new.json', options.context))
  expect(result.widens).toBe(true)
  expect(result.changes.some((change) => change.widens)).toBe(true)
}

const widens = (old: Doc, next: Doc, context: ReadContext = { partition: 'aws' }): boolean =>
  comparePolicies(parsePolicy(old, 'old.json', context), parsePolicy(next, 'new.json', context)).widens

describe('a role and its sessions are one principal for matching', () => {
  it('a Deny on the role removed while an Allow names one of its sessions widens', () => {
    expectWidens(policy(statement('Allow', SESSION), statement('Deny', ROLE)), policy(statement('Allow', SESSION)), request(session))
  })

  it('a Deny on one session removed under an Allow of the role widens', () => {
    expectWidens(policy(statement('Allow', ROLE), statement('Deny', SESSION)), policy(statement('Allow', ROLE)), request(session))
  })

  it('a Deny moved from one session to another under an Allow of the role widens', () => {
    expectWidens(
      policy(statement('Allow', ROLE), statement('Deny', SESSION)),
      policy(statement('Allow', ROLE), statement('Deny', otherSession.id)),
      request(session)
    )
  })

  it('a role ARN with a path matches the sessions of its name (the session ARN has no path)', () => {
    const pathSession: RequestPrincipal = { type: 'AWS', id: SESSION, account: A, role: 'R' }
    expectWidens(policy(statement('Allow', SESSION), statement('Deny', ROLE_WITH_PATH)), policy(statement('Allow', SESSION)), request(pathSession))
  })

  it('role names differing only in case are taken to be the same role when a Deny is removed', () => {
    // IAM role names are unique regardless of case; whether a Deny on role/r also stops role R is
    // not documented, so removing it widens.
    const upper = `arn:aws:iam::${A}:role/r`
    expect(widens(policy(statement('Allow', SESSION), statement('Deny', upper)), policy(statement('Allow', SESSION)))).toBe(true)
    expect(widens(policy(statement('Allow', ROLE), statement('Deny', upper)), policy(statement('Allow', ROLE)))).toBe(true)
    // For coverage, the ARN as written: role/r does not cover role R.
    expect(widens(policy(statement('Allow', upper)), policy(statement('Allow', ROLE)))).toBe(true)
  })

  it('a session is inside its role: narrowing the role to one session does not widen', () => {
    expect(widens(policy(statement('Allow', ROLE_WITH_PATH)), policy(statement('Allow', SESSION)))).toBe(false)
    expect(widens(policy(statement('Allow', SESSION)), policy(statement('Allow', ROLE)))).toBe(true)
  })
})

describe('partitions are separate', () => {
  const awsPrincipal: RequestPrincipal = { type: 'AWS', id: `arn:aws:iam::${A}:role/x`, account: A, partition: 'aws', role: 'x' }

  it('the same account in another partition is another principal', () => {
    expectWidens(policy(statement('Allow', `arn:aws-cn:iam::${A}:root`)), policy(statement('Allow', `arn:aws:iam::${A}:root`)), request(awsPrincipal))
    expectWidens(
      policy(statement('Allow', `arn:aws:iam::${A}:root`), statement('Deny', `arn:aws:iam::${A}:role/x`)),
      policy(statement('Allow', `arn:aws:iam::${A}:root`), statement('Deny', `arn:aws-us-gov:iam::${A}:role/x`)),
      request(awsPrincipal)
    )
  })

  it('a bare account ID is in the partition of the role holding the policy', () => {
    const old = policy(statement('Allow', `arn:aws-us-gov:iam::${A}:root`))
    const next = policy(statement('Allow', A))
    expectWidens(old, next, request(awsPrincipal), { context: { partition: 'aws' } })
    // In the role's own partition, the bare ID and the root ARN are one principal.
    expect(widens(policy(statement('Allow', `arn:aws-cn:iam::${A}:root`)), next, { partition: 'aws-cn' })).toBe(false)
    expect(widens(next, policy(statement('Allow', `arn:aws-cn:iam::${A}:root`)), { partition: 'aws-cn' })).toBe(false)
  })

  it('without the partition, a bare account ID is not taken to equal any partition', () => {
    const bare = policy(statement('Allow', A))
    const root = policy(statement('Allow', `arn:aws:iam::${A}:root`))
    // The role might live in aws-cn: then the aws account is someone new.
    expectWidens(bare, root, request(awsPrincipal), { context: {}, evaluation: { partition: 'aws-cn' } })
    expect(widens(root, bare, {})).toBe(true)
    expect(widens(bare, bare, {})).toBe(false)
  })
})

describe('Version decides whether ${…} is a policy variable', () => {
  const externalId = (operator: string, value: string): Doc => ({ [operator]: { 'sts:ExternalId': value } })
  const alice: RequestPrincipal = { type: 'AWS', id: `arn:aws:iam::${A}:role/x`, account: A, role: 'x' }

  it('adding Version 2012-10-17 turns literal text into a variable', () => {
    const old = { Statement: [statement('Allow', A, externalId('StringEquals', '${aws:username}'))] }
    const next = { Version: '2012-10-17', Statement: old.Statement }
    expectWidens(old, next, request(alice, { 'sts:externalid': 'alice', 'aws:username': 'alice' }))
    expectWidens({ ...old, Version: '2008-10-17' }, next, request(alice, { 'sts:externalid': 'alice', 'aws:username': 'alice' }))
  })

  it('a default value applies when the key is absent', () => {
    const value = "${aws:userid, 'team'}"
    const old = { Version: '2008-10-17', Statement: [statement('Allow', A, externalId('StringEquals', value))] }
    expectWidens(old, policy(statement('Allow', A, externalId('StringEquals', value))), request(alice, { 'sts:externalid': 'team' }))
  })

  it('the escapes ${*} ${?} ${$} are literal characters, not wildcards', () => {
    // Old reading: the pattern a${*} (literal "a*") was taken to match the text "a${?}" (literal "a?").
    expectWidens(
      policy(statement('Allow', A, externalId('StringLike', 'a${*}'))),
      policy(statement('Allow', A, externalId('StringEquals', 'a${?}'))),
      request(alice, { 'sts:externalid': 'a?' })
    )
    // ${$} is "$": the two spellings of the literal "${x}" are one value under their Versions.
    const literal = { Statement: [statement('Allow', A, externalId('StringEquals', '${x}'))] }
    expect(widens(literal, policy(statement('Allow', A, externalId('StringEquals', '${$}{x}'))))).toBe(false)
  })

  it('a variable may match any value of its key: it is not inside a fixed pattern', () => {
    expectWidens(
      policy(statement('Allow', A, externalId('StringLike', 'e*'))),
      policy(statement('Allow', A, externalId('StringLike', '${aws:username}'))),
      request(alice, { 'sts:externalid': 'x', 'aws:username': 'x' })
    )
    // The same variable under the same Version is the same test.
    const same = policy(statement('Allow', A, externalId('StringLike', '${aws:username}')))
    expect(widens(same, same)).toBe(false)
  })
})

describe('numbers are read as their text, exactly', () => {
  const age = (operator: string, literal: string): string =>
    `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"${A}"},"Action":"sts:AssumeRole","Condition":{"${operator}":{"aws:MultiFactorAuthAge":${literal}}}}]}`
  const asDoc = (operator: string, literal: string): Doc => policy(statement('Allow', A, { [operator]: { 'aws:MultiFactorAuthAge': literal } }))
  const principal: RequestPrincipal = { type: 'AWS', id: `arn:aws:iam::${A}:role/x`, account: A, role: 'x' }

  it('12345678901234567890 and 12345678901234567891 are different JSON numbers', () => {
    expectWidens(
      age('NumericEquals', '12345678901234567890'),
      age('NumericEquals', '12345678901234567891'),
      request(principal, { 'aws:multifactorauthage': '12345678901234567891' }),
      {
        evaluate: [asDoc('NumericEquals', '12345678901234567890'), asDoc('NumericEquals', '12345678901234567891')]
      }
    )
  })

  it('NumericLessThanEquals beyond 2^53 does not round', () => {
    expectWidens(
      age('NumericLessThanEquals', '"9007199254740992"'),
      age('NumericLessThanEquals', '9007199254740993'),
      request(principal, { 'aws:multifactorauthage': '9007199254740993' }),
      {
        evaluate: [asDoc('NumericLessThanEquals', '9007199254740992'), asDoc('NumericLessThanEquals', '9007199254740993')]
      }
    )
  })

  it('non-canonical spellings of one number are one value; a number out of range is an input error', () => {
    expect(widens(asDoc('NumericLessThan', '100'), asDoc('NumericLessThan', '1e2'))).toBe(false)
    expect(widens(asDoc('NumericLessThan', '100'), asDoc('NumericLessThan', '100.000'))).toBe(false)
    expect(() => parsePolicy(age('NumericLessThan', '1e999999'), 'huge.json')).toThrow(InputError)
  })
})

// `npm test` runs this file a second time under TZ=Pacific/Kiritimati (UTC+14), where reading a
// zone-less date-time as local time makes the first case fail (TZ cannot be changed inside Jest).
describe('dates are UTC instants whatever TZ the machine has', () => {
  const before = (value: string | number): Doc => policy(statement('Allow', A, { DateLessThan: { 'aws:CurrentTime': value } }))
  const principal: RequestPrincipal = { type: 'AWS', id: `arn:aws:iam::${A}:role/x`, account: A, role: 'x' }

  it('a date-time without a zone is UTC, also on a machine at UTC+14', () => {
    expectWidens(before('2025-01-01T00:00:00Z'), before('2025-01-01T10:00:00'), request(principal, { 'aws:currenttime': '2025-01-01T05:00:00Z' }))
    expect(widens(before('2025-01-01T10:00:00'), before('2025-01-01T09:59:59Z'))).toBe(false)
  })

  it('date, date-time with an offset, and epoch seconds name the same instant', () => {
    const forms = ['2025-01-01', '2025-01-01T00:00:00Z', '2025-01-01T09:00:00+09:00', '2024-12-31T23:00:00-01:00', 1735689600, '1735689600']
    for (const a of forms) for (const b of forms) expect(widens(before(a), before(b))).toBe(false)
    expectWidens(before('2025-01-01'), before('2025-01-01T00:00:01Z'), request(principal, { 'aws:currenttime': '2025-01-01T00:00:00Z' }))
  })

  it('a value out of range is an input error with its place, not a crash', () => {
    // The number is written as text so that it reads as twenty nines; as a double (JSON.stringify'd) it is 1e20.
    for (const value of [Number('99999999999999999999'), '99999999999999999999', '2025-13-01', '2025-02-30T00:00:00Z', '2025-01-01T24:00:00Z', '10000-01-01']) {
      let error: unknown
      try {
        parsePolicy(JSON.stringify(before(value), null, 2), 'dates.json')
      } catch (e) {
        error = e
      }
      if (value === '10000-01-01') {
        // Not a date form at all: read as an unreadable value (a finding), not a range.
        expect(error).toBeUndefined()
        continue
      }
      expect(error).toBeInstanceOf(InputError)
      // The place: the key's line and column in the file as written (2-space indentation here).
      expect((error as InputError).message).toMatch(
        /dates\.json:12:11: Statement\[0\]\.Condition\.DateLessThan\.aws:CurrentTime: '.*' is out of range for a date value/
      )
    }
  })
})

describe('…IgnoreCase folds case by a documented rule', () => {
  const principal: RequestPrincipal = { type: 'AWS', id: `arn:aws:iam::${A}:role/x`, account: A, role: 'x' }
  const ignoring = (value: string): Doc => policy(statement('Allow', A, { StringEqualsIgnoreCase: { 'sts:ExternalId': value } }))

  it('the Kelvin sign is not taken for k (folding beyond ASCII is not assumed)', () => {
    expectWidens(ignoring('k'), ignoring('\u212a'), request(principal, { 'sts:externalid': '\u212a' }), { evaluation: { fold: 'ascii' } })
  })

  it('ASCII letters fold; other cased letters are kept apart', () => {
    expect(widens(ignoring('ABC'), ignoring('abc'))).toBe(false)
    expect(widens(ignoring('É'), ignoring('é'))).toBe(true)
    // A case-sensitive test inside an IgnoreCase one: only when ASCII folding makes them equal.
    expect(widens(ignoring('Team-A'), policy(statement('Allow', A, { StringEquals: { 'sts:ExternalId': 'team-a' } })))).toBe(false)
  })
})

describe('white space around keys, operators and principals is an error, never trimmed', () => {
  const cases: Array<[string, Doc]> = [
    ['principal', policy(statement('Allow', ` arn:aws:iam::${A}:role/R`))],
    ['bare principal', { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: ' *', Action: 'sts:AssumeRole' }] }],
    ['action', { Version: '2012-10-17', Statement: [{ Effect: 'Deny', Principal: '*', Action: 'sts:AssumeRole ' }] }],
    ['condition key', policy(statement('Allow', A, { StringEquals: { 'sts:ExternalId ': 'x' } }))],
    ['operator', policy(statement('Allow', A, { ' StringEquals': { 'sts:ExternalId': 'x' } }))]
  ]
  it.each(cases)('%s', (_name, doc) => {
    expect(() => parsePolicy(doc, 'space.json')).toThrow(/has white space around it/)
  })
})

describe('what an attacker could make IAM and the comparison read differently', () => {
  it('a key repeated in one object is refused with its place (JSON.parse would keep the last one silently)', () => {
    const text = `{"Version":"2012-10-17","Statement":[{"Effect":"Deny","Effect":"Allow","Principal":{"AWS":"${A}"},"Action":"sts:AssumeRole"}]}`
    expect(() => parsePolicy(text, 'dup.json')).toThrow(/dup\.json:1:55: invalid JSON: the key "Effect" appears twice in one object/)
    // Spelled with an escape, it is still the same key.
    expect(() => parsePolicy(text.replace('"Effect":"Allow"', '"Eff\\u0065ct":"Allow"'), 'dup.json')).toThrow(/appears twice/)
    expect(() => parsePolicy(encodeURIComponent(text), 'dup.json')).toThrow(/appears twice/)
  })

  it('an action spelled with a look-alike letter is not the real action (case folds A-Z only)', () => {
    const deny = (action: string): Doc => ({
      Version: '2012-10-17',
      Statement: [statement('Allow', A), { Effect: 'Deny', Principal: { AWS: A }, Action: action }]
    })
    // The Kelvin sign folds to "k" in Unicode: a Deny on "sts:\u212aill" stops sts:Kill only if IAM folds it too.
    // A Deny moved to "sts:\u0410ssumeRole" (a Cyrillic A) no longer stops sts:AssumeRole.
    expect(widens(deny('sts:AssumeRole'), deny('sts:\u0410ssumeRole'))).toBe(true)
    expect(widens(deny('sts:AssumeRole'), deny('STS:ASSUMEROLE'))).toBe(false)
    const all = (denied: string): Doc => ({
      Version: '2012-10-17',
      Statement: [
        { Effect: 'Allow', Principal: { AWS: A }, Action: 'sts:*' },
        { Effect: 'Deny', Principal: { AWS: A }, Action: denied }
      ]
    })
    expect(widens(all('sts:Kill'), all('sts:\u212aill'))).toBe(true)
    // And the other way: a Deny on the look-alike, removed, may have stopped the real action.
    expect(widens(all('sts:\u212aill'), { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { AWS: A }, Action: 'sts:*' }] })).toBe(true)
  })
})
