/**
 * A small reference evaluator of role trust-policy decisions, written to be obviously correct
 * rather than fast or general, and independent of src/trustPolicy (it reads the raw JSON document).
 *
 * IAM's rule: a request is allowed iff some Allow statement matches it and no Deny statement does.
 * A statement matches when its principal, action, resource and every condition clause match.
 *
 * Simplifications (documented, and shared by the comparison under test):
 * - An account principal (`111111111111` or `arn:<partition>:iam::111111111111:root`) matches every
 *   AWS principal of that account in that partition (root, roles, users, sessions): for trust
 *   policies this is the cross-account meaning ("the account may delegate"), the broadest reading.
 *   A bare account ID is in the partition of the role holding the policy (EvaluationContext);
 *   when that is not given, every partition is tried (one for OLD and NEW alike).
 * - A role ARN (`…:role/<path>/<name>`) matches the role, whatever path the request's role has,
 *   and every session of it (`arn:<p>:sts::<a>:assumed-role/<name>/<session>`), in Principal and
 *   NotPrincipal alike.
 * - `Version` "2012-10-17": `${key}` and `${key, 'default'}` in condition values are replaced by
 *   the request's (single) value of the key, else the default, else the value matches nothing;
 *   `${*}`, `${?}`, `${$}` are the literal characters. Other Versions: `${…}` is literal text.
 * - Numbers are compared exactly as decimals (never through a double); dates are UTC instants
 *   (ISO 8601 date, date-time with or without zone, epoch seconds), whatever the machine's TZ.
 * - …IgnoreCase folds with the `fold` of the context: Unicode lower-casing (default) or A-Z only;
 *   the comparison must be sound under both. Condition key names fold the same way (IAM says they
 *   are case-insensitive, not how far beyond A-Z): the request context is keyed by the folded name.
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
  /** The partition of an AWS principal (aws when not said). */
  partition?: string
  /** For a role or one of its sessions: the role's name. */
  role?: string
}

export const PARTITIONS = ['aws', 'aws-cn', 'aws-us-gov']

/** What the evaluator is told beside the documents. */
export interface EvaluationContext {
  /** The partition of the role holding the policies (what a bare account ID means); all are tried when absent. */
  partition?: string | null
  /** How …IgnoreCase folds case. */
  fold?: 'unicode' | 'ascii'
}

interface Reading {
  partition: string
  fold: 'unicode' | 'ascii'
  version: string | null
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
  if (!pattern.includes('*') && !pattern.includes('?')) return pattern === text
  // reach[j]: the pattern read so far matches text[0..j).
  let reach = new Array<boolean>(text.length + 1).fill(false)
  reach[0] = true
  for (let i = 0; i < pattern.length; i++) {
    const pc = pattern[i]
    const next = new Array<boolean>(text.length + 1).fill(false)
    if (pc === '*') {
      let any = false
      for (let j = 0; j <= text.length; j++) next[j] = any = any || (reach[j] as boolean)
    } else {
      for (let j = 1; j <= text.length; j++) next[j] = (reach[j - 1] as boolean) && (pc === '?' || pc === text[j - 1])
    }
    reach = next
  }
  return reach[text.length] as boolean
}

function asList(value: Json): Json[] {
  return Array.isArray(value) ? value : [value]
}

function asObject(value: Json): JsonObject {
  return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as JsonObject) : {}
}

