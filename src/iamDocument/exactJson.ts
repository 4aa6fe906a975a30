/**
 * JSON with number literals kept as their text. IAM compares a condition value written as a JSON
 * number as its text ("12345678901234567890" and "12345678901234567891" differ), but JSON.parse
 * turns both into the same double. Node 20 has no source-text access in JSON.parse's reviver, so
 * after the text is known to be valid JSON, each number literal outside strings is wrapped in a
 * one-key object under a key no document can contain (a NUL and a per-process random tag), and
 * the reviver turns those objects into JsonNumberText. Linear in the length of the text.
 */
import { randomBytes } from 'node:crypto'
import { lineAndColumn, parseJson, type JsonSyntaxError } from '../common/jsonSyntax.js'

/** A JSON number literal as written. Serialises as the number when that keeps its text, else as the text. */
export class JsonNumberText {
  constructor(readonly text: string) {}
  toJSON(): number | string {
    const value = Number(this.text)
    return String(value) === this.text ? value : this.text
  }
  toString(): string {
    return this.text
  }
}

const MARKER = `\u0000number-${randomBytes(8).toString('hex')}`
const MARKER_JSON = JSON.stringify(MARKER)
const NUMBER_CHARS = /[-+.eE0-9]/

function wrapNumbers(text: string): string {
  const out: string[] = []
  let start = 0
  let i = 0
  const n = text.length
  while (i < n) {
    const c = text[i] as string
    if (c === '"') {
      i++
      while (i < n && text[i] !== '"') i += text[i] === '\\' ? 2 : 1
      i++
    } else if (c === '-' || (c >= '0' && c <= '9')) {
      let end = i + 1
      while (end < n && NUMBER_CHARS.test(text[end] as string)) end++
      out.push(text.slice(start, i), `{${MARKER_JSON}:"${text.slice(i, end)}"}`)
      start = i = end
    } else i++
  }
  out.push(text.slice(start))
  return out.join('')
}

/** A string token's value: its text between the quotes, unescaped only when it holds an escape. */
function stringValue(text: string, start: number, end: number): string {
  const inner = text.slice(start + 1, end - 1)
  return inner.includes('\\') ? (JSON.parse(text.slice(start, end)) as string) : inner
}

/**
 * One pass over valid JSON text: the first key repeated within one object (JSON.parse keeps the
 * last of two equal keys; whether IAM keeps the first, the last or refuses the document is not
 * documented, so a trust policy with one is refused rather than read one way), and whether any
 * number literal occurs (most trust policies have none: their digits are inside strings).
 */
export function scanJson(text: string): { duplicate: { offset: number; key: string } | null; hasNumbers: boolean } {
  const stack: Array<{ keys: Set<string> | null; expectKey: boolean }> = []
  let hasNumbers = false
  let i = 0
  const n = text.length
  while (i < n) {
    const c = text.charCodeAt(i)
    if (c === 0x22) {
      const start = i
      // The closing quote: the next one not escaped (an odd run of backslashes before it escapes it).
      let close = text.indexOf('"', i + 1)
      for (;;) {
        let backslashes = 0
        while (text.charCodeAt(close - 1 - backslashes) === 0x5c) backslashes++
        if (backslashes % 2 === 0 || close < 0) break
        close = text.indexOf('"', close + 1)
      }
      i = close < 0 ? n : close + 1
      const top = stack[stack.length - 1]
      if (top?.keys && top.expectKey) {
        const key = stringValue(text, start, i)
        if (top.keys.has(key)) return { duplicate: { offset: start, key }, hasNumbers }
        top.keys.add(key)
        top.expectKey = false
      }
      continue
    }
    if (c === 0x7b) stack.push({ keys: new Set(), expectKey: true })
    else if (c === 0x5b) stack.push({ keys: null, expectKey: false })
    else if (c === 0x7d || c === 0x5d) stack.pop()
    else if (c === 0x2c) {
      const top = stack[stack.length - 1]
      if (top?.keys) top.expectKey = true
    } else if (c === 0x2d || (c >= 0x30 && c <= 0x39)) hasNumbers = true
    i++
  }
  return { duplicate: null, hasNumbers }
}

/** parseJson (errors with line and column), numbers kept as JsonNumberText, a repeated key refused. */
export function parseJsonExact(text: string): { ok: true; value: unknown } | { ok: false; error: JsonSyntaxError } {
  const parsed = parseJson(text)
  if (!parsed.ok) return parsed
  const { duplicate, hasNumbers } = scanJson(text)
  if (duplicate) {
    const { line, column } = lineAndColumn(text, duplicate.offset)
    return {
      ok: false,
      error: { line, column, message: `the key ${JSON.stringify(duplicate.key)} appears twice in one object (IAM's reading of that is not documented)` }
    }
  }
  if (!hasNumbers) return parsed
  const value: unknown = JSON.parse(wrapNumbers(text), (_key, item: unknown) => {
    if (item !== null && typeof item === 'object' && !Array.isArray(item)) {
      const record = item as Record<string, unknown>
      const keys = Object.keys(record)
      if (keys.length === 1 && keys[0] === MARKER && typeof record[MARKER] === 'string') return new JsonNumberText(record[MARKER])
    }
    return item
  })
  return { ok: true, value }
}

/**
 * Where each member and element of a (valid) JSON text starts, by the dotted path the policy reader
 * names it with (`Statement[0].Condition.DateLessThan.aws:CurrentTime`): members at their key,
 * elements at their value. Iterative, so deep nesting cannot overflow the stack.
 */
export function jsonPathOffsets(text: string): Map<string, number> {
  const offsets = new Map<string, number>()
  const stack: Array<{ array: boolean; path: string; index: number; key: string | null; expectKey: boolean }> = []
  const childPath = (parent: string, key: string): string => (parent === '' ? key : `${parent}.${key}`)
  /** The path of a value starting here, recorded when it is an array element. */
  const valuePath = (start: number): string => {
    const top = stack[stack.length - 1]
    if (!top) return ''
    if (top.array) {
      const path = `${top.path}[${top.index}]`
      if (!offsets.has(path)) offsets.set(path, start)
      return path
    }
    return childPath(top.path, top.key ?? '')
  }
  let i = 0
  const n = text.length
  while (i < n) {
    const c = text[i] as string
    if (c === '"') {
      const start = i
      i++
      while (i < n && text[i] !== '"') i += text[i] === '\\' ? 2 : 1
      i++
      const top = stack[stack.length - 1]
      if (top && !top.array && top.expectKey) {
        top.key = JSON.parse(text.slice(start, i)) as string
        top.expectKey = false
        const path = childPath(top.path, top.key)
        if (!offsets.has(path)) offsets.set(path, start)
      } else valuePath(start)
      continue
    }
    if (c === '{' || c === '[') stack.push({ array: c === '[', path: valuePath(i), index: 0, key: null, expectKey: c === '{' })
    else if (c === '}' || c === ']') stack.pop()
    else if (c === ',') {
      const top = stack[stack.length - 1]
      if (top?.array) top.index++
      else if (top) top.expectKey = true
    } else if (c === '-' || (c >= '0' && c <= '9') || c === 't' || c === 'f' || c === 'n') {
      valuePath(i)
      while (i + 1 < n && /[-+.eE0-9a-z]/.test(text[i + 1] as string)) i++
    }
    i++
  }
  return offsets
}
