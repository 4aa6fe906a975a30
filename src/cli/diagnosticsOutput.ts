import { formatDiagnostic, type Diagnostic } from '../common/diagnostics.js'
import type { Style } from '../report/style.js'

/** `error: accounts.yaml:3:5: path: message`, one a line, errors red and warnings yellow. */
export function diagnosticsText(diagnostics: readonly Diagnostic[], style: Style): string {
  return diagnostics.map((d) => `${d.severity === 'error' ? style.red('error') : style.yellow('warning')}: ${formatDiagnostic(d)}\n`).join('')
}

/** The JSON shape of CONTRACT §3 for one diagnostic: {path, line, column, message} (+ file). */
export function diagnosticJson(d: Diagnostic): { file: string; path: string; line: number; column: number; message: string } {
  return { file: d.file, path: d.path, line: d.line, column: d.column, message: d.message }
}
