/**
 * Escaping for text that came from files or from AWS on its way into GitHub markdown (PR comments,
 * job summaries). Nothing from the outside may inject markdown or HTML, ping people (@mentions),
 * link issues (#123), break out of a code fence, reorder text (bidi overrides) or grow unbounded.
 */

/** The joiner we insert to break `@mention` and `#123` auto-links; invisible when rendered. */
const ZWJ = '\u200D'

/** Default bound for one value rendered inline (an alias, a role name, a message). */
export const DEFAULT_INLINE_MAX = 300

/**
 * C0/C1 controls except tab and newline, bidi embeddings/overrides/isolates, and other invisible
 * direction marks. Carriage returns go too: we normalise line ends to "\n".
 */
// eslint-disable-next-line no-control-regex -- control characters are what this escapes
const UNSAFE_CHARS = /[\u0000-\u0008\u000B-\u001F\u007F-\u009F\u061C\u200E\u200F\u202A-\u202E\u2066-\u2069\uFEFF]/g

/** Removes control characters and bidi overrides; keeps "\n" and "\t" (and turns "\r\n" into "\n"). */
export function stripUnsafe(text: string): string {
  return text.replace(/\r\n?/g, '\n').replace(UNSAFE_CHARS, '')
}

/** Cuts `text` to at most `max` code points (an ellipsis included), never splitting a surrogate pair. */
export function truncate(text: string, max: number): string {
  const points = Array.from(text)
  if (points.length <= max) return text
  if (max <= 1) return points.slice(0, Math.max(0, max)).join('')
  return points.slice(0, max - 1).join('') + '…'
}

/** Inserts an invisible joiner after `@` and `#` so that GitHub neither mentions nor links. */
export function neutraliseReferences(text: string): string {
  return (
    text
      .replace(/@(?=[A-Za-z0-9_-])/g, `@${ZWJ}`)
      .replace(/#(?=\d)/g, `#${ZWJ}`)
      .replace(/\b(GH)(?=\\?-\d)/gi, `$1${ZWJ}`)
      // GitHub's extended autolinks: "www." and "scheme://" become links even without <...>, also
      // right after `_` (a word character, so no \b there): every "www." and "://" is broken.
      // https://github.github.com/gfm/#autolinks-extension-
      .replace(/(www)(?=\\?\.)/gi, `$1${ZWJ}`)
      .replace(/(:)(?=\/\/)/g, `$1${ZWJ}`)
  )
}

/**
 * Values a reader may copy (role ARNs, external IDs such as acme@01HZ...@app@read): in prose they
 * go into code spans, which neither link nor mention, so they need no joiner and copy exactly.
 */
const COPYABLE = /\barn:[A-Za-z0-9_+=,.@:/*?-]+|[A-Za-z0-9_+=.:/*?-]*@[A-Za-z0-9_+=,.@:/*?-]+/g

/**
 * A sentence from the outside (a change, a finding, a message) as inline markdown: escaped as
 * `escapeInline` does, with the copyable values in it as code spans.
 */
export function escapeProse(text: string, max: number = DEFAULT_INLINE_MAX): string {
  const oneLine = truncate(stripUnsafe(text).replace(/[\n\t]+/g, ' '), max)
  let out = ''
  let last = 0
  for (const match of oneLine.matchAll(COPYABLE)) {
    const token = match[0].replace(/[.,:;]+$/, '')
    if (token.length < 3 || (!token.startsWith('arn:') && /^@|@$/.test(token))) continue
    out += escapeInline(oneLine.slice(last, match.index), Number.MAX_SAFE_INTEGER) + inlineCode(token, Number.MAX_SAFE_INTEGER)
    last = match.index + token.length
  }
  return out + escapeInline(oneLine.slice(last), Number.MAX_SAFE_INTEGER)
}

const HTML_ENTITIES: Readonly<Record<string, string>> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' }

/** Markdown punctuation that can start or end an inline construct, a table cell, a link or an image. */
const MARKDOWN_PUNCTUATION = /[\\`*_~[\]()!|#+{}=:-]/g

/**
 * One value as inline markdown text: single line, bounded, HTML escaped, markdown punctuation
 * backslash-escaped (so `|` cannot split a table cell, `[x](y)` cannot become a link), mentions and
 * issue references neutralised. Safe inside table cells and `<summary>`.
 */
export function escapeInline(text: string, max: number = DEFAULT_INLINE_MAX): string {
  const oneLine = truncate(stripUnsafe(text).replace(/[\n\t]+/g, ' '), max)
  const escaped = oneLine.replace(/[&<>"]/g, (c) => HTML_ENTITIES[c] ?? c).replace(MARKDOWN_PUNCTUATION, (c) => `\\${c}`)
  return neutraliseReferences(escaped)
}

/** The longest run of backticks in `text`. */
function longestBacktickRun(text: string): number {
  let longest = 0
  for (const match of text.matchAll(/`+/g)) longest = Math.max(longest, match[0].length)
  return longest
}

