/**
 * parsePolicy: any trust (or identity) policy as IAM reads it — JSON text, an object, a
 * URL-encoded document as the IAM API returns it, or the output of `aws iam get-role` — into the
 * normalised model of model.ts. Malformed documents are an InputError naming the source.
 */
import { InputError } from '../common/diagnostics.js'
import { isObject } from '../common/json.js'
import { canonicalValue, clauseSignature, makeCondition, readOperator } from './conditions.js'
import { JsonNumberText, jsonPathOffsets } from '../iamDocument/exactJson.js'
import { lineAndColumn } from '../common/jsonSyntax.js'
import { extractTrustPolicy, unwrapTrustPolicy } from '../iamDocument/read.js'
import type {
  ConditionClause,
  Condition,
  ParsedPolicy,
  ParsedStatement,
  PatternElement,
  PrincipalElement,
  PrincipalType,
  PrincipalValue
} from './policyModel.js'
import { principalValue, WILDCARD_PRINCIPAL, type ReadContext } from './principals.js'
import { foldAscii, readStringValue, type PolicyVersion } from './stringValues.js'

export type { ReadContext } from './principals.js'

export interface ParseNote {
  statementIndex: number
  code: 'BARE_STRING_PRINCIPAL' | 'EMPTY_PRINCIPAL' | 'UNREADABLE_CONDITION_VALUE'
  message: string
}

/** A parsed policy plus what the parser accepted although IAM would refuse it (findings report these). */
export interface ParsedPolicyWithNotes extends ParsedPolicy {
  notes: ParseNote[]
}

const PRINCIPAL_TYPES: readonly PrincipalType[] = ['AWS', 'Service', 'Federated', 'CanonicalUser']
/** White space at either end: IAM's reading of it is not documented, so it is refused, never trimmed. */
const SURROUNDING_SPACE = /^\s|\s$/u
const DOCUMENT_KEYS = new Set(['Version', 'Id', 'Statement'])
const STATEMENT_KEYS = new Set(['Sid', 'Effect', 'Principal', 'NotPrincipal', 'Action', 'NotAction', 'Resource', 'NotResource', 'Condition'])

class PolicyReader {
  readonly notes: ParseNote[] = []
  version: PolicyVersion = null
  constructor(
    private readonly source: string,
    private readonly context: ReadContext
  ) {}

  /** The text itself, refused when white space surrounds it (a key, an operator, a principal, an action). */
  exact(text: string, path: string): string {
    const first = text.charCodeAt(0)
    const last = text.charCodeAt(text.length - 1)
    // Most text starts and ends with a printable ASCII character: only the others need the test.
    if ((first <= 0x20 || first >= 0x7f || last <= 0x20 || last >= 0x7f) && SURROUNDING_SPACE.test(text))
      this.fail(path, `${JSON.stringify(text)} has white space around it; IAM's reading of that is not documented, so it is refused (remove the white space)`)
    return text
  }

  /** The JSON text of the document when it was given as plain JSON: errors then point at their line and column. */
  text: string | null = null
  private offsets: Map<string, number> | null = null

  fail(path: string, message: string): never {
    throw new InputError([{ severity: 'error', file: this.source, path, ...this.place(path), message }])
  }

  /** The line and column of `path` (or of its nearest ancestor) in the text; 1:1 when unknown. */
  private place(path: string): { line: number; column: number } {
    if (this.text === null) return { line: 1, column: 1 }
    this.offsets ??= jsonPathOffsets(this.text)
    if (!this.offsets.has('Statement')) return { line: 1, column: 1 }
    let at = path
    while (at !== '') {
      const offset = this.offsets.get(at)
      if (offset !== undefined) return lineAndColumn(this.text, offset)
      // Up one level: drop the last "[n]" or ".key" (a key may itself hold "." or "]": then stop).
      const parent = at.replace(/(\[\d+\]|\.[^.[\]]*|^[^.[\]]*)$/, '')
      if (parent === at) break
      at = parent
    }
    return { line: 1, column: 1 }
  }

  strings(value: unknown, path: string): string[] {
    if (typeof value === 'string') return [value]
    if (Array.isArray(value) && value.every((item): item is string => typeof item === 'string')) return value
    return this.fail(path, 'must be a string or a list of strings')
  }

