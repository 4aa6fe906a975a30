/** A problem found in accounts.yaml before it is given a file, line and column (see load.ts). */
import type { Severity } from '../common/diagnostics.js'
import type { ConfigPath } from './accounts.js'
import type { Position } from './sourceIndex.js'

export interface ConfigIssue {
  severity: Severity
  path: ConfigPath
  /** Point at the key naming `path`, at its value (default), or at an exact position. */
  at?: 'key' | 'value' | Position
  message: string
}

export function configError(path: ConfigPath, message: string, at?: ConfigIssue['at']): ConfigIssue {
  return { severity: 'error', path, message, at }
}

export function configWarning(path: ConfigPath, message: string, at?: ConfigIssue['at']): ConfigIssue {
  return { severity: 'warning', path, message, at }
}
