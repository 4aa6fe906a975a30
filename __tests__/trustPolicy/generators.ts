/**
 * Random trust policies for the property tests: small documents over the reference universe,
 * mutations of them (so that pairs are related), and rewrites that IAM reads the same way.
 * Generation is plain arithmetic on a seed so that fast-check only has to draw integers.
 */
import fc from 'fast-check'

type Json = unknown
export interface Doc {
  /** "2012-10-17", "2008-10-17" or absent: whether ${…} in values are policy variables. */
  Version?: string
  Statement: Array<Record<string, Json>>
}

/** The partitions a pair's role may live in; null: the comparison is not told (as `compare` without --partition). */
export const CONTEXT_PARTITIONS: ReadonlyArray<string | null> = [null, 'aws', 'aws-cn', 'aws-us-gov']

/** A deterministic stream of choices from one integer seed (mulberry32). */
export class Choices {
  private state: number
  constructor(seed: number) {
    this.state = seed >>> 0
  }
  next(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0
    let t = this.state
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
  int(n: number): number {
    return Math.floor(this.next() * n)
  }
  pick<T>(items: readonly T[]): T {
    return items[this.int(items.length)] as T
  }
  chance(p: number): boolean {
    return this.next() < p
  }
  subset<T>(items: readonly T[], min = 1, max = items.length): T[] {
    const count = min + this.int(Math.max(1, max - min + 1))
    const pool = [...items]
    const out: T[] = []
    while (out.length < count && pool.length) out.push(pool.splice(this.int(pool.length), 1)[0] as T)
    return out
  }
}

const PRINCIPALS: Array<[string, string]> = [
  ['AWS', '111111111111'],
  ['AWS', 'arn:aws:iam::111111111111:root'],
  ['AWS', 'arn:aws:iam::111111111111:role/a'],
  ['AWS', 'arn:aws:iam::111111111111:role/b'],
  ['AWS', 'arn:aws:iam::222222222222:role/a'],
  ['AWS', '222222222222'],
  ['AWS', 'arn:aws:iam::333333333333:user/u'],
  ['AWS', 'AROAEXAMPLEUNIQUEID1'],
  ['AWS', 'arn:aws:iam::111111111111:role/*'],
  // Roles and their sessions (with and without a path), and the same account in other partitions.
  ['AWS', 'arn:aws:iam::111111111111:role/p/c'],
  ['AWS', 'arn:aws:iam::111111111111:role/c'],
  ['AWS', 'arn:aws:sts::111111111111:assumed-role/a/session'],
  ['AWS', 'arn:aws:sts::111111111111:assumed-role/c/s2'],
  ['AWS', 'arn:aws-cn:iam::111111111111:root'],
  ['AWS', 'arn:aws-cn:iam::111111111111:role/a'],
  ['AWS', 'arn:aws-us-gov:iam::111111111111:root'],
  ['AWS', 'arn:aws-us-gov:iam::111111111111:role/a'],
  ['AWS', '*'],
  ['Service', 'ec2.amazonaws.com'],
  ['Service', 'lambda.amazonaws.com'],
  ['Federated', 'accounts.google.com'],
  // Spacelift's OIDC identity provider in two accounts, and a pattern over one account's providers.
  ['Federated', 'arn:aws:iam::111111111111:oidc-provider/acme.app.spacelift.io'],
  ['Federated', 'arn:aws:iam::222222222222:oidc-provider/acme.app.spacelift.io'],
  ['Federated', 'arn:aws:iam::111111111111:oidc-provider/*']
]

const ACTIONS = ['sts:AssumeRole', 'sts:TagSession', 'sts:AssumeRoleWithWebIdentity', 'sts:SetSourceIdentity', 'sts:*', 'sts:Assume*', 'sts:?agSession', '*']

interface KeyFamily {
  key: string
  operators: string[]
  values: Array<string | number | boolean>
}

const FAMILIES: KeyFamily[] = [
  {
    key: 'sts:ExternalId',
    operators: [
      'StringEquals',
      'StringLike',
      'StringNotEquals',
      'StringNotLike',
      'StringEqualsIgnoreCase',
      'StringNotEqualsIgnoreCase',
      'StringEqualsIfExists',
      'StringLikeIfExists'
    ],
    values: ['e1', 'e2', 'e3', 'E1', 'e*', '*', 'e?', 'x', 'k', '\u212a', 'é', 'É']
  },
  // Policy variables, defaults and escapes (their meaning depends on the Version).
  {
    key: 'sts:ExternalId',
    operators: ['StringEquals', 'StringLike', 'StringNotEquals', 'StringNotLike', 'StringEqualsIgnoreCase'],
    values: ['${aws:username}', "${aws:userid, 'e2'}", 'e${*}', 'e${?}', '${$}{x}', '${x}', 'e*', 'e1', 'x']
  },
  { key: 'aws:PrincipalTag/stack', operators: ['StringEquals', 'StringLike', 'StringNotEquals'], values: ['s1', 's2', 's*'] },
  { key: 'aws:SourceIp', operators: ['IpAddress', 'NotIpAddress', 'IpAddressIfExists'], values: ['10.0.0.0/8', '10.1.0.0/16', '10.0.0.1', '192.168.0.0/16'] },
  { key: 'aws:MultiFactorAuthPresent', operators: ['Bool', 'BoolIfExists', 'Null'], values: ['true', 'false', true] },
  {
    key: 'aws:MultiFactorAuthAge',
    operators: ['NumericLessThan', 'NumericLessThanEquals', 'NumericGreaterThan', 'NumericEquals', 'NumericNotEquals'],
    values: [100, '3000', 50, '1e2', '100.0', '0100', '9007199254740992', '9007199254740993', '12345678901234567890', '12345678901234567891']
  },
  {
    key: 'aws:CurrentTime',
    operators: ['DateLessThan', 'DateGreaterThan', 'DateGreaterThanEquals', 'DateLessThanEquals', 'DateEquals'],
    values: [
      '2025-01-01T00:00:00Z',
      '2024-06-01T00:00:00Z',
      '2025-01-01',
      '2025-01-01T00:00:00',
      '2025-01-01T09:00:00+09:00',
      1735689600,
      '1735689601',
      '2024-12-31T23:00:00'
    ]
  },
  {
    key: 'aws:TagKeys',
    operators: ['ForAllValues:StringEquals', 'ForAnyValue:StringEquals', 'ForAnyValue:StringLike', 'ForAllValues:StringNotEquals'],
    values: ['a', 'b', 'c']
  },
  {
    key: 'aws:SourceArn',
    operators: ['ArnLike', 'ArnEquals', 'ArnNotLike', 'StringLike'],
    values: ['arn:aws:s3:::bucket-a', 'arn:aws:s3:::bucket-*', 'arn:aws:s3:::*', 'arn:aws:*:*:111111111111:*']
  },
  { key: 'x:bin', operators: ['BinaryEquals'], values: ['QUJD', 'REVG'] },
  // Spacelift OIDC tokens: sub patterns per stack and scope (a widening from scope:read to scope:*,
  // or from one stack to *, must be seen), and the audience.
  {
    key: 'acme.app.spacelift.io:sub',
    operators: ['StringLike', 'StringEquals', 'StringNotLike', 'StringLikeIfExists'],
    values: [
      'space:*:stack:a:run_type:*:scope:*',
      'space:*:stack:a:run_type:*:scope:read',
      'space:*:stack:*:run_type:*:scope:*',
      'space:root:stack:a:run_type:*:scope:*',
      'space:root:stack:a:run_type:TRACKED:scope:write',
      'space:*:stack:b:run_type:*:scope:*',
      '*:stack:a:*',
      '*'
    ]
  },
  {
    key: 'acme.app.spacelift.io:aud',
    operators: ['StringEquals', 'StringLike', 'StringNotEquals'],
    values: ['acme.app.spacelift.io', 'evil.app.spacelift.io', '*.app.spacelift.io']
  }
]

function nullValues(c: Choices): Array<string | boolean> {
  return [c.pick(['true', 'false', true])]
}

function randomClause(c: Choices, family: KeyFamily): [string, string, Json] {
  const operator = c.pick(family.operators)
  const values = operator === 'Null' ? nullValues(c) : c.subset(family.values, 1, 3)
  return [operator, family.key, values.length === 1 && c.chance(0.5) ? values[0] : values]
}

function setClause(statement: Record<string, Json>, [operator, key, values]: [string, string, Json]): void {
  const condition = (statement.Condition ??= {}) as Record<string, Record<string, Json>>
  const block = (condition[operator] ??= {})
  block[key] = values
}

function randomPrincipal(c: Choices): Json {
  const chosen = c.subset(PRINCIPALS, 1, 3)
  if (chosen.length === 1 && chosen[0]?.[1] === '*' && c.chance(0.5)) return '*'
  const principal: Record<string, string[]> = {}
  for (const [type, value] of chosen) (principal[type] ??= []).push(value)
  return principal
}

/** How a pair's documents are drawn: which condition keys, and how many statements are Deny. */
export interface Profile {
  families: KeyFamily[]
  denyRate: number
}

const VERSIONS: ReadonlyArray<string | undefined> = ['2012-10-17', '2012-10-17', '2012-10-17', '2012-10-17', undefined, '2008-10-17']

function withVersion(version: string | undefined, statements: Array<Record<string, Json>>): Doc {
  return version === undefined ? { Statement: statements } : { Version: version, Statement: statements }
}

export function randomStatement(c: Choices, families: KeyFamily[], denyRate = 0.15): Record<string, Json> {
  const statement: Record<string, Json> = { Effect: c.chance(denyRate) ? 'Deny' : 'Allow', Principal: randomPrincipal(c) }
  const actions = c.subset(ACTIONS.slice(0, c.chance(0.8) ? 4 : ACTIONS.length), 1, 2)
  if (c.chance(0.08)) statement.NotAction = actions
  else statement.Action = actions.length === 1 ? actions[0] : actions
  const clauses = c.int(3)
  for (let i = 0; i < clauses; i++) setClause(statement, randomClause(c, c.pick(families)))
  return statement
}

/** The key families one pair of policies draws from (few keys, so the universe stays small), and its share of Deny statements. */
function profileFor(c: Choices): Profile {
  return { families: c.subset(FAMILIES, 1, 2), denyRate: c.pick([0.15, 0.15, 0.5]) }
}

export function randomPolicy(c: Choices, profile = profileFor(c)): Doc {
  const count = 1 + c.int(3)
  return withVersion(
    c.pick(VERSIONS),
    Array.from({ length: count }, () => randomStatement(c, profile.families, profile.denyRate))
  )
}

const clone = <T>(value: T): T => JSON.parse(JSON.stringify(value)) as T

function listOf(value: Json): Json[] {
  return Array.isArray(value) ? value : value === undefined ? [] : [value]
}

/** One small change to a policy (any direction: it may widen, narrow or keep the meaning). */
export function mutate(doc: Doc, c: Choices, profile: Profile): Doc {
  const families = profile.families
  const out = clone(doc)
  const statements = out.Statement
  if (statements.length === 0) {
    statements.push(randomStatement(c, families, profile.denyRate))
    return out
  }
  const s = c.pick(statements)
  const op = c.int(15)
  switch (op) {
    case 0: {
      const [type, value] = c.pick(PRINCIPALS)
      const principal = (s.Principal === '*' || s.Principal === undefined ? { AWS: ['*'] } : s.Principal) as Record<string, Json>
      principal[type] = [...listOf(principal[type]), value]
      s.Principal = principal
      break
    }
    case 1: {
      if (s.Principal === '*') {
        s.Principal = { AWS: c.pick(PRINCIPALS)[1] }
        break
      }
      const principal = s.Principal as Record<string, Json>
      const type = c.pick(Object.keys(principal))
      const values = listOf(principal[type])
      values.splice(c.int(values.length), 1)
      if (values.length) principal[type] = values
      else delete principal[type]
      if (Object.keys(principal).length === 0) principal.AWS = c.pick(PRINCIPALS)[1]
      break
    }
    case 2: {
      const field = 'NotAction' in s ? 'NotAction' : 'Action'
      s[field] = [...listOf(s[field]), c.pick(ACTIONS)]
      break
    }
    case 3: {
      const field = 'NotAction' in s ? 'NotAction' : 'Action'
      const values = listOf(s[field])
      if (values.length > 1) values.splice(c.int(values.length), 1)
      else values[0] = c.pick(ACTIONS)
      s[field] = values
      break
    }
    case 4:
      s.Effect = s.Effect === 'Allow' ? 'Deny' : 'Allow'
      break
    case 5:
      setClause(s, randomClause(c, c.pick(families)))
      break
    case 6:
    case 7:
    case 8:
    case 9: {
      const condition = s.Condition as Record<string, Record<string, Json>> | undefined
      if (!condition || Object.keys(condition).length === 0) {
        setClause(s, randomClause(c, c.pick(families)))
        break
      }
      const operator = c.pick(Object.keys(condition))
      const block = condition[operator] as Record<string, Json>
      const key = c.pick(Object.keys(block))
      const family: KeyFamily = FAMILIES.find((f) => f.key === key) ?? (FAMILIES[0] as KeyFamily)
      const values = listOf(block[key])
      if (op === 6) {
        delete block[key]
        if (Object.keys(block).length === 0) delete condition[operator]
        if (Object.keys(condition).length === 0) delete s.Condition
      } else if (op === 7) {
        block[key] = [...values, operator === 'Null' ? c.pick(['true', 'false']) : c.pick(family.values)]
      } else if (op === 8) {
        if (values.length > 1) values.splice(c.int(values.length), 1)
        block[key] = values
      } else {
        delete block[key]
        if (Object.keys(block).length === 0) delete condition[operator]
        const next = c.pick(family.operators)
        setClause(s, [next, key, next === 'Null' ? nullValues(c) : values.filter((v) => typeof v !== 'boolean' || next === 'Bool')])
        const nextBlock = (s.Condition as Record<string, Record<string, Json>>)[next] as Record<string, Json>
        if (listOf(nextBlock[key]).length === 0) nextBlock[key] = [c.pick(family.values)]
      }
      break
    }
    case 10:
      if (statements.length > 1) statements.splice(statements.indexOf(s), 1)
      break
    case 11:
      statements.push(randomStatement(c, families, profile.denyRate))
      break
    case 14: {
      // Add, drop or change the Version.
      const version = c.pick(VERSIONS)
      if (version === undefined) delete out.Version
      else out.Version = version
      break
    }
    case 12: {
      const copy = clone(s)
      copy.Effect = 'Deny'
      copy.Principal = randomPrincipal(c)
      statements.push(copy)
      break
    }
    default: {
      const copy = clone(s)
      copy.Principal = randomPrincipal(c)
      statements.push(copy)
    }
  }
  return out
}

/** A bare account ID and its root ARN are one principal only in the role's own partition, when it is known. */
function rewritePrincipalValue(type: string, value: string, c: Choices, partition: string | null): string {
  if (type !== 'AWS' || partition === null) return value
  if (/^\d{12}$/.test(value) && c.chance(0.5)) return `arn:${partition}:iam::${value}:root`
  const root = /^arn:([a-z-]+):iam::(\d{12}):root$/.exec(value)
  if (root && root[1] === partition && c.chance(0.5)) return root[2] ?? value
  return value
}

function randomCase(text: string, c: Choices): string {
  return [...text].map((ch) => (c.chance(0.5) ? ch.toUpperCase() : ch.toLowerCase())).join('')
}

function shuffle<T>(items: T[], c: Choices): T[] {
  const out = [...items]
  for (let i = out.length - 1; i > 0; i--) {
    const j = c.int(i + 1)
    ;[out[i], out[j]] = [out[j] as T, out[i] as T]
  }
  return out
}

function maybeList(values: Json[], c: Choices): Json {
  const withDuplicate = values.length && c.chance(0.3) ? [...values, values[0]] : values
  return withDuplicate.length === 1 && c.chance(0.5) ? withDuplicate[0] : shuffle(withDuplicate, c)
}

/** Spellings of one instant (dates are UTC whatever the machine's TZ). */
const SAME_INSTANT: Json[][] = [
  ['2025-01-01T00:00:00Z', '2025-01-01', '2025-01-01T00:00:00', '2025-01-01T09:00:00+09:00', 1735689600, '1735689600', '2024-12-31T23:00:00-01:00'],
  ['2024-12-31T23:00:00', '2024-12-31T23:00:00Z', '2025-01-01T00:00:00+01:00']
]

function rewriteValue(operator: string, value: Json, c: Choices): Json {
  const base = operator.toLowerCase()
  if (base.startsWith('date')) {
    const forms = SAME_INSTANT.find((list) => list.includes(value))
    return forms && c.chance(0.5) ? c.pick(forms) : value
  }
  // A number given as text becomes a JSON number only when the double keeps its text.
  if (base.startsWith('numeric') && typeof value === 'string' && String(Number(value)) === value && c.chance(0.5)) return Number(value)
  if (base.startsWith('numeric') && typeof value === 'number' && c.chance(0.5)) return String(value)
  if ((base.startsWith('bool') || base === 'null') && (value === 'true' || value === true) && c.chance(0.5)) return value === true ? 'true' : true
  if (base.includes('ipaddress') && typeof value === 'string' && !value.includes('/') && c.chance(0.5)) return `${value}/32`
  return value
}

/** A document IAM reads exactly as `doc`: reordered, re-spelled, split by principal, with Sids. */
export function equivalentRewrite(doc: Doc, c: Choices, partition: string | null = null): Doc {
  const statements: Array<Record<string, Json>> = []
  for (const original of doc.Statement) {
    const s = clone(original)
    if (c.chance(0.3)) s.Sid = `S${c.int(1000)}`
    if (s.Principal !== undefined && s.Principal !== '*') {
      const principal = s.Principal as Record<string, Json>
      const rewritten: Record<string, Json> = {}
      for (const type of shuffle(Object.keys(principal), c)) {
        rewritten[type] = maybeList(
          listOf(principal[type]).map((v) => rewritePrincipalValue(type, String(v), c, partition)),
          c
        )
      }
      const awsValues = listOf(rewritten.AWS)
      if (Object.keys(rewritten).length === 1 && awsValues.length === 1 && awsValues[0] === '*' && c.chance(0.5)) s.Principal = '*'
      else s.Principal = rewritten
    } else if (s.Principal === '*' && c.chance(0.5)) s.Principal = { AWS: '*' }
    for (const field of ['Action', 'NotAction']) {
      if (field in s)
        s[field] = maybeList(
          listOf(s[field]).map((a) => randomCase(String(a), c)),
          c
        )
    }
    if (s.Condition) {
      const condition: Record<string, Record<string, Json>> = {}
      const original = s.Condition as Record<string, Record<string, Json>>
      for (const [operator, block] of Object.entries(original)) {
        let name = operator
        // ArnEquals reads as ArnLike, but only a rename into a block of its own keeps both clauses:
        // merged into an existing ArnLike block, one key's values would replace the other's (AND lost).
        const renamed = operator.replace(/^ArnEquals/, 'ArnLike').replace(/^ArnNotEquals/, 'ArnNotLike')
        if (renamed !== operator && !(renamed in original) && c.chance(0.3)) name = renamed
        condition[name] ??= {}
        for (const [key, values] of Object.entries(block)) {
          const target = condition[name] as Record<string, Json>
          const spelled = c.chance(0.5) ? randomCase(key, c) : key
          target[spelled] = maybeList(
            listOf(values).map((v) => rewriteValue(operator, v, c)),
            c
          )
        }
      }
      s.Condition = condition
    }
    // Split a multi-principal Allow into one statement per principal type.
    const principal = s.Principal
    if (principal && typeof principal === 'object' && Object.keys(principal).length > 1 && c.chance(0.5)) {
      for (const [type, values] of Object.entries(principal as Record<string, Json>)) statements.push({ ...clone(s), Principal: { [type]: values } })
    } else statements.push(s)
  }
  return withVersion(doc.Version, shuffle(statements, c))
}

const RAW_NUMBER = '\u0001number:'

/** JSON text in which the numeric-looking texts of Numeric operators are written as JSON number literals (kept as text by the reader). */
function withNumberLiterals(doc: Doc): string {
  const marked = clone(doc)
  for (const statement of marked.Statement) {
    for (const [operator, block] of Object.entries((statement.Condition ?? {}) as Record<string, Record<string, Json>>)) {
      if (!/numeric/i.test(operator)) continue
      for (const [key, values] of Object.entries(block)) {
        const mark = (v: Json): Json => (typeof v === 'string' && /^-?(0|[1-9]\d*)(\.\d+)?$/.test(v) ? `${RAW_NUMBER}${v}` : v)
        block[key] = Array.isArray(values) ? values.map(mark) : mark(values)
      }
    }
  }
  return JSON.stringify(marked).replace(/"\\u0001number:([-0-9.]+)"/g, '$1')
}

/** How a document reaches parsePolicy: as an object, JSON text (numbers as literals), or URL-encoded text (IAM API). */
export function asInput(doc: Doc, c: Choices): unknown {
  const form = c.int(5)
  if (form === 1) return JSON.stringify(doc, null, 2)
  if (form === 2) return encodeURIComponent(JSON.stringify(doc))
  if (form === 3) return withNumberLiterals(doc)
  return doc
}

export interface PolicyPair {
  old: Doc
  new: Doc
  profile: Profile
  /** The partition of the role holding both, as told to the comparison (null: not told). */
  partition: string | null
}

/** Pairs of related or independent policies, from one seed and a few mutation counts. */
export function pairFromSeed(seed: number, mutations: number, mode: number): PolicyPair {
  const c = new Choices(seed)
  const profile = profileFor(c)
  const partition = c.pick(CONTEXT_PARTITIONS)
  const base = randomPolicy(c, profile)
  if (mode === 0) return { old: base, new: randomPolicy(c, profile), profile, partition }
  let other = base
  for (let i = 0; i < mutations; i++) other = mutate(other, c, profile)
  return mode === 1 ? { old: base, new: other, profile, partition } : { old: other, new: base, profile, partition }
}

export const pairArbitrary = fc
  .tuple(fc.integer({ min: 0, max: 0x7fffffff }), fc.integer({ min: 1, max: 3 }), fc.constantFrom(0, 1, 1, 2, 2))
  .map(([seed, mutations, mode]) => ({ seed, ...pairFromSeed(seed, mutations, mode) }))

export const seedArbitrary = fc.integer({ min: 0, max: 0x7fffffff })
