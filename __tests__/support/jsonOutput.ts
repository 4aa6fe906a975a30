/**
 * The CLI's `--format json` outputs (CONTRACT §3), typed for the tests that read them. The diff report's type is
 * the one src/ writes; the smaller outputs are restated here from the commands that print them.
 */
import { readFileSync } from 'node:fs'
import type { DiffReport, PolicyChange, RoleReport } from '../../src/diff/diffReport.js'
import type { WriteResult } from '../../src/generate/writeGeneratedFiles.js'

export type { DiffReport }

/** A diagnostic as the CLI prints it (src/cli/diagnosticsOutput.ts, diagnosticJson). */
export interface DiagnosticJson {
  file: string
  path: string
  line: number
  column: number
  message: string
}

/** `validate --format json`. */
export interface ValidateOutput {
  valid: boolean
  errors: DiagnosticJson[]
  warnings: DiagnosticJson[]
}

/** `render --format json`. */
export interface RenderOutput extends WriteResult {
  out: string
  files: string[]
  warnings: DiagnosticJson[]
}

/** `compare --format json`. */
export interface CompareOutput {
  widens: boolean
  changes: PolicyChange[]
  findings: Record<'old' | 'new', Array<{ severity: 'error' | 'warning'; code: string; message: string }>>
}

/**
 * JSON text the test knows the shape of (CLI output, a report or a file the code under test wrote). The type is
 * the test's claim; the assertions that follow check the values.
 */
export function parseJsonOutput<T>(text: string): T {
  return JSON.parse(text) as T
}

/** A JSON file the code under test wrote (a rendered policy, the manifest, the action's report). */
export function readJsonFile<T>(file: string | URL): T {
  return parseJsonOutput<T>(readFileSync(file, 'utf8'))
}

/** The report's roles by alias ("hub" for the hub); an alias the report lacks throws, failing the test. */
export function rolesByAlias(report: DiffReport): (alias: string) => RoleReport {
  const byAlias = new Map(report.roles.map((r) => [r.alias ?? 'hub', r]))
  return (alias) => {
    const role = byAlias.get(alias)
    if (role === undefined) throw new Error(`the report has no role for ${alias}`)
    return role
  }
}

/** The manifest render keeps in its output directory (src/generate/writeGeneratedFiles.ts): file -> SHA-256. */
export interface RenderManifest {
  generator: 'stack-accounts'
  files: Record<string, string>
}
