/**
 * File annotations for diagnostics (GitHub shows them on the file in the PR). GitHub keeps at most
 * 10 errors and 10 warnings a step, so we emit at most that many of each, the last one saying how
 * many more are in the job summary.
 */
import * as core from '@actions/core'
import { posix } from 'node:path'
import { oneLine, type Diagnostic } from '../common/diagnostics.js'
import { terminalSafe } from '../report/terminal.js'

export const MAX_ANNOTATIONS_PER_SEVERITY = 10

/**
 * The file an annotation points at (diagnostics name it relative to the repository, with a Windows
 * runner's backslashes already turned into slashes, see repositoryPath.ts; any other backslash is
 * part of a name).
 */
function annotationFile(file: string): string {
  // A policy read from git is named "<path> at <commit>": annotate the path.
  return posix.normalize(file.replace(/ at [0-9a-f]{12}$/, ''))
}

function emit(d: Diagnostic, raw: string): void {
  // Messages carry YAML keys, file names and policy text: no control character reaches the log.
  const message = terminalSafe(oneLine(raw))
  const file = d.file ? terminalSafe(oneLine(annotationFile(d.file))) : undefined
  const properties = file ? { title: 'stack-accounts', file, startLine: Math.max(1, d.line), startColumn: Math.max(1, d.column) } : { title: 'stack-accounts' }
  if (d.severity === 'error') core.error(message, properties)
  else core.warning(message, properties)
}

/** Emits annotations (files relative to the repository); returns how many were emitted of each severity. */
export function annotate(diagnostics: readonly Diagnostic[]): { errors: number; warnings: number } {
  const counts = { errors: 0, warnings: 0 }
  for (const severity of ['error', 'warning'] as const) {
    const list = diagnostics.filter((d) => d.severity === severity)
    const overflow = list.length > MAX_ANNOTATIONS_PER_SEVERITY
    const shown = overflow ? list.slice(0, MAX_ANNOTATIONS_PER_SEVERITY - 1) : list
    for (const d of shown) emit(d, d.path ? `${d.path}: ${d.message}` : d.message)
    if (overflow) {
      const last = list[MAX_ANNOTATIONS_PER_SEVERITY - 1] as Diagnostic
      const more = list.length - shown.length - 1
      emit(last, `${last.path ? `${last.path}: ` : ''}${last.message} (and ${more} more ${severity}s in the job summary)`)
    }
    if (severity === 'error') counts.errors = Math.min(list.length, MAX_ANNOTATIONS_PER_SEVERITY)
    else counts.warnings = Math.min(list.length, MAX_ANNOTATIONS_PER_SEVERITY)
  }
  return counts
}
