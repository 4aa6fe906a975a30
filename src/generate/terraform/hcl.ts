/**
 * A tiny HCL (Terraform native syntax) writer: enough for the files stack-accounts generates.
 * Output follows `terraform fmt`: two-space indentation, the `=` of consecutive single-line
 * attributes aligned, a blank line between top-level blocks and before a nested block that
 * follows attributes.
 */

/** A literal string, written quoted and escaped. */
export interface HclString {
  kind: 'string'
  value: string
}
/** A Terraform expression written verbatim (a reference like `var.x`, a type like `string`). */
export interface HclExpression {
  kind: 'expression'
  source: string
}
export interface HclList {
  kind: 'list'
  items: HclValue[]
}
/** An object expression `{ key = value }`, keys written as identifiers. */
export interface HclObject {
  kind: 'object'
  entries: [string, HclValue][]
}
export type HclValue = HclString | HclExpression | HclList | HclObject | number | boolean

export interface HclAttribute {
  kind: 'attribute'
  name: string
  value: HclValue
}
export interface HclBlock {
  kind: 'block'
  type: string
  labels: string[]
  body: HclBodyItem[]
}
/** A `#` comment; each line of `text` becomes one comment line. */
export interface HclComment {
  kind: 'comment'
  text: string
}
export type HclBodyItem = HclAttribute | HclBlock | HclComment

export const str = (value: string): HclString => ({ kind: 'string', value })
export const expr = (source: string): HclExpression => ({ kind: 'expression', source })
export const list = (items: HclValue[]): HclList => ({ kind: 'list', items })
export const obj = (entries: [string, HclValue][]): HclObject => ({ kind: 'object', entries })
export const attr = (name: string, value: HclValue): HclAttribute => ({ kind: 'attribute', name, value })
export const block = (type: string, labels: string[], body: HclBodyItem[]): HclBlock => ({ kind: 'block', type, labels, body })
export const comment = (text: string): HclComment => ({ kind: 'comment', text })

const SIMPLE_ESCAPES: Readonly<Record<string, string>> = { '\\': '\\\\', '"': '\\"', '\n': '\\n', '\r': '\\r', '\t': '\\t' }

/**
 * A quoted HCL string whose value is exactly `value`: backslash, quote and control characters
 * escaped, and the template introducers `${` and `%{` doubled (`$${`, `%%{`) so no part of the
 * value is ever read as an interpolation or directive.
 */
export function quote(value: string): string {
  let out = ''
  for (const char of value) {
    const simple = SIMPLE_ESCAPES[char]
    if (simple !== undefined) out += simple
    else if (isControl(char)) out += `\\u${(char.codePointAt(0) ?? 0).toString(16).padStart(4, '0')}`
    else out += char
  }
  // Function replacers: in a replacement *string*, "$$" would itself mean one "$".
  return `"${out.replace(/\$\{/g, () => '$${').replace(/%\{/g, () => '%%{')}"`
}

function isControl(char: string): boolean {
  const code = char.codePointAt(0) ?? 0
  return code < 0x20 || code === 0x7f || code === 0x2028 || code === 0x2029
}

const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_-]*$/

/** Throws for a name HCL cannot write as an identifier (a programming error, never user input). */
function identifier(name: string): string {
  if (!IDENTIFIER.test(name)) throw new Error(`not an HCL identifier: ${JSON.stringify(name)}`)
  return name
}

function renderValue(value: HclValue, indent: string): string {
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new Error(`not a finite number: ${value}`)
    return String(value)
  }
  if (typeof value === 'boolean') return value ? 'true' : 'false'
  switch (value.kind) {
    case 'string':
      return quote(value.value)
    case 'expression':
      return value.source
    case 'list':
      return `[${value.items.map((item) => renderValue(item, indent)).join(', ')}]`
    case 'object': {
      if (value.entries.length === 0) return '{}'
      const inner = `${indent}  `
      return `{\n${renderAttributes(
        value.entries.map(([name, entry]) => attr(name, entry)),
        inner
      )}${indent}}`
    }
  }
}

/** Consecutive attributes with their `=` aligned (multi-line values do not widen the column). */
function renderAttributes(attributes: HclAttribute[], indent: string): string {
  const width = Math.max(0, ...attributes.map((a) => identifier(a.name).length))
  return attributes.map((a) => `${indent}${a.name.padEnd(width)} = ${renderValue(a.value, indent)}\n`).join('')
}

function renderBody(items: HclBodyItem[], indent: string): string {
  let out = ''
  let run: HclAttribute[] = []
  let previous: HclBodyItem['kind'] | null = null
  const flush = (): void => {
    if (run.length > 0) out += renderAttributes(run, indent)
    run = []
  }
  for (const item of items) {
    if (item.kind === 'attribute') {
      run.push(item)
    } else {
      flush()
      if (previous === 'attribute' || previous === 'block') out += '\n'
      out += item.kind === 'block' ? renderBlock(item, indent) : renderComment(item, indent)
    }
    previous = item.kind
  }
  flush()
  return out
}

/** Each line of the text becomes one `#` line; other control characters become `?`, so no value can end the comment. */
function renderComment(item: HclComment, indent: string): string {
  return item.text
    .split('\n')
    .map((line) => [...line].map((char) => (isControl(char) ? '?' : char)).join(''))
    .map((line) => (line === '' ? `${indent}#\n` : `${indent}# ${line}\n`))
    .join('')
}

function renderBlock(item: HclBlock, indent: string): string {
  const head = [identifier(item.type), ...item.labels.map(quote)].join(' ')
  if (item.body.length === 0) return `${indent}${head} {}\n`
  return `${indent}${head} {\n${renderBody(item.body, `${indent}  `)}${indent}}\n`
}

/** A whole file: top-level items separated by blank lines, ending in a newline. */
export function renderHclFile(items: HclBodyItem[]): string {
  const parts: string[] = []
  let pendingComment = ''
  for (const item of items) {
    if (item.kind === 'comment') {
      pendingComment += renderComment(item, '')
      continue
    }
    const text = item.kind === 'block' ? renderBlock(item, '') : renderAttributes([item], '')
    parts.push(pendingComment + text)
    pendingComment = ''
  }
  if (pendingComment) parts.push(pendingComment)
  return parts.join('\n')
}

/**
 * A JSON value as an HCL expression (JSON is HCL's object and tuple syntax, `"key": value` pairs
 * included, once the template introducers `${` and `%{` in strings are doubled), its continuation
 * lines indented by `indent`.
 */
export function hclFromJson(value: unknown, indent = ''): string {
  const text = JSON.stringify(value, null, 2)
    .replace(/\$\{/g, () => '$${')
    .replace(/%\{/g, () => '%%{')
  return indent === '' ? text : text.replace(/\n/g, `\n${indent}`)
}
