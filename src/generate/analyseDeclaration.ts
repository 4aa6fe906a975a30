/**
 * Reads accounts.yaml and derives what it implies, with every diagnostic positioned in the file:
 * load + validate -> desired IAM -> quota check and separation findings.
 */
import { loadConfigFile, parseConfigText, type ConfigLoadResult } from '../config/load.js'
import type { Declaration } from '../config/accounts.js'
import { hasErrors, type Diagnostic } from '../common/diagnostics.js'
import { desiredIam } from './iam/desiredIam.js'
import type { DesiredIam } from './iam/desiredIamTypes.js'
import { separationFindings } from './iam/declarationFindings.js'
import { DEFAULT_TRUST_POLICY_QUOTA, iamLimitDiagnostics } from './iam/iamQuota.js'
import { appendAll } from '../common/append.js'

export { DEFAULT_TRUST_POLICY_QUOTA, MAX_TRUST_POLICY_QUOTA } from './iam/iamQuota.js'

export interface DeclarationAnalysis {
  file: string
  declaration: Declaration | null
  desired: DesiredIam | null
  /** Errors first, then warnings, each group in file order. */
  diagnostics: Diagnostic[]
  locate: ConfigLoadResult['locate']
}

export interface AnalyseOptions {
  /** The "Role trust policy length" quota: 2,048 by default, at most 4,096 (the CLI and the action refuse more). */
  trustPolicyQuota?: number
  /**
   * false for a PR's base version: only what it declares is compared, so documents over IAM's
   * limits (a base a PR moves to a compact form) must not hide what the PR changes. Default true.
   */
  checkLimits?: boolean
}

export function analyseConfigFile(file: string, options: AnalyseOptions = {}): DeclarationAnalysis {
  return analyse(file, loadConfigFile(file), options)
}

export function analyseConfigText(text: string, file: string, options: AnalyseOptions = {}): DeclarationAnalysis {
  return analyse(file, parseConfigText(text, file), options)
}

function analyse(file: string, loaded: ConfigLoadResult, options: AnalyseOptions): DeclarationAnalysis {
  const diagnostics = [...loaded.diagnostics]
  let desired: DesiredIam | null = null
  if (loaded.declaration) {
    desired = desiredIam(loaded.declaration)
    // Each finding tries the keys that choose a document's form in turn, the first one written wins.
    const limits = { trustPolicyQuota: options.trustPolicyQuota ?? DEFAULT_TRUST_POLICY_QUOTA, locate: loaded.locateExact, file }
    if (options.checkLimits !== false) appendAll(diagnostics, iamLimitDiagnostics(loaded.declaration, desired, limits))
    appendAll(diagnostics, separationFindings(loaded.declaration, loaded.locateExact, file))
  }
  const valid = !hasErrors(diagnostics)
  return {
    file,
    declaration: valid ? loaded.declaration : null,
    desired: valid ? desired : null,
    diagnostics: sortDiagnostics(diagnostics),
    locate: loaded.locate
  }
}

function sortDiagnostics(list: Diagnostic[]): Diagnostic[] {
  const rank = (d: Diagnostic) => (d.severity === 'error' ? 0 : 1)
  return [...list].sort((a, b) => rank(a) - rank(b) || a.line - b.line || a.column - b.column)
}
