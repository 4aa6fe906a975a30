/**
 * A small reference evaluator of role trust-policy decisions, written to be obviously correct
 * rather than fast or general, and independent of src/policy (it reads the raw JSON document).
 *
 * IAM's rule: a request is allowed iff some Allow statement matches it and no Deny statement does.
 * A statement matches when its principal, action, resource and every condition clause match.
 *
 * Simplifications (documented, and shared by the comparison under test):
 * - An account principal (`111111111111` or `arn:aws:iam::111111111111:root`) matches every AWS
 *   principal of that account (root, roles, users, sessions): for trust policies this is the
 *   cross-account meaning ("the account may delegate"), which is the broadest reading.
 * - A unique-ID principal (AROA…) is an opaque identity of unknown account: it matches only a
 *   request principal with that very ID.
 * - `"*"` and `{"AWS": "*"}` match every principal, service and federated ones included; a `*`
 *   under Service or Federated matches every principal of that type.
 * - A statement without Principal/NotPrincipal matches nothing (IAM refuses it in a trust policy).
 * - The resource of every request is the role itself, TARGET_ROLE_ARN.
 * - Condition keys are compared case-insensitively (tag keys included). A key with several request
 *   values and no ForAnyValue/ForAllValues qualifier matches when any value matches (positive
 *   operators) or when no value matches (negated ones).
 * - `…IfExists` with a ForAnyValue/ForAllValues qualifier: true when the key is absent.
 * - ArnLike and ArnEquals (and their negations) behave the same: the six colon-separated parts are
 *   matched separately, the last part keeping its colons.
 */

export const TARGET_ROLE_ARN = 'arn:aws:iam::999999999999:role/target'

export type RequestPrincipalType = 'AWS' | 'Service' | 'Federated'

export interface RequestPrincipal {
  type: RequestPrincipalType
  /** ARN, unique ID, service or provider name. */
  id: string
  /** The AWS account of the principal, when known. */
  account: string | null
}

/** Context values by lower-cased key; a missing key is absent. */
export type RequestContext = Record<string, string | string[]>

export interface TrustRequest {
  principal: RequestPrincipal
  action: string
  context: RequestContext
}

type Json = unknown
type JsonObject = Record<string, Json>

export function wildcardMatch(pattern: string, text: string): boolean {
  // Dynamic programming over (pattern position, text position).
  const memo = new Map<string, boolean>()
  const go = (p: number, t: number): boolean => {
    const key = `${p},${t}`
    const cached = memo.get(key)
    if (cached !== undefined) return cached
    let result: boolean
    if (p === pattern.length) result = t === text.length
    else if (pattern[p] === '*') result = go(p + 1, t) || (t < text.length && go(p, t + 1))
    else if (t < text.length && (pattern[p] === '?' || pattern[p] === text[t])) result = go(p + 1, t + 1)
    else result = false
    memo.set(key, result)
    return result
  }
  return go(0, 0)
}

function asList(value: Json): Json[] {
  return Array.isArray(value) ? value : [value]
}

function asObject(value: Json): JsonObject {
  return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as JsonObject) : {}
}

function principalValueMatches(type: string, value: string, principal: RequestPrincipal): boolean {
  if (type === 'AWS') {
    if (value === '*') return true
    if (principal.type !== 'AWS') return false
    if (/^\d{12}$/.test(value)) return principal.account === value
    const root = /^arn:[^:]+:iam::([^:]+):root$/.exec(value)
    if (root) return principal.account !== null && wildcardMatch(root[1] ?? '', principal.account)
    return wildcardMatch(value, principal.id)
  }
  return principal.type === type && wildcardMatch(value, principal.id)
}

function principalMatches(element: Json, principal: RequestPrincipal): boolean {
  if (element === '*') return true
  if (typeof element === 'string') return principalValueMatches('AWS', element, principal)
  return Object.entries(asObject(element)).some(([type, values]) => asList(values).some((value) => principalValueMatches(type, String(value), principal)))
}

function actionMatches(element: Json, action: string): boolean {
  return asList(element).some((pattern) => wildcardMatch(String(pattern).toLowerCase(), action.toLowerCase()))
}

function resourceMatches(element: Json): boolean {
  return asList(element).some((pattern) => wildcardMatch(String(pattern), TARGET_ROLE_ARN))
}

function ipv4(text: string): number | null {
  const parts = text.split('.')
  if (parts.length !== 4 || parts.some((part) => !/^\d{1,3}$/.test(part) || Number(part) > 255)) return null
  return parts.reduce((acc, part) => acc * 256 + Number(part), 0)
}

function inCidr(address: string, cidr: string): boolean {
  const [base = '', bitsText = '32'] = cidr.split('/')
  const a = ipv4(address)
  const b = ipv4(base)
  const bits = Number(bitsText)
  if (a === null || b === null || !/^\d+$/.test(bitsText) || bits > 32) return false
  const size = 2 ** (32 - bits)
  return Math.floor(a / size) === Math.floor(b / size)
}

function dateOf(text: string): number {
  return /^-?\d+(\.\d+)?$/.test(text) ? Number(text) * 1000 : Date.parse(text)
}

