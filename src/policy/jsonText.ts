/** Reading JSON text with positions: a parse error becomes `file:line:col: message`. */
import { InputError } from '../diagnostics.js'

export interface TextPosition {
  line: number
  column: number
}

export function positionAt(text: string, offset: number): TextPosition {
  let line = 1
  let lineStart = 0
  const end = Math.min(Math.max(offset, 0), text.length)
  for (let i = 0; i < end; i++) {
    if (text.charCodeAt(i) === 10) {
      line++
      lineStart = i + 1
    }
  }
  return { line, column: end - lineStart + 1 }
}

/**
 * Finds where strict JSON parsing fails (V8's messages do not always carry a position). A small
 * recursive-descent scanner; only used once JSON.parse has already failed.
 */
export function locateJsonError(text: string): number {
  let i = 0
  const fail = (): never => {
    throw i
  }
  const ws = (): void => {
    while (i < text.length && ' \t\n\r'.includes(text[i] ?? '')) i++
  }
  const literal = (word: string): void => {
    for (const ch of word) {
      if (text[i] !== ch) fail()
      i++
    }
  }
  const string = (): void => {
    if (text[i] !== '"') fail()
    i++
    while (i < text.length) {
      const ch = text[i] ?? ''
      if (ch === '"') {
        i++
        return
      }
      if (ch < ' ') fail()
      if (ch === '\\') {
        i++
        const esc = text[i] ?? ''
        if (esc === 'u') {
          for (let k = 1; k <= 4; k++) if (!/[0-9a-fA-F]/.test(text[i + k] ?? '')) fail()
          i += 5
          continue
        }
        if (!'"\\/bfnrt'.includes(esc) || esc === '') fail()
      }
      i++
    }
    fail()
  }
  const number = (): void => {
    const match = /^-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?/.exec(text.slice(i))
    if (!match) fail()
    i += match?.[0].length ?? 0
  }
  const value = (): void => {
    ws()
    const ch = text[i]
    if (ch === '{') {
      i++
      ws()
      if (text[i] === '}') {
        i++
        return
      }
      for (;;) {
        ws()
        string()
        ws()
        if (text[i] !== ':') fail()
        i++
        value()
        ws()
        if (text[i] === ',') {
          i++
          continue
        }
        if (text[i] === '}') {
          i++
          return
        }
        fail()
      }
    }
    if (ch === '[') {
      i++
      ws()
      if (text[i] === ']') {
        i++
        return
      }
      for (;;) {
        value()
        ws()
        if (text[i] === ',') {
          i++
          continue
        }
        if (text[i] === ']') {
          i++
          return
        }
        fail()
      }
    }
    if (ch === '"') return string()
    if (ch === 't') return literal('true')
    if (ch === 'f') return literal('false')
    if (ch === 'n') return literal('null')
    return number()
  }
  try {
    value()
    ws()
    if (i < text.length) fail()
  } catch (offset) {
    if (typeof offset === 'number') return offset
    throw offset
  }
  return text.length
}

/** JSON.parse, with a malformed text reported as an InputError at its line and column. */
export function parseJsonText(text: string, source: string): unknown {
  try {
    return JSON.parse(text) as unknown
  } catch (error) {
    const offset = locateJsonError(text)
    const { line, column } = positionAt(text, offset)
    const reason = (error as Error).message.replace(/ in JSON at position \d+.*$/, '').replace(/, ".*" is not valid JSON$/s, '')
    throw new InputError([{ severity: 'error', file: source, path: '', line, column, message: `invalid JSON: ${reason}` }])
  }
}
