/**
 * Where JSON text first breaks the grammar (RFC 8259), and that place as line:column. V8's JSON.parse
 * message gives a position for most errors but not all ("Unexpected token '}', ... is not valid
 * JSON"), so the position comes from this scanner; V8's wording is kept for the message. Iterative,
 * so deeply nested input cannot overflow the stack.
 */
import { errorMessage } from './errno.js'

export interface JsonSyntaxError {
  /** 1-based. */
  line: number
  /** 1-based, in UTF-16 code units like the editors that read JSON. */
  column: number
  message: string
}

const WHITESPACE = new Set([' ', '\t', '\n', '\r'])
const ESCAPES = new Set(['"', '\\', '/', 'b', 'f', 'n', 'r', 't'])

/** Parses JSON; on failure, returns the error with its line and column instead of throwing. */
export function parseJson(text: string): { ok: true; value: unknown } | { ok: false; error: JsonSyntaxError } {
  try {
    return { ok: true, value: JSON.parse(text) as unknown }
  } catch (e) {
    const offset = locateJsonSyntaxError(text) ?? positionFromMessage(text, errorMessage(e)) ?? 0
    const { line, column } = lineAndColumn(text, offset)
    return { ok: false, error: { line, column, message: cleanMessage(errorMessage(e)) } }
  }
}

/** The offset of the first character that breaks the grammar (text.length when input ends early); null if valid. */
export function locateJsonSyntaxError(text: string): number | null {
  let i = 0
  const n = text.length
  const stack: string[] = []
  const skipWhitespace = (): void => {
    while (i < n && WHITESPACE.has(text[i] as string)) i++
  }
  /** Scans a string starting at its opening quote; returns false at the breaking character. */
  const scanString = (): boolean => {
    if (text[i] !== '"') return false
    i++
    while (i < n) {
      const c = text.charCodeAt(i)
      if (c === 0x22) {
        i++
        return true
      }
      if (c < 0x20) return false
      if (c === 0x5c) {
        const e = text[i + 1]
        if (e === undefined) {
          i = n
          return false
        }
        if (ESCAPES.has(e)) {
          i += 2
        } else if (e === 'u') {
          i += 2
          for (let k = 0; k < 4; k++, i++) {
            if (i >= n || !/[0-9a-fA-F]/.test(text[i] as string)) return false
          }
        } else {
          i += 1
          return false
        }
      } else {
        i++
      }
    }
    return false
  }
  const digits = (): number => {
    const start = i
    while (i < n && text.charCodeAt(i) >= 0x30 && text.charCodeAt(i) <= 0x39) i++
    return i - start
  }
  const scanNumber = (): boolean => {
    if (text[i] === '-') i++
    if (text[i] === '0') {
      i++
    } else if (digits() === 0) {
      return false
    }
    if (text[i] === '.') {
      i++
      if (digits() === 0) return false
    }
    if (text[i] === 'e' || text[i] === 'E') {
      i++
      if (text[i] === '+' || text[i] === '-') i++
      if (digits() === 0) return false
    }
    return true
  }
  const scanLiteral = (word: string): boolean => {
    for (let k = 0; k < word.length; k++, i++) {
      if (text[i] !== word[k]) return false
    }
    return true
  }
  /** Scans an object key and its colon; leaves i on the value's first character. */
  const scanKey = (): boolean => {
    skipWhitespace()
    if (!scanString()) return false
    skipWhitespace()
    if (text[i] !== ':') return false
    i++
    return true
  }

  if (text.charCodeAt(0) === 0xfeff) i = 1
  for (;;) {
    // A value is expected at i.
    skipWhitespace()
    const c = text[i]
    let scalarOk = true
    if (c === '{') {
      i++
      skipWhitespace()
      if (text[i] === '}') {
        i++
      } else {
        if (!scanKey()) return Math.min(i, n)
        stack.push('{')
        continue
      }
    } else if (c === '[') {
      i++
      skipWhitespace()
      if (text[i] === ']') {
        i++
      } else {
        stack.push('[')
        continue
      }
    } else if (c === '"') {
      scalarOk = scanString()
    } else if (c === '-' || (c !== undefined && c >= '0' && c <= '9')) {
      scalarOk = scanNumber()
    } else if (c === 't') {
      scalarOk = scanLiteral('true')
    } else if (c === 'f') {
      scalarOk = scanLiteral('false')
    } else if (c === 'n') {
      scalarOk = scanLiteral('null')
    } else {
      return Math.min(i, n)
    }
    if (!scalarOk) return Math.min(i, n)
    // After a complete value: close containers or move to the next element.
    let expectValue = false
    while (!expectValue) {
      skipWhitespace()
      const top = stack[stack.length - 1]
      if (top === undefined) return i < n ? i : null
      const d = text[i]
      if (d === ',') {
        i++
        if (top === '{' && !scanKey()) return Math.min(i, n)
        expectValue = true
      } else if ((d === '}' && top === '{') || (d === ']' && top === '[')) {
        stack.pop()
        i++
      } else {
        return Math.min(i, n)
      }
    }
  }
}

export function lineAndColumn(text: string, offset: number): { line: number; column: number } {
  let line = 1
  let lineStart = 0
  const end = Math.min(offset, text.length)
  for (let k = 0; k < end; k++) {
    if (text.charCodeAt(k) === 0x0a) {
      line++
      lineStart = k + 1
    }
  }
  return { line, column: end - lineStart + 1 }
}

/** V8: "... in JSON at position 7 (line 1 column 8)" or "... at position 7"; "Unexpected end of JSON input". */
function positionFromMessage(text: string, message: string): number | null {
  const position = /at position (\d+)/.exec(message)
  if (position) return Number(position[1])
  if (/Unexpected end of JSON input/.test(message)) return text.length
  return null
}

/** Drops V8's echo of the input ("Unexpected token '}', "{..." is not valid JSON") and the position. */
function cleanMessage(message: string): string {
  const token = /^(Unexpected token .+?), (?:"|\.\.\.")[\s\S]* is not valid JSON$/.exec(message)
  if (token) return `${token[1]}`
  return message.replace(/ in JSON at position \d+(?: \(line \d+ column \d+\))?$/, '')
}
