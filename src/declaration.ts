/**
 * Reads accounts.yaml and derives what it implies, with every diagnostic positioned in the file:
 * load + validate -> desired IAM -> quota check and separation findings.
 */
import { loadConfigFile, parseConfigText, type ConfigLoadResult } from './config/load.js'
import type { Declaration } from './config/model.js'
import { hasErrors, type Diagnostic } from './diagnostics.js'
import { desiredIam } from './iam/desired.js'
import type { DesiredIam } from './iam/desired.types.js'
import { separationFindings } from './iam/findings.js'
import { trustPolicyQuotaDiagnostics } from './iam/quota.js'
import { appendAll } from './append.js'

export const DEFAULT_TRUST_POLICY_QUOTA = 2048

export interface DeclarationAnalysis {
  file: string
  declaration: Declaration | null
  desired: DesiredIam | null
  /** Errors first, then warnings, each group in file order. */
  diagnostics: Diagnostic[]
  locate: ConfigLoadResult['locate']
}

export interface AnalyseOptions {
  trustPolicyQuota?: number
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
    appendAll(diagnostics, trustPolicyQuotaDiagnostics(desired, options.trustPolicyQuota ?? DEFAULT_TRUST_POLICY_QUOTA, loaded.locate, file))
    appendAll(diagnostics, separationFindings(loaded.declaration, loaded.locate, file))
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
