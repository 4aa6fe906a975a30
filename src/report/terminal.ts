/**
 * Text for a terminal or a CI log that cannot be turned against its reader: control characters
 * (ESC, CR, BEL, backspace ...), C1 controls, DEL and bidirectional overrides coming from YAML keys,
 * policy contents, file names or Role.Path are shown as \uXXXX, so nothing can change the title,
 * clear the screen, overwrite a line or reorder what is shown. Newlines and tabs stay. With
 * `keepStyle`, the exact colour codes of ./style.ts are kept (they are ours).
 * JSON output stays valid: inside a JSON string, \uXXXX is the same character.
 */
// eslint-disable-next-line no-control-regex -- control characters are what this removes
const UNSAFE = /\u001b\[(?:1|2|22|31|32|33|36|39)m|[\u0000-\u0008\u000B-\u001F\u007F-\u009F\u061C\u200E\u200F\u202A-\u202E\u2066-\u2069\u2028\u2029]/g
// eslint-disable-next-line no-control-regex -- the colour codes this keeps start with ESC
const STYLE = /^\u001b\[(?:1|2|22|31|32|33|36|39)m$/

export function terminalSafe(text: string, keepStyle = false): string {
  return text.replace(UNSAFE, (match) => (keepStyle && STYLE.test(match) ? match : [...match].map(escapeChar).join('')))
}

function escapeChar(c: string): string {
  if (c === '[' || c === 'm' || /[0-9]/.test(c)) return c
  return `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`
}
