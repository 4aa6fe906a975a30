/**
 * String values (condition values of the String and ARN operators, and Resource patterns) as IAM
 * reads them under the policy's Version, and the case folding of the …IgnoreCase operators.
 *
 * Version (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_version.html,
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_variables.html):
 * - `2012-10-17`: `${key}` and `${key, 'default'}` are policy variables, replaced per request;
 *   `${*}`, `${?}` and `${$}` stand for the literal characters `*`, `?` and `$`.
 * - absent or `2008-10-17`: `${…}` is literal text.
 * - any other Version (IAM refuses it): `${…}` may be either, so the value is opaque.
 * A value whose meaning depends on the request (a variable; a literal `*` or `?` inside a Like
 * pattern, which the pattern model cannot write; a `${` left open) is kept as an opaque value: it
 * is equal only to the same text under the same Version, and may match any value of its key.
 */

/** The Version as written: "2012-10-17", "2008-10-17", null (absent) or another text IAM would refuse. */
export type PolicyVersion = string | null

/** Prefixes of opaque values: a NUL cannot come from a policy without being opaque itself. */
const OPAQUE_VARIABLE = '\u0000var\u0000'
const OPAQUE_LITERAL = '\u0000lit\u0000'
const OPAQUE_UNKNOWN = '\u0000unk\u0000'

export function isOpaque(value: string): boolean {
  return value.startsWith('\u0000')
}

/**
 * The canonical form of a string value: the literal text it stands for, or an opaque value.
 * `like`: the value is a pattern (StringLike, ArnLike, Resource) whose `*` and `?` are wildcards.
 */
export function readStringValue(raw: string, version: PolicyVersion, like: boolean): string {
  if (version !== null && version !== '2012-10-17' && version !== '2008-10-17' && raw.includes('${')) return OPAQUE_UNKNOWN + raw
  const variables = version === '2012-10-17' && raw.includes('${')
  if (raw.includes('\u0000')) return (variables ? OPAQUE_VARIABLE : OPAQUE_LITERAL) + raw
  if (!variables) return raw
  let out = ''
  let i = 0
  for (;;) {
    const open = raw.indexOf('${', i)
    if (open < 0) return out + raw.slice(i)
    const close = raw.indexOf('}', open + 2)
    if (close < 0) return OPAQUE_VARIABLE + raw
    const inner = raw.slice(open + 2, close)
    if (inner === '$' || (!like && (inner === '*' || inner === '?'))) out += raw.slice(i, open) + inner
    else return OPAQUE_VARIABLE + raw
    i = close + 1
  }
}

/** A canonical value for people: the text as written (opaque) or the literal it stands for. */
export function displayValue(value: string): string {
  if (value.startsWith(OPAQUE_VARIABLE)) return value.slice(OPAQUE_VARIABLE.length)
  if (value.startsWith(OPAQUE_LITERAL)) return value.slice(OPAQUE_LITERAL.length)
  if (value.startsWith(OPAQUE_UNKNOWN)) return value.slice(OPAQUE_UNKNOWN.length)
  return value
}

/** A canonical value written for a `"Version": "2012-10-17"` document (a literal `${` escaped as `${$}{`). */
export function valueFor2012(value: string): string {
  if (value.startsWith(OPAQUE_VARIABLE)) return value.slice(OPAQUE_VARIABLE.length)
  return displayValue(value).split('${').join('${$}{')
}

/**
 * Case folding of the …IgnoreCase operators. IAM does not document how far it folds beyond ASCII,
 * so the canonical form folds only A-Z: two values are taken as equal only when they are equal
 * under any folding rule, and a value with any cased letter (Unicode: lower-case differs from
 * upper-case, e.g. é, ß, the Kelvin sign) is taken to admit every case variant of it.
 */
export function foldAscii(text: string): string {
  return text.replace(/[A-Z]+/g, (letters) => letters.toLowerCase())
}

export function hasCasedLetters(text: string): boolean {
  return text.toLowerCase() !== text.toUpperCase()
}
