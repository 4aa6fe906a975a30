/**
 * accounts.yaml -> Declaration, or every problem at once. Steps: size guard -> YAML (positions,
 * duplicate keys, alias bound) -> JSON Schema -> rules a schema cannot say -> build. Each issue
 * becomes a Diagnostic `file:line:col: path: message`, `file` being the path the caller gave.
 */
import { hasErrors, type Diagnostic } from '../common/diagnostics.js'
import { readRegularFile } from '../common/readRegularFile.js'
import { buildDeclaration, type RawConfig } from './build.js'
import type { ConfigIssue } from './issues.js'
import { formatPath, MAX_CONFIG_BYTES, type ConfigPath, type Declaration } from './accounts.js'
import { ruleIssues } from './rules.js'
import { shapeIssues } from './shape.js'
import type { Position, SourceIndex } from './sourceIndex.js'
import { readYaml } from './yamlSource.js'
import { appendAll } from '../common/append.js'

export interface ConfigLoadResult {
  /** null iff some diagnostic is an error. */
  declaration: Declaration | null
  /** Every error and warning, in file order. */
  diagnostics: Diagnostic[]
  /** 1-based position of the value at `path`, else of its nearest existing ancestor, else 1:1. */
  locate: (path: ConfigPath) => { line: number; column: number }
  /** Where exactly `path` is written (a scalar's value, a mapping's key), or null: for diagnostics that try candidates in turn. */
  locateExact: (path: ConfigPath) => { line: number; column: number } | null
}

export function loadConfigFile(file: string): ConfigLoadResult {
  const reading = readRegularFile(file, MAX_CONFIG_BYTES)
  if (reading.ok) return parseConfigText(reading.text, file)
  if (reading.reason === 'missing') return failure(file, 'file not found (set --config, or the action input config, to your accounts.yaml)')
  if (reading.reason === 'too-large') return failure(file, tooLargeMessage(reading.size))
  if (reading.reason === 'not-regular' && reading.message.startsWith('is a directory')) return failure(file, 'is a directory, not a YAML file')
  return failure(file, reading.message)
}

export function parseConfigText(text: string, file: string): ConfigLoadResult {
  // UTF-16 length <= UTF-8 bytes <= 3 x UTF-16 length: only measure bytes when it can matter.
  if (text.length * 3 > MAX_CONFIG_BYTES) {
    const bytes = Buffer.byteLength(text, 'utf8')
    if (bytes > MAX_CONFIG_BYTES) return failure(file, tooLargeMessage(bytes))
  }
  const source = readYaml(text)
  const issues: ConfigIssue[] = [...source.issues]
  if (source.data !== undefined) {
    appendAll(issues, shapeIssues(source.data, source.index, text), ruleIssues(source.data, source.index))
  }
  const diagnostics = issues.map((issue) => toDiagnostic(issue, file, source.index)).sort(byPosition)
  const declaration = source.data !== undefined && !hasErrors(diagnostics) ? buildDeclaration(source.data as RawConfig) : null
  return { declaration, diagnostics, locate: (path) => source.index.locate(path), locateExact: (path) => source.index.locateExact(path) }
}

function toDiagnostic(issue: ConfigIssue, file: string, index: SourceIndex): Diagnostic {
  const position: Position = typeof issue.at === 'object' ? issue.at : issue.at === 'key' ? index.locateKey(issue.path) : index.locate(issue.path)
  return { severity: issue.severity, file, path: formatPath(issue.path), line: position.line, column: position.column, message: issue.message }
}

function byPosition(a: Diagnostic, b: Diagnostic): number {
  return a.line - b.line || a.column - b.column || (a.severity === b.severity ? 0 : a.severity === 'error' ? -1 : 1)
}

function tooLargeMessage(bytes: number): string {
  return `the file is larger than ${MAX_CONFIG_BYTES / (1024 * 1024)} MB (${bytes} bytes): refusing to parse it`
}

function failure(file: string, message: string): ConfigLoadResult {
  const diagnostic: Diagnostic = { severity: 'error', file, path: '', line: 1, column: 1, message }
  return { declaration: null, diagnostics: [diagnostic], locate: () => ({ line: 1, column: 1 }), locateExact: () => null }
}