function arnParts(arn: string): string[] {
  const parts = arn.split(':')
  return parts.length <= 6 ? parts : [...parts.slice(0, 5), parts.slice(5).join(':')]
}

/** The positive test of an operator (without Not, qualifier or IfExists): request value vs policy value. */
function baseTest(base: string, request: string, policy: string): boolean {
  switch (base) {
    case 'stringequals':
      return request === policy
    case 'stringequalsignorecase':
      return request.toLowerCase() === policy.toLowerCase()
    case 'stringlike':
      return wildcardMatch(policy, request)
    case 'numericequals':
    case 'numericlessthan':
    case 'numericlessthanequals':
    case 'numericgreaterthan':
    case 'numericgreaterthanequals':
    case 'dateequals':
    case 'datelessthan':
    case 'datelessthanequals':
    case 'dategreaterthan':
    case 'dategreaterthanequals': {
      const isDate = base.startsWith('date')
      const r = isDate ? dateOf(request) : request.trim() === '' ? NaN : Number(request)
      const p = isDate ? dateOf(policy) : policy.trim() === '' ? NaN : Number(policy)
      if (Number.isNaN(r) || Number.isNaN(p)) return false
      const relation = base.replace(/^(numeric|date)/, '')
      if (relation === 'equals') return r === p
      if (relation === 'lessthan') return r < p
      if (relation === 'lessthanequals') return r <= p
      if (relation === 'greaterthan') return r > p
      return r >= p
    }
    case 'bool':
      return request.toLowerCase() === policy.toLowerCase()
    case 'binaryequals':
      return request === policy
    case 'ipaddress':
      return inCidr(request, policy)
    case 'arnlike': {
      const p = arnParts(policy)
      const r = arnParts(request)
      return p.length === r.length && p.every((part, i) => wildcardMatch(part, r[i] ?? ''))
    }
    default:
      throw new Error(`reference evaluator: unknown operator ${base}`)
  }
}

const NEGATIONS: Record<string, string> = {
  stringnotequals: 'stringequals',
  stringnotequalsignorecase: 'stringequalsignorecase',
  stringnotlike: 'stringlike',
  numericnotequals: 'numericequals',
  datenotequals: 'dateequals',
  notipaddress: 'ipaddress',
  arnnotequals: 'arnlike',
  arnnotlike: 'arnlike'
}

export function clauseMatches(operator: string, key: string, policyValues: Json, context: RequestContext): boolean {
  let name = operator.toLowerCase()
  let qualifier = ''
  if (name.startsWith('foranyvalue:')) qualifier = 'any'
  if (name.startsWith('forallvalues:')) qualifier = 'all'
  name = name.replace(/^for(anyvalue|allvalues):/, '')
  const ifExists = name.endsWith('ifexists')
  if (ifExists) name = name.slice(0, -'ifexists'.length)
  if (name === 'arnequals') name = 'arnlike'
  const negated = name in NEGATIONS
  const base = NEGATIONS[name] ?? name
  const values = asList(policyValues).map(String)
  const requestValue = context[key.toLowerCase()]
  const present = requestValue !== undefined
  const requestValues = requestValue === undefined ? [] : Array.isArray(requestValue) ? requestValue : [requestValue]

  if (base === 'null') {
    const wanted = values.map((value) => value.toLowerCase())
    return (!present && wanted.includes('true')) || (present && wanted.includes('false'))
  }
  const matchesSome = (request: string): boolean => values.some((value) => baseTest(base, request, value))
  if (qualifier === 'any') {
    if (!present) return ifExists
    return requestValues.some((request) => (negated ? !matchesSome(request) : matchesSome(request)))
  }
  if (qualifier === 'all') {
    return requestValues.every((request) => (negated ? !matchesSome(request) : matchesSome(request)))
  }
  if (!present) return ifExists || negated
  return negated ? !requestValues.some(matchesSome) : requestValues.some(matchesSome)
}

export function conditionMatches(condition: Json, context: RequestContext): boolean {
  return Object.entries(asObject(condition)).every(([operator, block]) =>
    Object.entries(asObject(block)).every(([key, values]) => clauseMatches(operator, key, values, context))
  )
}

export function statementList(document: Json): JsonObject[] {
  return asList(asObject(document).Statement).map(asObject)
}

/** Whether the statement's principal, action and resource match (conditions aside). */
export function statementApplies(statement: JsonObject, principal: RequestPrincipal, action: string): boolean {
  if ('Principal' in statement) {
    if (!principalMatches(statement.Principal, principal)) return false
  } else if ('NotPrincipal' in statement) {
    if (principalMatches(statement.NotPrincipal, principal)) return false
  } else return false
  if ('Action' in statement && !actionMatches(statement.Action, action)) return false
  if ('NotAction' in statement && actionMatches(statement.NotAction, action)) return false
  if ('Resource' in statement && !resourceMatches(statement.Resource)) return false
  if ('NotResource' in statement && resourceMatches(statement.NotResource)) return false
  return true
}

export function statementMatches(statement: JsonObject, request: TrustRequest): boolean {
  return statementApplies(statement, request.principal, request.action) && conditionMatches(statement.Condition, request.context)
}