  principal(value: unknown, path: string, negated: boolean, statementIndex: number): PrincipalElement {
    if (typeof value === 'string') {
      this.exact(value, path)
      if (value !== '*') {
        this.notes.push({
          statementIndex,
          code: 'BARE_STRING_PRINCIPAL',
          message: `${path} is the bare string '${value}'; IAM accepts only "*" or an object such as {"AWS": ...}`
        })
      }
      return this.principalElement(negated, value === '*' ? [WILDCARD_PRINCIPAL] : [principalValue('AWS', value, this.context)])
    }
    if (!isObject(value)) return this.fail(path, 'must be "*" or an object with AWS, Service, Federated or CanonicalUser')
    const values: PrincipalValue[] = []
    const entries = Object.entries(value)
    if (entries.length === 0) this.notes.push({ statementIndex, code: 'EMPTY_PRINCIPAL', message: `${path} is an empty object: it names no principal` })
    for (const [type, raw] of entries) {
      if (!PRINCIPAL_TYPES.includes(type as PrincipalType))
        this.fail(`${path}.${type}`, `unknown principal type (expected one of ${PRINCIPAL_TYPES.join(', ')})`)
      for (const item of this.strings(raw, `${path}.${type}`))
        values.push(principalValue(type as PrincipalType, this.exact(item, `${path}.${type}`), this.context))
    }
    return this.principalElement(negated, values)
  }