function principalValueMatches(type: string, value: string, principal: RequestPrincipal, reading: Reading): boolean {
  if (type === 'AWS') {
    if (value === '*') return true
    if (principal.type !== 'AWS') return false
    const partition = principal.partition ?? 'aws'
    if (/^\d{12}$/.test(value)) return principal.account === value && partition === reading.partition
    const root = /^arn:([^:]+):iam::([^:]+):root$/.exec(value)
    if (root) return root[1] === partition && principal.account !== null && wildcardMatch(root[2] ?? '', principal.account)
    const role = /^arn:([^:*?]+):iam::(\d{12}):role\/(?:[^*?]*\/)?([^/*?]+)$/.exec(value)
    if (role) return role[1] === partition && role[2] === principal.account && principal.role === role[3]
    return wildcardMatch(value, principal.id)
  }
  return principal.type === type && wildcardMatch(value, principal.id)
}

function principalMatches(element: Json, principal: RequestPrincipal, reading: Reading): boolean {
  if (element === '*') return true
  if (typeof element === 'string') return principalValueMatches('AWS', element, principal, reading)
  return Object.entries(asObject(element)).some(([type, values]) =>
    asList(values).some((value) => principalValueMatches(type, String(value), principal, reading))
  )
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

/** Milliseconds since the epoch (UTC, whatever the TZ), or NaN. */
function dateOf(text: string): number {
  if (/^\d+$/.test(text)) return Number(text) * 1000
  const m = /^(\d{4})-(\d{2})-(\d{2})(?:T(\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,3}))?)?(Z|[+-]\d{2}:\d{2})?)?$/.exec(text)
  if (!m) return NaN
  const [, y, mo, d, h = '0', mi = '0', sec = '0', ms = '0', zone] = m
  const utc = Date.UTC(Number(y), Number(mo) - 1, Number(d), Number(h), Number(mi), Number(sec), Number(ms.padEnd(3, '0')))
  const offset = zone && zone !== 'Z' ? (zone.startsWith('-') ? -1 : 1) * (Number(zone.slice(1, 3)) * 60 + Number(zone.slice(4, 6))) : 0
  return utc - offset * 60_000
}

/** An exact decimal as [mantissa, exponent], or null. */
function decimalOf(text: string): [bigint, number] | null {
  const m = /^([+-]?)(\d+)(?:\.(\d+))?(?:[eE]([+-]?\d+))?$/.exec(text)
  if (!m) return null
  const [, sign, whole = '', fraction = '', exponent = '0'] = m
  const mantissa = BigInt(whole + fraction) * (sign === '-' ? -1n : 1n)
  return [mantissa, Number(exponent) - fraction.length]
}

/** Exact order of two decimals: negative, zero or positive. */
function compareExact(a: [bigint, number], b: [bigint, number]): number {
  const e = Math.min(a[1], b[1])
  const x = a[0] * 10n ** BigInt(a[1] - e)
  const y = b[0] * 10n ** BigInt(b[1] - e)
  return x < y ? -1 : x > y ? 1 : 0
}

function arnParts(arn: string): string[] {
  const parts = arn.split(':')
  return parts.length <= 6 ? parts : [...parts.slice(0, 5), parts.slice(5).join(':')]
}

/** One character of a resolved policy value: `wild` for a wildcard `*` or `?` (not an escaped one). */
interface Token {
  c: string
  wild: boolean
}

/**
 * A policy value under the Version: its characters, with variables replaced by the request's
 * values; null when a variable has no value (the value then matches nothing).
 */
function resolveValue(policy: string, reading: Reading, context: RequestContext): Token[] | null {
  const plain = (text: string): Token[] => [...text].map((c) => ({ c, wild: c === '*' || c === '?' }))
  const literal = (text: string): Token[] => [...text].map((c) => ({ c, wild: false }))
  if (reading.version !== '2012-10-17') return plain(policy)
  const out: Token[] = []
  let i = 0
  while (i < policy.length) {
    const open = policy.indexOf('${', i)
    if (open < 0) break
    const close = policy.indexOf('}', open + 2)
    if (close < 0) break
    out.push(...plain(policy.slice(i, open)))
    const inner = policy.slice(open + 2, close)
    if (inner === '*' || inner === '?' || inner === '$') out.push(...literal(inner))
    else {
      const m = /^\s*([^,]+?)\s*(?:,\s*'([^']*)'\s*)?$/.exec(inner)
      const value = m ? context[(m[1] ?? '').toLowerCase()] : undefined
      if (typeof value === 'string') out.push(...literal(value))
      else if (value === undefined && m?.[2] !== undefined) out.push(...literal(m[2]))
      else return null
    }
    i = close + 1
  }
  out.push(...plain(policy.slice(i)))
  return out
}

function tokensMatch(pattern: Token[], text: string): boolean {
  const memo = new Map<string, boolean>()
  const go = (p: number, t: number): boolean => {
    const key = `${p},${t}`
    const cached = memo.get(key)
    if (cached !== undefined) return cached
    const token = pattern[p]
    let result: boolean
    if (token === undefined) result = t === text.length
    else if (token.wild && token.c === '*') result = go(p + 1, t) || (t < text.length && go(p, t + 1))
    else if (t < text.length && ((token.wild && token.c === '?') || token.c === text[t])) result = go(p + 1, t + 1)
    else result = false
    memo.set(key, result)
    return result
  }
  return go(0, 0)
}

const textOf = (tokens: Token[]): string => tokens.map((token) => token.c).join('')