/** IAM's decision for a trust policy: allowed iff some Allow matches and no Deny matches. */
export function isAllowed(document: Json, request: TrustRequest): boolean {
  const statements = statementList(document)
  const matching = statements.filter((statement) => statementMatches(statement, request))
  return matching.some((s) => s.Effect === 'Allow') && !matching.some((s) => s.Effect === 'Deny')
}

// ---------------------------------------------------------------------------------------------
// The finite universe of requests.

export const UNIVERSE_PRINCIPALS: RequestPrincipal[] = [
  { type: 'AWS', id: 'arn:aws:iam::111111111111:root', account: '111111111111' },
  { type: 'AWS', id: 'arn:aws:iam::111111111111:role/a', account: '111111111111' },
  { type: 'AWS', id: 'arn:aws:iam::111111111111:role/b', account: '111111111111' },
  { type: 'AWS', id: 'arn:aws:sts::111111111111:assumed-role/a/session', account: '111111111111' },
  { type: 'AWS', id: 'arn:aws:iam::222222222222:role/a', account: '222222222222' },
  { type: 'AWS', id: 'arn:aws:iam::333333333333:user/u', account: '333333333333' },
  { type: 'AWS', id: 'AROAEXAMPLEUNIQUEID1', account: null },
  { type: 'Service', id: 'ec2.amazonaws.com', account: null },
  { type: 'Service', id: 'lambda.amazonaws.com', account: null },
  { type: 'Federated', id: 'accounts.google.com', account: null }
]

export const UNIVERSE_ACTIONS = ['sts:AssumeRole', 'sts:TagSession', 'sts:AssumeRoleWithWebIdentity', 'sts:SetSourceIdentity', 'sts:AssumeRoleWithSAML']

/** Values each condition key takes in the universe (`undefined` = absent); unknown keys get a generic domain. */
export const CONTEXT_DOMAINS: Record<string, Array<string | string[] | undefined>> = {
  'sts:externalid': [undefined, 'e1', 'e2', 'e3', 'E1', 'e1x', 'e*', 'x'],
  'aws:principaltag/stack': [undefined, 's1', 's2', 'S1', 's3'],
  'aws:sourceip': [undefined, '10.0.0.1', '10.1.2.3', '192.168.1.1', '8.8.8.8'],
  'aws:multifactorauthpresent': [undefined, 'true', 'false'],
  'aws:multifactorauthage': [undefined, '50', '100', '3000', '7200'],
  'aws:currenttime': [undefined, '2024-06-01T00:00:00Z', '2025-01-01T00:00:00Z', '2025-06-01T00:00:00Z'],
  'aws:tagkeys': [undefined, [], ['a'], ['a', 'b'], ['c'], ['a', 'c']],
  'aws:sourcearn': [undefined, 'arn:aws:s3:::bucket-a', 'arn:aws:s3:::bucket-b', 'arn:aws:s3:::other', 'arn:aws:sns:us-east-1:111111111111:topic'],
  'x:bin': [undefined, 'QUJD', 'REVG']
}
const GENERIC_DOMAIN: Array<string | undefined> = [undefined, 'v1', 'v2']

function conditionKeys(statements: JsonObject[]): string[] {
  const keys = new Set<string>()
  for (const statement of statements) {
    for (const block of Object.values(asObject(statement.Condition))) for (const key of Object.keys(asObject(block))) keys.add(key.toLowerCase())
  }
  return [...keys].sort()
}

function* contexts(keys: string[]): Generator<RequestContext> {
  if (keys.length === 0) {
    yield {}
    return
  }
  const [first = '', ...rest] = keys
  for (const tail of contexts(rest)) {
    for (const value of CONTEXT_DOMAINS[first] ?? GENERIC_DOMAIN) {
      yield value === undefined ? tail : { ...tail, [first]: value }
    }
  }
}

/**
 * A request of the universe that NEW allows and OLD denies, or null. Enumerates principals ×
 * actions, and for each only the contexts over the condition keys of the statements that apply
 * to that principal and action (other keys cannot change the decision).
 */
export function findWideningRequest(oldDocument: Json, newDocument: Json): TrustRequest | null {
  const oldStatements = statementList(oldDocument)
  const newStatements = statementList(newDocument)
  for (const principal of UNIVERSE_PRINCIPALS) {
    for (const action of UNIVERSE_ACTIONS) {
      const newApplying = newStatements.filter((s) => statementApplies(s, principal, action))
      if (!newApplying.some((s) => s.Effect === 'Allow')) continue
      const oldApplying = oldStatements.filter((s) => statementApplies(s, principal, action))
      const keys = conditionKeys([...newApplying, ...oldApplying])
      const decide = (statements: JsonObject[], context: RequestContext): boolean => {
        const matching = statements.filter((s) => conditionMatches(s.Condition, context))
        return matching.some((s) => s.Effect === 'Allow') && !matching.some((s) => s.Effect === 'Deny')
      }
      for (const context of contexts(keys)) {
        if (decide(newApplying, context) && !decide(oldApplying, context)) return { principal, action, context }
      }
    }
  }
  return null
}
