/** Errors and warnings about a user's file, always with a position: `file:line:col: path: message`. */
export type Severity = 'error' | 'warning'

export interface Diagnostic {
  severity: Severity
  file: string
  /** Dotted path inside the document (e.g. accounts.prod.id); "" for the whole file. */
  path: string
  /** 1-based; 1 when the problem concerns the whole file. */
  line: number
  column: number
  message: string
}

export function formatDiagnostic(d: Diagnostic): string {
  // Line 0: no place in the file (or no file: a role read from AWS).
  const where = d.line > 0 ? `${oneLine(d.file)}:${d.line}:${d.column}` : oneLine(d.file)
  // A positioned diagnostic is one line: a newline in it came from a YAML key, a file name or a
  // policy value, and would print a line of its own choosing ("valid: ...").
  const message = d.file ? oneLine(d.message) : d.message
  const located = d.path ? `${where}: ${oneLine(d.path)}` : where
  return located ? `${located}: ${message}` : message
}

/** Text from the outside on one line: a line feed shown as `\n` (other controls are terminalSafe's job). */
export function oneLine(text: string): string {
  return text.replace(/\n/g, '\\n')
}

export function hasErrors(diagnostics: readonly Diagnostic[]): boolean {
  return diagnostics.some((d) => d.severity === 'error')
}

/**
 * Thrown for invalid input (exit code 2). Carries every diagnostic found, so the user sees all of
 * them at once; the CLI prints them without a stack trace.
 */
export class InputError extends Error {
  readonly diagnostics: Diagnostic[]
  constructor(diagnostics: Diagnostic[] | string) {
    const list: Diagnostic[] =
      typeof diagnostics === 'string' ? [{ severity: 'error', file: '', path: '', line: 0, column: 0, message: diagnostics }] : diagnostics
    super(list.map((d) => (d.file ? formatDiagnostic(d) : d.message)).join('\n'))
    this.name = 'InputError'
    this.diagnostics = list
  }
}
