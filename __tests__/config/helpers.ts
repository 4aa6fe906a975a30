import { formatDiagnostic, type Diagnostic } from '../../src/common/diagnostics.js'
import { parseConfigText, type ConfigLoadResult } from '../../src/config/load.js'

/** A small valid accounts.yaml; tests change one thing with `edit` and look at what is reported. */
export const BASE = `version: 1
spacelift:
  account: acme
  region: eu
  integration_id: 01HZX3Q5M8K2V7W9ABCDEFGHJK
  session_tags: true
hub:
  account_id: "111111111111"
  role: spacelift-hub
defaults:
  role: spacelift-target
  region: eu-west-1
accounts:
  prod:
    id: "222222222222"
  staging:
    id: "333333333333"
    external_id: s3cr3t-staging
stacks:
  app-prod:
    accounts: [prod]
  networking:
    accounts: [prod, staging]
    access: read-only
`

/** Replaces exactly one occurrence of `from`; fails loudly if the base no longer contains it. */
export function edit(text: string, from: string, to: string): string {
  const at = text.indexOf(from)
  if (at < 0 || text.indexOf(from, at + 1) >= 0) throw new Error(`edit: '${from}' must occur exactly once`)
  return text.slice(0, at) + to + text.slice(at + from.length)
}

export function parse(text: string): ConfigLoadResult {
  return parseConfigText(text, 'accounts.yaml')
}

export const errorsOf = (result: ConfigLoadResult): Diagnostic[] => result.diagnostics.filter((d) => d.severity === 'error')
export const warningsOf = (result: ConfigLoadResult): Diagnostic[] => result.diagnostics.filter((d) => d.severity === 'warning')

/** The formatted errors, one string each: what a user sees. */
export function formattedErrors(text: string): string[] {
  const result = parse(text)
  const errors = errorsOf(result)
  if (errors.length > 0 && result.declaration !== null) throw new Error('declaration must be null when there are errors')
  return errors.map(formatDiagnostic)
}

/** 1-based line of the first line of `text` containing `needle`, and the column where it starts. */
export function positionOf(text: string, needle: string): { line: number; column: number } {
  const lines = text.split('\n')
  const index = lines.findIndex((l) => l.includes(needle))
  if (index < 0) throw new Error(`positionOf: '${needle}' not found`)
  return { line: index + 1, column: (lines[index]?.indexOf(needle) ?? 0) + 1 }
}
