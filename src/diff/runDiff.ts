/** The whole diff job: analyse accounts.yaml (and its base), read today's roles, compare, report. */
import type { DeclarationAnalysis } from '../generate/analyseDeclaration.js'
import type { Declaration } from '../config/accounts.js'
import { InputError, type Diagnostic } from '../common/diagnostics.js'
import type { DiffReport } from './diffReport.js'
import { buildDiffReport } from './buildReport.js'
import { existingEdits } from './existingEdits.js'
import { readExisting, type ExistingSource } from './readExisting.js'
import { checkProvidersCopies, type ProvidersCopy } from './stackProviders.js'

export interface DiffJob {
  head: DeclarationAnalysis
  /** undefined: no base asked for; null: the base does not exist (new file). */
  base?: DeclarationAnalysis | null
  source: ExistingSource
  /**
   * The existing-policies directory at the PR's base and head commits: what the PR itself changes
   * there is compared and reported on its own (report.existing_edits); it never replaces the baseline.
   */
  edits?: { cwd: string; path: string; base: string; head: string }
  /** Copied providers.tf to check against what render writes now (report.stack_providers). */
  stackProviders?: readonly ProvidersCopy[]
}

/** Base problems never block the report: a PR may be fixing a broken accounts.yaml. */
function baseDeclaration(base: DeclarationAnalysis | null | undefined, warnings: Diagnostic[]): Declaration | null | undefined {
  if (base === undefined || base === null) return base
  if (base.declaration) return base.declaration
  warnings.push({
    severity: 'warning',
    file: base.file,
    path: '',
    line: 1,
    column: 1,
    message: `the base version is invalid (${base.diagnostics.filter((d) => d.severity === 'error').length} errors), so what this change does to accounts.yaml is not listed`
  })
  return undefined
}

export async function runDiff(job: DiffJob): Promise<DiffReport> {
  const { head } = job
  if (!head.declaration || !head.desired) throw new InputError(head.diagnostics.filter((d) => d.severity === 'error'))
  const warnings = head.diagnostics.filter((d) => d.severity === 'warning')
  const base = baseDeclaration(job.base, warnings)
  const existing = await readExisting(job.source, head.declaration, head.desired, base)
  const report = buildDiffReport({
    declaration: head.declaration,
    desired: head.desired,
    existing,
    warnings,
    ...(base !== undefined ? { base } : {})
  })
  if (job.stackProviders !== undefined && job.stackProviders.length > 0) {
    report.stack_providers = checkProvidersCopies(head.declaration, job.stackProviders)
  }
  if (job.edits) {
    const edits = await existingEdits(job.edits.cwd, job.edits.path, job.edits.base, job.edits.head)
    if (edits) report.existing_edits = edits
  }
  return report
}