  private principalElement(negated: boolean, values: PrincipalValue[]): PrincipalElement {
    const byKey = new Map<string, PrincipalValue>()
    for (const value of values) if (!byKey.has(value.key)) byKey.set(value.key, value)
    let unique = [...byKey.values()].sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0))
    if (!negated && unique.some((value) => value.kind === 'wildcard')) unique = [WILDCARD_PRINCIPAL]
    return { negated, values: unique }
  }

  /** Actions (`lowerCase`, literal) or resources (read under the Version: they may hold policy variables). */
  patterns(value: unknown, path: string, negated: boolean, lowerCase: boolean): PatternElement {
    const display = new Map<string, string>()
    for (const written of this.strings(value, path)) {
      this.exact(written, path)
      // Actions are case-insensitive: folded A-Z only (stringValues.ts), so that an action spelled
      // with a look-alike letter (the Kelvin sign for K) is never taken for the real one.
      const canonical = lowerCase ? foldAscii(written) : readStringValue(written, this.version, true)
      if (!display.has(canonical)) display.set(canonical, written)
    }
    let patterns = [...display.keys()].sort()
    if (!negated && patterns.includes('*')) patterns = ['*']
    return { negated, patterns, display }
  }

  /**
   * Refuses a name (operator, condition key) that repeats another of its object in another case:
   * IAM reads names case-insensitively, and whether it then ANDs the two or keeps one of them is
   * not documented (keeping the last would drop the other's restriction). Compared Unicode
   * lower-cased, which also catches names equal under A-Z folding.
   */
  private once(seen: Map<string, string>, name: string, path: string, what: string): void {
    const folded = name.toLowerCase()
    const earlier = seen.get(folded)
    if (earlier !== undefined)
      this.fail(
        path,
        `the ${what} ${JSON.stringify(name)} repeats ${JSON.stringify(earlier)} in another case; IAM's reading of that is not documented, so it is refused (write the values under one name)`
      )
    seen.set(folded, name)
  }

  condition(value: unknown, path: string, statementIndex: number): Condition {
    if (value === undefined) return makeCondition([])
    if (!isObject(value)) return this.fail(path, 'must be an object of condition operators')
    const clauses: ConditionClause[] = []
    const operatorsSeen = new Map<string, string>()
    for (const [written, block] of Object.entries(value)) {
      const operator = readOperator(this.exact(written, `${path}.${written}`))
      if (!operator) this.fail(`${path}.${written}`, 'unknown condition operator')
      this.once(operatorsSeen, written, `${path}.${written}`, 'operator')
      if (!isObject(block)) return this.fail(`${path}.${written}`, 'must be an object of condition keys')
      const keysSeen = new Map<string, string>()
      for (const [keyDisplay, raw] of Object.entries(block)) {
        const where = `${path}.${written}.${keyDisplay}`
        this.exact(keyDisplay, where)
        this.once(keysSeen, keyDisplay, where, 'condition key')
        const list = Array.isArray(raw) ? raw : [raw]
        const values = new Set<string>()
        for (const item of list) {
          if (typeof item !== 'string' && typeof item !== 'number' && typeof item !== 'boolean' && !(item instanceof JsonNumberText)) {
            this.fail(where, 'values must be strings, numbers or booleans')
          }
          // A JSON number is read as its text, as written (JsonNumberText), never through a double.
          const text = item instanceof JsonNumberText ? item.text : String(item)
          const reading = canonicalValue(operator.family, operator.test, operator.ignoreCase, text, this.version)
          if (!reading.ok && reading.reason === 'out-of-range') this.fail(where, `'${text}' is out of range for a ${operator.family} value`)
          if (!reading.ok) {
            this.notes.push({ statementIndex, code: 'UNREADABLE_CONDITION_VALUE', message: `${where}: '${text}' is not a valid ${operator.family} value` })
          }
          values.add(reading.ok ? reading.value : text)
        }
        const base = {
          operator: operator.canonical,
          family: operator.family,
          test: operator.test,
          negated: operator.negated,
          ignoreCase: operator.ignoreCase,
          ifExists: operator.ifExists,
          qualifier: operator.qualifier,
          // Condition key names are case-insensitive, but IAM does not say how far beyond A-Z it folds:
          // folding A-Z only keeps a key spelled with a look-alike (the Kelvin sign for K) a
          // different key, never proved equal to the real one.
          key: foldAscii(keyDisplay),
          keyDisplay,
          values: [...values].sort()
        }
        clauses.push({ ...base, valueSet: new Set(base.values), signature: clauseSignature(base) })
      }
    }
    return makeCondition(clauses)
  }

  statement(raw: unknown, index: number): ParsedStatement {
    const path = `Statement[${index}]`
    if (!isObject(raw)) return this.fail(path, 'must be an object')
    const s = raw
    for (const key of Object.keys(s))
      if (!STATEMENT_KEYS.has(key)) this.fail(`${path}.${key}`, `unknown statement element (expected one of ${[...STATEMENT_KEYS].join(', ')})`)
    const effect = s.Effect
    if (effect !== 'Allow' && effect !== 'Deny') return this.fail(`${path}.Effect`, `must be "Allow" or "Deny" (got ${JSON.stringify(s.Effect)})`)
    const pairs: Array<[string, string]> = [
      ['Principal', 'NotPrincipal'],
      ['Action', 'NotAction'],
      ['Resource', 'NotResource']
    ]
    for (const [a, b] of pairs) if (a in s && b in s) this.fail(path, `has both ${a} and ${b}`)
    if (!('Action' in s) && !('NotAction' in s)) this.fail(path, 'has neither Action nor NotAction')
    if (s.Sid !== undefined && typeof s.Sid !== 'string') this.fail(`${path}.Sid`, 'must be a string')
    const pick = (name: string, not: string): [unknown, boolean] | null => (name in s ? [s[name], false] : not in s ? [s[not], true] : null)
    const principal = pick('Principal', 'NotPrincipal')
    const action = pick('Action', 'NotAction')
    const resource = pick('Resource', 'NotResource')
    return {
      index,
      sid: typeof s.Sid === 'string' ? s.Sid : null,
      effect,
      principal: principal ? this.principal(principal[0], `${path}.${principal[1] ? 'NotPrincipal' : 'Principal'}`, principal[1], index) : null,
      action: action ? this.patterns(action[0], `${path}.${action[1] ? 'NotAction' : 'Action'}`, action[1], true) : null,
      resource: resource ? this.patterns(resource[0], `${path}.${resource[1] ? 'NotResource' : 'Resource'}`, resource[1], false) : null,
      condition: this.condition(s.Condition, `${path}.Condition`, index)
    }
  }
}

/**
 * The comparison works on principal × action × resource combinations ("grants"), in time about
 * linear in their number (some 50 µs each here). A trust policy IAM accepts (4,096 characters) can
 * still list 150 principals and 300 actions in one statement, 45,000 combinations; no real one
 * comes near (a few principals, a few sts: actions), so documents beyond this bound are refused up
 * front rather than compared for seconds (bench/compare.mjs).
 */
export const MAX_GRANTS = 5_000

function grantCount(statement: ParsedStatement): number {
  const size = (element: { negated: boolean; values?: unknown[]; patterns?: unknown[] } | null): number =>
    element === null || element.negated ? 1 : (element.values ?? element.patterns ?? []).length || 1
  return size(statement.principal) * size(statement.action) * size(statement.resource)
}

