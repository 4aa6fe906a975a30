/**
 * A JSON value written as a Rego literal in the layout `opa fmt` keeps: non-empty objects one
 * entry per line (tab-indented, trailing commas), arrays and scalars on one line. Strings are
 * JSON strings, which Rego reads the same way.
 */
export type JsonValue = null | boolean | number | string | JsonValue[] | { [key: string]: JsonValue }

export function regoLiteral(value: JsonValue, indent = ''): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value)
  if (Array.isArray(value)) return `[${value.map((item) => regoLiteral(item, indent)).join(', ')}]`
  const entries = Object.entries(value)
  if (entries.length === 0) return '{}'
  const inner = `${indent}\t`
  return `{\n${entries.map(([key, item]) => `${inner}${JSON.stringify(key)}: ${regoLiteral(item, inner)},\n`).join('')}${indent}}`
}
