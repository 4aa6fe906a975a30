/**
 * The one judgement of `fail-on` (CLI `--fail-on`, the action's `fail-on` input): what a report or a
 * comparison says, and whether the check asked for fails on it.
 */
import type { DiffReport } from './diffReport.js'

export const FAIL_ON_VALUES = ['widening', 'changes', 'never'] as const
export type FailOn = (typeof FAIL_ON_VALUES)[number]

export function isFailOn(value: string): value is FailOn {
  return (FAIL_ON_VALUES as readonly string[]).includes(value)
}

export interface ReportOutcome {
  /** A role (trust or hub permissions) is created or updated, or the plan policy is weakened. */
  hasChanges: boolean
  /** A role's trust or permissions widen, an edit of today's policies widens them, or the plan policy is weakened. */
  widens: boolean
}

export function reportOutcome(report: DiffReport | null): ReportOutcome {
  const roles = report?.roles ?? []
  const weakens = report?.declaration_changes?.some((c) => c.widens === true) === true
  return {
    hasChanges: roles.some((r) => r.status !== 'unchanged' || (r.permissions !== undefined && r.permissions.status !== 'unchanged')) || weakens,
    widens: roles.some((r) => r.widens || r.permissions?.widens === true) || report?.existing_edits?.widens === true || weakens
  }
}

/**
 * The copied providers.tf that are not the file render writes now (stale or missing). Asked for
 * by `--stack-dir` / `stack-dirs`: such a stack's plans are denied by the plan policy, or reach an
 * account no longer declared for it.
 */
export function staleProviders(report: DiffReport | null): NonNullable<DiffReport['stack_providers']> {
  return (report?.stack_providers ?? []).filter((c) => c.status !== 'current')
}

/**
 * Whether the command fails. A role that could not be read is never "no change": the report is
 * incomplete, so it fails whatever `fail-on` says (`never` included); so does a copied providers.tf
 * that is stale or missing (the check was asked for).
 */
export function reportFailsCheck(report: DiffReport, failOn: FailOn): boolean {
  if (report.errors.length > 0) return true
  if (staleProviders(report).length > 0) return true
  if (failOn === 'never') return false
  const { hasChanges, widens } = reportOutcome(report)
  return widens || (failOn === 'changes' && hasChanges)
}

/** `compare`: one trust policy against another. */
export function comparisonFailsCheck(comparison: { widens: boolean; changes: readonly unknown[] }, failOn: FailOn): boolean {
  return (failOn === 'widening' && comparison.widens) || (failOn === 'changes' && comparison.changes.length > 0)
}

/**
 * What could not be read, for a headline: the roles by ARN (in report order), then how many other
 * errors there are (a file that belongs to no role, ...). Empty when the report is complete.
 */
export function unreadable(report: DiffReport): { roles: string[]; others: number } {
  const roles = [...new Set(report.errors.flatMap((e) => (e.arn ? [e.arn] : [])))]
  return { roles, others: report.errors.filter((e) => !e.arn).length }
}
