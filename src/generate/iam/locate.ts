import type { ConfigPath } from '../../config/accounts.js'
import { formatPath } from '../../config/accounts.js'

/** A position in accounts.yaml. */
export interface SourcePosition {
  line: number
  column: number
}

/**
 * Finds where a path is written in accounts.yaml. May return null/undefined for a path the file
 * does not spell out (a defaulted field); callers then fall back to a parent path.
 */
export type Locate = (path: ConfigPath) => SourcePosition | null | undefined

/**
 * The first of `candidates` that `locate` finds, with its dotted path; when none is found, the
 * first (most specific) candidate's path at the file's start (1:1).
 */
export function locateFirst(locate: Locate, candidates: readonly ConfigPath[]): { path: string } & SourcePosition {
  for (const candidate of candidates) {
    const position = locate(candidate)
    if (position) return { path: formatPath(candidate), line: position.line, column: position.column }
  }
  return { path: formatPath(candidates[0] ?? []), line: 1, column: 1 }
}