/**
 * A value as inline code: a backtick run longer than any inside, padded with spaces when the value
 * starts or ends with a backtick. Code spans do not ping or link, so no joiner is needed; `|` still
 * needs escaping inside tables, which GitHub honours within code spans.
 */
export function inlineCode(text: string, max: number = DEFAULT_INLINE_MAX, inTable = false): string {
  let value = truncate(stripUnsafe(text).replace(/[\n\t]+/g, ' '), max)
  if (inTable) value = value.replace(/\|/g, '\\|')
  const fence = '`'.repeat(longestBacktickRun(value) + 1)
  const pad = value.startsWith('`') || value.endsWith('`') || value === '' ? ' ' : ''
  return `${fence}${pad}${value}${pad}${fence}`
}

/**
 * The text without the line ends at its end. A loop, not `/\n+$/`: that regex retries from every
 * line end of a long run that something else follows, quadratic in the run (100,000: 13 s).
 */
export function withoutTrailingNewlines(text: string): string {
  let end = text.length
  while (end > 0 && text.charCodeAt(end - 1) === 10) end--
  return end === text.length ? text : text.slice(0, end)
}

/**
 * A fenced code block whose fence is longer than any backtick run in the content, so the content
 * cannot close it. Content is stripped of control characters and bidi overrides.
 */
export function codeBlock(content: string, language = ''): string {
  const body = withoutTrailingNewlines(stripUnsafe(content))
  const fence = '`'.repeat(Math.max(3, longestBacktickRun(body) + 1))
  const lang = language.replace(/[^A-Za-z0-9_+-]/g, '')
  return `${fence}${lang}\n${body}\n${fence}`
}

/**
 * A value inside an HTML comment (our hidden marker): percent-encodes everything but a safe set, and
 * breaks `--` so the comment cannot be closed or nested.
 */
export function escapeHtmlComment(text: string, max: number = DEFAULT_INLINE_MAX): string {
  let out = ''
  let previous = ''
  for (const ch of truncate(text, max)) {
    if (/[A-Za-z0-9._/]/.test(ch) || (ch === '-' && previous !== '-')) out += ch
    else out += Array.from(new TextEncoder().encode(ch), (b) => `%${b.toString(16).toUpperCase().padStart(2, '0')}`).join('')
    previous = ch
  }
  return out
}

/** Whether `text` fits both bounds GitHub applies (characters as UTF-16 units, and bytes). */
export function fitsWithin(text: string, limits: { maxChars: number; maxBytes: number }): boolean {
  return text.length <= limits.maxChars && Buffer.byteLength(text, 'utf8') <= limits.maxBytes
}

/**
 * A value as HTML text where markdown is not processed (inside `<summary>`): bounded, single line,
 * HTML escaped, references neutralised, no backslash escapes (they would show).
 */
export function escapeHtmlText(text: string, max: number = DEFAULT_INLINE_MAX): string {
  const oneLine = truncate(stripUnsafe(text).replace(/[\n\t]+/g, ' '), max)
  return neutraliseReferences(oneLine.replace(/[&<>"]/g, (c) => HTML_ENTITIES[c] ?? c))
}
