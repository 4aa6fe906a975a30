/**
 * Checks the data against schema/accounts.schema.json (the same file editors use for completion)
 * and turns every ajv error into a short, specific issue: unknown keys get a did-you-mean, account
 * IDs written as YAML numbers are told to be quoted (with the leading zero YAML dropped), YAML 1.1
 * booleans are told to be true/false.
 */
import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv'
import { isScalar } from 'yaml'
import schema from '../../schema/accounts.schema.json' with { type: 'json' }
import { didYouMean } from './didYouMean.js'
import { configError, type ConfigIssue } from './issues.js'
import type { SourceIndex } from './sourceIndex.js'

/** Keys whose value is an AWS account ID. */
const ACCOUNT_ID_KEYS = new Set(['id', 'account_id', 'aws_account_id'])
/** Scalars YAML 1.1 read as booleans and YAML 1.2 (used here) reads as strings. */
const YAML11_BOOLEANS = new Set(['y', 'Y', 'yes', 'Yes', 'YES', 'n', 'N', 'no', 'No', 'NO', 'on', 'On', 'ON', 'off', 'Off', 'OFF'])

let compiled: ValidateFunction | undefined

function validator(): ValidateFunction {
  if (!compiled) {
    const ajv = new Ajv({ allErrors: true, verbose: true, strict: true })
    // Editor-only annotations (VS Code / yaml-language-server); we read patternErrorMessage too.
    ajv.addVocabulary(['patternErrorMessage', 'markdownDescription'])
    compiled = ajv.compile(schema)
  }
  return compiled
}

interface SchemaNode {
  properties?: Record<string, unknown>
  patternErrorMessage?: string
  pattern?: string
}

export function shapeIssues(data: unknown, index: SourceIndex, text: string): ConfigIssue[] {
  const validate = validator()
  if (validate(data)) return []
  const byPlace = new Map<string, { error: ErrorObject; issue: ConfigIssue }>()
  for (const error of validate.errors ?? []) {
    const issue = describe(error, index, text)
    if (!issue) continue
    const place = `${issue.path.join('\u0000')}\u0001${typeof issue.at === 'object' ? 'position' : String(issue.at)}`
    const earlier = byPlace.get(place)
    // One message per place; a wrong type explains the problem better than what follows from it.
    if (!earlier || (error.keyword === 'type' && earlier.error.keyword !== 'type')) byPlace.set(place, { error, issue })
  }
  return [...byPlace.values()].map((entry) => entry.issue)
}

function describe(error: ErrorObject, index: SourceIndex, text: string): ConfigIssue | undefined {
  const path = pointerToPath(error.instancePath)
  const parentSchema = (error.parentSchema ?? {}) as SchemaNode
  if (error.propertyName !== undefined) return invalidKeyName(path, error.propertyName, parentSchema)
  switch (error.keyword) {
    case 'propertyNames':
      return undefined // reported through the nested error that carries propertyName
    case 'additionalProperties': {
      const key = String((error.params as { additionalProperty: string }).additionalProperty)
      return configError([...path, key], unknownKeyMessage(key, Object.keys(parentSchema.properties ?? {})), 'key')
    }
    case 'required': {
      const missing = String((error.params as { missingProperty: string }).missingProperty)
      return configError(path, `missing required key '${missing}'`, 'key')
    }
    case 'type':
      return configError(path, typeMessage(String((error.params as { type: string }).type), error.data, path, index, text))
    case 'enum': {
      const allowed = (error.params as { allowedValues: unknown[] }).allowedValues.map(String)
      return configError(path, `must be one of ${allowed.join(', ')} (got ${show(error.data)})`)
    }
    case 'const':
      return configError(
        path,
        `must be ${show((error.params as { allowedValue: unknown }).allowedValue)}: the only format version this release reads (got ${show(error.data)})`
      )
    case 'pattern':
      return configError(path, `${parentSchema.patternErrorMessage ?? `must match ${parentSchema.pattern}`} (got ${show(error.data)})`)
    case 'minItems':
      if (path.at(-1) === 'trusted') return configError(path, 'must list at least one principal, e.g. [repo:acme/infra:pull_request]')
      return configError(path, 'must list at least one account alias, e.g. [prod]')
    case 'minProperties':
      return configError(path, `must declare at least one ${path.at(-1) === 'stacks' ? 'stack' : 'account'}`)
    default:
      return configError(path, error.message ?? `fails the schema rule '${error.keyword}'`)
  }
}