function splitTokens(tokens: Token[]): Token[][] {
  const parts: Token[][] = [[]]
  for (const token of tokens) {
    if (!token.wild && token.c === ':' && parts.length < 6) parts.push([])
    else parts[parts.length - 1]?.push(token)
  }
  return parts
}

/** The positive test of an operator (without Not, qualifier or IfExists): request value vs policy value. */
function baseTest(base: string, request: string, policy: string, reading: Reading, context: RequestContext): boolean {
  const fold = (text: string): string => (reading.fold === 'ascii' ? text.replace(/[A-Z]/g, (c) => c.toLowerCase()) : text.toLowerCase())
  if (
    (base === 'stringequals' || base === 'stringequalsignorecase' || base === 'stringlike' || base === 'arnlike') &&
    (reading.version !== '2012-10-17' || !policy.includes('${'))
  ) {
    // No variable or escape: the value is its own text (the common, fast case).
    if (base === 'stringequals') return request === policy
    if (base === 'stringequalsignorecase') return fold(request) === fold(policy)
    if (base === 'stringlike') return wildcardMatch(policy, request)
    const p = arnParts(policy)
    const r = arnParts(request)
    return p.length === r.length && p.every((part, i) => wildcardMatch(part, r[i] ?? ''))
  }
  if (base === 'stringequals' || base === 'stringequalsignorecase' || base === 'stringlike' || base === 'arnlike') {
    const tokens = resolveValue(policy, reading, context)
    if (tokens === null) return false
    if (base === 'stringequals') return request === textOf(tokens)
    if (base === 'stringequalsignorecase') return fold(request) === fold(textOf(tokens))
    if (base === 'stringlike') return tokensMatch(tokens, request)
    const p = splitTokens(tokens)
    const r = arnParts(request)
    return p.length === r.length && p.every((part, i) => tokensMatch(part, r[i] ?? ''))
  }
  switch (base) {
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
      let order: number
      if (base.startsWith('date')) {
        const r = dateOf(request)
        const p = dateOf(policy)
        if (Number.isNaN(r) || Number.isNaN(p)) return false
        order = r - p
      } else {
        const r = decimalOf(request)
        const p = decimalOf(policy)
        if (r === null || p === null) return false
        order = compareExact(r, p)
      }
      const relation = base.replace(/^(numeric|date)/, '')
      if (relation === 'equals') return order === 0
      if (relation === 'lessthan') return order < 0
      if (relation === 'lessthanequals') return order <= 0
      if (relation === 'greaterthan') return order > 0
      return order >= 0
    }
    case 'bool':
      return request.toLowerCase() === policy.toLowerCase()
    case 'binaryequals':
      return request === policy
    case 'ipaddress':
      return inCidr(request, policy)
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

const DEFAULT_READING: Reading = { partition: 'aws', fold: 'unicode', version: '2012-10-17' }

export function clauseMatches(operator: string, key: string, policyValues: Json, context: RequestContext, reading: Reading = DEFAULT_READING): boolean {
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
  const folded = reading.fold === 'ascii' ? key.replace(/[A-Z]/g, (c) => c.toLowerCase()) : key.toLowerCase()
  const requestValue = context[folded]
  const present = requestValue !== undefined
  const requestValues = requestValue === undefined ? [] : Array.isArray(requestValue) ? requestValue : [requestValue]

  if (base === 'null') {
    const wanted = values.map((value) => value.toLowerCase())
    return (!present && wanted.includes('true')) || (present && wanted.includes('false'))
  }
  const matchesSome = (request: string): boolean => values.some((value) => baseTest(base, request, value, reading, context))
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

export function conditionMatches(condition: Json, context: RequestContext, reading: Reading = DEFAULT_READING): boolean {
  return Object.entries(asObject(condition)).every(([operator, block]) =>
    Object.entries(asObject(block)).every(([key, values]) => clauseMatches(operator, key, values, context, reading))
  )
}

function versionOf(document: Json): string | null {
  const version = asObject(document).Version
  return typeof version === 'string' ? version : null
}

export function statementList(document: Json): JsonObject[] {
  return asList(asObject(document).Statement).map(asObject)
}

/** Whether the statement's principal, action and resource match (conditions aside). */
export function statementApplies(statement: JsonObject, principal: RequestPrincipal, action: string, reading: Reading = DEFAULT_READING): boolean {
  if ('Principal' in statement) {
    if (!principalMatches(statement.Principal, principal, reading)) return false
  } else if ('NotPrincipal' in statement) {
    if (principalMatches(statement.NotPrincipal, principal, reading)) return false
  } else return false
  if ('Action' in statement && !actionMatches(statement.Action, action)) return false
  if ('NotAction' in statement && actionMatches(statement.NotAction, action)) return false
  if ('Resource' in statement && !resourceMatches(statement.Resource)) return false
  if ('NotResource' in statement && resourceMatches(statement.NotResource)) return false
  return true
}

export function statementMatches(statement: JsonObject, request: TrustRequest, reading: Reading = DEFAULT_READING): boolean {
  return statementApplies(statement, request.principal, request.action, reading) && conditionMatches(statement.Condition, request.context, reading)
}

/** IAM's decision for a trust policy: allowed iff some Allow matches and no Deny matches. */
export function isAllowed(document: Json, request: TrustRequest, context: EvaluationContext = {}): boolean {
  const reading: Reading = { partition: context.partition ?? 'aws', fold: context.fold ?? 'unicode', version: versionOf(document) }
  const statements = statementList(document)
  const matching = statements.filter((statement) => statementMatches(statement, request, reading))
  return matching.some((s) => s.Effect === 'Allow') && !matching.some((s) => s.Effect === 'Deny')
}

// ---------------------------------------------------------------------------------------------
// The finite universe of requests.

export const UNIVERSE_PRINCIPALS: RequestPrincipal[] = [
  { type: 'AWS', id: 'arn:aws:iam::111111111111:root', account: '111111111111' },
  { type: 'AWS', id: 'arn:aws:iam::111111111111:role/a', account: '111111111111', role: 'a' },
  { type: 'AWS', id: 'arn:aws:iam::111111111111:role/b', account: '111111111111', role: 'b' },
  { type: 'AWS', id: 'arn:aws:sts::111111111111:assumed-role/a/session', account: '111111111111', role: 'a' },
  { type: 'AWS', id: 'arn:aws:iam::111111111111:role/p/c', account: '111111111111', role: 'c' },
  { type: 'AWS', id: 'arn:aws:sts::111111111111:assumed-role/c/s2', account: '111111111111', role: 'c' },
  { type: 'AWS', id: 'arn:aws-cn:iam::111111111111:role/a', account: '111111111111', partition: 'aws-cn', role: 'a' },
  { type: 'AWS', id: 'arn:aws-us-gov:sts::111111111111:assumed-role/a/session', account: '111111111111', partition: 'aws-us-gov', role: 'a' },
  { type: 'AWS', id: 'arn:aws:iam::222222222222:role/a', account: '222222222222', role: 'a' },
  { type: 'AWS', id: 'arn:aws:iam::333333333333:user/u', account: '333333333333' },
  { type: 'AWS', id: 'AROAEXAMPLEUNIQUEID1', account: null },
  { type: 'Service', id: 'ec2.amazonaws.com', account: null },
  { type: 'Service', id: 'lambda.amazonaws.com', account: null },
  { type: 'Federated', id: 'accounts.google.com', account: null },
  { type: 'Federated', id: 'arn:aws:iam::111111111111:oidc-provider/acme.app.spacelift.io', account: null },
  { type: 'Federated', id: 'arn:aws:iam::222222222222:oidc-provider/acme.app.spacelift.io', account: null },
  { type: 'Federated', id: 'arn:aws:iam::111111111111:oidc-provider/evil.app.spacelift.io', account: null }
]

export const UNIVERSE_ACTIONS = ['sts:AssumeRole', 'sts:TagSession', 'sts:AssumeRoleWithWebIdentity', 'sts:SetSourceIdentity', 'sts:AssumeRoleWithSAML']

/** Values each condition key takes in the universe (`undefined` = absent); unknown keys get a generic domain. */
export const CONTEXT_DOMAINS: Record<string, Array<string | string[] | undefined>> = {
  'sts:externalid': [undefined, 'e1', 'e2', 'E1', 'e1x', 'e*', 'e?', 'x', '${aws:username}', '${x}', 'k', 'K', '\u212a', 'é', 'É'],
  'aws:username': [undefined, 'e1', 'x'],
  'aws:userid': [undefined, 'e2'],
  'aws:principaltag/stack': [undefined, 's1', 's2', 'S1', 's3'],
  'aws:sourceip': [undefined, '10.0.0.1', '10.1.2.3', '192.168.1.1', '8.8.8.8'],
  'aws:multifactorauthpresent': [undefined, 'true', 'false'],
  'aws:multifactorauthage': [undefined, '50', '100', '3000', '7200', '9007199254740992', '9007199254740993', '12345678901234567890', '12345678901234567891'],
  'aws:currenttime': [undefined, '2024-06-01T00:00:00Z', '2024-12-31T23:00:00Z', '2025-01-01T00:00:00Z', '2025-01-01T00:00:01Z', '2025-06-01T00:00:00Z'],
  'aws:tagkeys': [undefined, [], ['a'], ['a', 'b'], ['c'], ['a', 'c']],
  'aws:sourcearn': [
    undefined,
    'arn:aws:s3:::bucket-a',
    'arn:aws:s3:::bucket-b',
    'arn:aws:s3:::other',
    'arn:aws:sns:us-east-1:111111111111:topic',
    'arn:aws:s3:::bucket-*'
  ],
  'x:bin': [undefined, 'QUJD', 'REVG'],
  // Spacelift OIDC tokens (sub: space:<space>:stack:<id>:run_type:<type>:scope:<read|write>).
  'acme.app.spacelift.io:sub': [
    undefined,
    'space:root:stack:a:run_type:TRACKED:scope:write',
    'space:root:stack:a:run_type:PROPOSED:scope:read',
    'space:other:stack:a:run_type:TASK:scope:write',
    'space:root:stack:b:run_type:TRACKED:scope:read',
    'space:root:module:a:run_type:TRACKED:scope:write'
  ],
  'acme.app.spacelift.io:aud': [undefined, 'acme.app.spacelift.io', 'evil.app.spacelift.io']
}
const GENERIC_DOMAIN: Array<string | undefined> = [undefined, 'v1', 'v2']

/** Condition keys the statements test, and (under Version 2012-10-17) those their values refer to as variables. */
function conditionKeys(statements: JsonObject[], version: string | null): string[] {
  const keys = new Set<string>()
  for (const statement of statements) {
    for (const block of Object.values(asObject(statement.Condition))) {
      for (const [key, values] of Object.entries(asObject(block))) {
        keys.add(key.toLowerCase())
        if (version !== '2012-10-17') continue
        for (const value of asList(values)) {
          for (const m of String(value).matchAll(/\$\{\s*([^},']+?)\s*(?:,[^}]*)?\}/g)) {
            const name = (m[1] ?? '').toLowerCase()
            if (name !== '*' && name !== '?' && name !== '$') keys.add(name)
          }
        }
      }
    }
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
 * to that principal and action (other keys cannot change the decision). Without a partition in
 * `context`, each partition is tried for the role holding both policies.
 */
export function findWideningRequest(oldDocument: Json, newDocument: Json, context: EvaluationContext = {}): (TrustRequest & { partition: string }) | null {
  const oldStatements = statementList(oldDocument)
  const newStatements = statementList(newDocument)
  const oldVersion = versionOf(oldDocument)
  const newVersion = versionOf(newDocument)
  const fold = context.fold ?? 'unicode'
  // Only a bare account ID depends on the partition: without one, any partition decides alike.
  const bareIds = /"\d{12}"/.test(
    JSON.stringify([oldStatements.map((s) => [s.Principal, s.NotPrincipal]), newStatements.map((s) => [s.Principal, s.NotPrincipal])])
  )
  const partitions = context.partition ? [context.partition] : bareIds ? PARTITIONS : ['aws']
  for (const partition of partitions) {
    const oldReading: Reading = { partition, fold, version: oldVersion }
    const newReading: Reading = { partition, fold, version: newVersion }
    for (const principal of UNIVERSE_PRINCIPALS) {
      for (const action of UNIVERSE_ACTIONS) {
        const newApplying = newStatements.filter((s) => statementApplies(s, principal, action, newReading))
        if (!newApplying.some((s) => s.Effect === 'Allow')) continue
        const oldApplying = oldStatements.filter((s) => statementApplies(s, principal, action, oldReading))
        const keys = [...new Set([...conditionKeys(newApplying, newVersion), ...conditionKeys(oldApplying, oldVersion)])].sort()
        const decide = (statements: JsonObject[], reading: Reading, request: RequestContext): boolean => {
          const matching = statements.filter((s) => conditionMatches(s.Condition, request, reading))
          return matching.some((s) => s.Effect === 'Allow') && !matching.some((s) => s.Effect === 'Deny')
        }
        for (const request of contexts(keys)) {
          if (decide(newApplying, newReading, request) && !decide(oldApplying, oldReading, request)) return { principal, action, context: request, partition }
        }
      }
    }
  }
  return null
}
