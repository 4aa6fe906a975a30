/**
 * Whether the step fails, and why. An invalid declaration or report errors always fail; otherwise
 * `fail-on` decides: widening (a role's trust widens or a plan is denied), changes (any role
 * changes), never.
 */
import type { Diagnostic } from '../common/diagnostics.js'
import type { PlanVerdict } from '../report/markdownReport.js'
import type { DiffReport } from '../diff/diffReport.js'
import { reportOutcome, staleProviders, type FailOn } from '../diff/failOn.js'
import { plural } from '../common/plural.js'
import { staleProvidersHeadline, unreadableHeadline } from '../report/textReport.js'

export interface Verdict {
  hasChanges: boolean
  widens: boolean
  /** Why the step fails; null when it passes. */
  failure: string | null
}

export function judge(
  failOn: FailOn,
  configPath: string,
  report: DiffReport | null,
  diagnostics: readonly Diagnostic[],
  verdicts: readonly PlanVerdict[]
): Verdict {
  const roles = report?.roles ?? []
  const { hasChanges, widens } = reportOutcome(report)
  const weakening = report?.declaration_changes?.find((c) => c.widens === true)
  const errors = diagnostics.filter((d) => d.severity === 'error').length
  const denials = verdicts.reduce((n, v) => n + v.deny.length, 0)
  const fail = (failure: string): Verdict => ({ hasChanges, widens, failure })
  const elsewhereErrors = diagnostics.filter((d) => d.severity === 'error' && d.file !== '' && d.file !== configPath)
  const elsewhere = [...new Set(elsewhereErrors.map((d) => d.file))]
  const inElsewhere =
    elsewhere.length > 0
      ? `${plural(elsewhereErrors.length, 'error')} in ${elsewhere.slice(0, 3).join(', ')}${elsewhere.length > 3 ? ` and ${elsewhere.length - 3} more files` : ''}`
      : ''
  const inConfig = errors - elsewhereErrors.length
  if (errors > 0 && inConfig === 0) return fail(`${inElsewhere} (see the annotations and the job summary).`)
  if (errors > 0 || report === null) {
    return fail(
      `${configPath} is invalid: ${plural(Math.max(inConfig, 1), 'error')}${inElsewhere ? `; ${inElsewhere}` : ''} (see the annotations and the job summary).`
    )
  }
  // Whatever fail-on says: a role that could not be read is not known to be unchanged.
  const incomplete = unreadableHeadline(report)
  if (incomplete !== null) return fail(`${incomplete} (see the job summary).`)
  // Whatever fail-on says: the check of the copies was asked for (stack-dirs).
  const providers = staleProvidersHeadline(report)
  if (providers !== null) {
    const one = staleProviders(report).length === 1
    return fail(`${providers}: not the file render writes now; render again and copy ${one ? 'it' : 'them'} (see the job summary).`)
  }
  if (failOn === 'never') return { hasChanges, widens, failure: null }
  if (denials > 0) return fail(`The Spacelift plan policy denies ${plural(denials, 'change')} (see the job summary).`)
  if (weakening !== undefined && !roles.some((r) => r.widens || r.permissions?.widens === true)) {
    return fail(`${configPath} weakens the Spacelift plan policy: ${weakening.detail} (see the job summary).`)
  }
  if (widens && !roles.some((r) => r.widens || r.permissions?.widens === true)) {
    return fail(
      `This pull request edits today's policies under ${report.existing_edits?.path ?? 'the existing directory'} and an edit widens them (see the job summary).`
    )
  }
  if (widens) return fail('A trust policy widens: review it, then merge with fail-on set accordingly (fail-on: widening).')
  if (failOn === 'changes' && hasChanges) return fail('IAM changes are needed (fail-on: changes).')
  return { hasChanges, widens, failure: null }
}