/** Deeper than any policy document (Statement[i].Condition.Operator.key[j] is 6 levels): refused. */
export const MAX_NESTING = 32

/** The path of the first value nested deeper than `limit` arrays and objects, or null (no recursion). */
function nestingBeyond(root: unknown, limit: number): string | null {
  const stack: Array<{ value: unknown; depth: number; path: string }> = [{ value: root, depth: 0, path: '' }]
  while (stack.length > 0) {
    const { value, depth, path } = stack.pop() as { value: unknown; depth: number; path: string }
    if (value === null || typeof value !== 'object' || value instanceof JsonNumberText) continue
    if (depth >= limit) return path
    if (Array.isArray(value)) value.forEach((item, i) => stack.push({ value: item, depth: depth + 1, path: `${path}[${i}]` }))
    else for (const [key, item] of Object.entries(value)) stack.push({ value: item, depth: depth + 1, path: path === '' ? key : `${path}.${key}` })
  }
  return null
}

/** Decodes what the IAM API returns (RFC 3986 URL-encoding) when the text is encoded. */
/**
 * The policy document inside what people hand us: an object, JSON text, a URL-encoded document as
 * the IAM API returns it, or `aws iam get-role` output (the same reader as for existing files).
 */
function documentOf(input: unknown, source: string): Record<string, unknown> {
  const extracted = typeof input === 'string' ? extractTrustPolicy(input) : unwrapTrustPolicy(input)
  if (extracted.ok) return extracted.document
  const where = extracted.syntax ?? { line: 1, column: 1 }
  throw new InputError([{ severity: 'error', file: source, path: extracted.path, line: where.line, column: where.column, message: extracted.message }])
}

/**
 * Parses a policy document given as JSON text (possibly URL-encoded), as an object, or as the
 * JSON of `aws iam get-role`. `source` names the input in error messages (a file name).
 * `context.partition`: the partition of the role holding the policy, which a bare account ID
 * means; without it a bare account ID is in an unknown partition (read conservatively).
 */
export function parsePolicy(input: unknown, source: string, context: ReadContext & { maxChars?: number } = {}): ParsedPolicyWithNotes {
  const record = documentOf(input, source)
  const reader = new PolicyReader(source, context)
  // Plain JSON text of the document itself (not URL-encoded): errors can say where they are.
  if (typeof input === 'string' && /^\uFEFF?\s*\{/.test(input)) reader.text = input.replace(/^\uFEFF/, '')
  // Nesting first (iteratively): JSON.stringify and the readers below recurse, and a document
  // nested thousands deep (still a few kB) overflowed the stack there: exit 3 instead of 2.
  const depth = nestingBeyond(record, MAX_NESTING)
  if (depth !== null) reader.fail(depth, `the document nests deeper than ${MAX_NESTING} levels (a policy document nests at most 6); refused`)
  if (context.maxChars !== undefined) {
    // Measured as IAM counts a policy: the document without white space.
    const chars = JSON.stringify(record).length
    if (chars > context.maxChars) {
      reader.fail(
        '',
        `the policy is ${chars} characters without white space, over the ${context.maxChars} compared here (IAM accepts trust policies of at most 4,096); refused`
      )
    }
  }
  for (const key of Object.keys(record)) if (!DOCUMENT_KEYS.has(key)) reader.fail(key, 'unknown policy element (expected Version, Id, Statement)')
  if (record.Version !== undefined && typeof record.Version !== 'string') reader.fail('Version', 'must be a string')
  // The Version decides whether ${…} in values are policy variables: read it before the statements.
  // Another text than the two IAM knows is kept (findings flag it) and its ${…} read as opaque.
  reader.version = typeof record.Version === 'string' ? record.Version : null
  const raw = record.Statement
  if (raw === undefined) reader.fail('', 'the policy has no Statement')
  const list = Array.isArray(raw) ? raw : [raw]
  const statements = list.map((statement, index) => reader.statement(statement, index))
  const grants = statements.reduce((sum, statement) => sum + grantCount(statement), 0)
  if (grants > MAX_GRANTS) {
    reader.fail(
      'Statement',
      `the policy expands to ${grants} principal × action × resource combinations, over the ${MAX_GRANTS} this tool compares (IAM trust policies name a few principals and actions); refused`
    )
  }
  return { source, version: reader.version, statements, notes: reader.notes }
}