function invalidKeyName(path: string[], name: string, keySchema: SchemaNode): ConfigIssue {
  const what = path.at(-1) === 'stacks' ? 'stack ID' : path.at(-1) === 'accounts' ? 'account alias' : 'key'
  const rule = keySchema.patternErrorMessage ?? `must match ${keySchema.pattern}`
  return configError([...path, name], `${what} '${name}' ${rule}`, 'key')
}

function unknownKeyMessage(key: string, known: string[]): string {
  if (key === '<<') return "merge keys (<<) are not supported: put shared values under 'defaults:'"
  const suggestion = didYouMean(key, known)
  if (suggestion) return `unknown key '${key}'; did you mean '${suggestion}'?`
  return known.length > 0 ? `unknown key '${key}' (expected one of: ${known.join(', ')})` : `unknown key '${key}'`
}

function typeMessage(expected: string, data: unknown, path: string[], index: SourceIndex, text: string): string {
  if (data === null) return `is empty: expected ${article(expected)}`
  const token = sourceToken(index, path, text)
  switch (expected) {
    case 'string':
      if (typeof data === 'number' && ACCOUNT_ID_KEYS.has(String(path.at(-1)))) return accountIdAsNumber(token ?? String(data), data)
      if (typeof data === 'number' || typeof data === 'boolean') return `must be a string: write it in quotes, e.g. "${token ?? String(data)}"`
      return `must be a string, not ${kind(data)}`
    case 'boolean':
      if (typeof data === 'string' && YAML11_BOOLEANS.has(data)) {
        return `write true or false: '${data}' is a YAML 1.1 boolean, which YAML 1.2 reads as the string "${data}"`
      }
      if (data === 'true' || data === 'false') return `write ${data} without quotes (a boolean, not a string)`
      return `must be true or false (got ${show(data)})`
    case 'integer':
    case 'number':
      if (typeof data === 'string' && /^\d+$/.test(data)) return `write ${data} without quotes (a number, not a string)`
      return `must be a whole number (got ${show(data)})`
    case 'object':
      return `must be a mapping of keys to values, not ${kind(data)}`
    case 'array':
      if (typeof data === 'string') return `must be a list: write [${data}]`
      return `must be a list, e.g. [prod, staging], not ${kind(data)}`
    default:
      return `must be ${article(expected)}, not ${kind(data)}`
  }
}

function accountIdAsNumber(token: string, value: number): string {
  const advice = /^\d+$/.test(token) ? `write it as a quoted string, e.g. "${token}"` : 'write it as a quoted 12-digit string, e.g. "012345678901"'
  if (/^0\d+$/.test(token)) {
    return `${advice}: unquoted, YAML reads ${token} as the number ${value} and drops the leading zero`
  }
  return `${advice}: unquoted, YAML reads it as a number`
}

/** The text the user wrote for the scalar at `path` (before YAML turned it into a value). */
function sourceToken(index: SourceIndex, path: string[], text: string): string | undefined {
  const node = index.node(path)
  if (!node || !isScalar(node) || !node.range) return undefined
  return text.slice(node.range[0], node.range[1])
}

function pointerToPath(pointer: string): string[] {
  if (pointer === '') return []
  return pointer
    .slice(1)
    .split('/')
    .map((segment) => segment.replace(/~1/g, '/').replace(/~0/g, '~'))
}

function kind(data: unknown): string {
  if (Array.isArray(data)) return 'a list'
  if (data === null) return 'an empty value'
  if (typeof data === 'object') return 'a mapping'
  if (typeof data === 'string') return `the string ${show(data)}`
  return typeof data === 'number' || typeof data === 'boolean' || typeof data === 'bigint' ? `the ${typeof data} ${String(data)}` : `the ${typeof data}`
}

function article(type: string): string {
  return { object: 'a mapping', array: 'a list', integer: 'a whole number', boolean: 'true or false' }[type] ?? `a ${type}`
}

/** A value as the user would recognise it, shortened so a huge value cannot flood the output. */
export function show(value: unknown): string {
  const text = JSON.stringify(value) ?? String(value)
  return text.length > 60 ? `${text.slice(0, 57)}...` : text
}
