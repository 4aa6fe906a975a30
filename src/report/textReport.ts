/** The diff report as text for a terminal: a verdict, one aligned line a role, then the changes. */
import { formatDiagnostic, oneLine } from '../common/diagnostics.js'
import type { DiffReport, RoleReport } from '../diff/diffReport.js'
import { alignColumns, type Style } from './style.js'
import { appendAll } from '../common/append.js'
import { plural } from '../common/plural.js'
import { staleProviders, unreadable } from '../diff/failOn.js'
import { providersFixCommands } from './providersFix.js'

/** What could not be read, named (at most a few ARNs), or null when the report is complete. */
export function unreadableHeadline(report: DiffReport, shown = 3): string | null {
  const { roles, others } = unreadable(report)
  if (roles.length === 0 && others === 0) return null
  const named = roles.slice(0, shown).join(', ')
  const parts = [
    ...(roles.length
      ? [`${plural(roles.length, 'role')} could not be read (${named}${roles.length > shown ? `, and ${roles.length - shown} more` : ''})`]
      : []),
    ...(others ? [plural(others, roles.length ? 'other error' : 'error')] : [])
  ]
  return `Incomplete: ${parts.join('; ')}, so what exists today is not known`
}

/** "2 copied providers.tf out of step (app-prod, networking)", or null when every copy is current. */
export function staleProvidersHeadline(report: DiffReport, shown = 3): string | null {
  const stale = staleProviders(report)
  if (stale.length === 0) return null
  const named = stale.slice(0, shown).map((c) => c.stack)
  return `${plural(stale.length, 'copied providers.tf', 'copied providers.tf files')} out of step (${named.join(', ')}${stale.length > shown ? `, and ${stale.length - shown} more` : ''})`
}

function verdict(report: DiffReport, style: Style): string {
  const { create, update, unchanged, widening } = report.summary
  const counts = `${create} to create, ${update} to update, ${unchanged} unchanged`
  const providers = staleProvidersHeadline(report)
  const tail = providers === null ? '' : ` · ${style.red(providers)}`
  const incomplete = unreadableHeadline(report)
  if (incomplete !== null) return `${style.red(oneLine(incomplete))}: ${counts} of the roles that could be read${tail}`
  if (create + update === 0) return `${providers === null ? style.green('No IAM change') : 'No IAM change'}: ${counts}${tail}`
  if (widening > 0) return `${style.red(`IAM changes that widen trust (${plural(widening, 'role')})`)}: ${counts}${tail}`
  return `${style.yellow('IAM changes')} (none widens trust): ${counts}${tail}`
}

function providersSection(report: DiffReport, style: Style, configPath: string): string[] {
  const copies = report.stack_providers
  if (copies === undefined || copies.length === 0) return []
  const out = ['', style.bold('Copied providers.tf')]
  const rows = copies.map((c) => [
    c.status === 'current' ? style.green('current') : style.red(c.status),
    oneLine(c.stack),
    oneLine(c.file),
    c.detail === undefined ? '' : oneLine(c.detail)
  ])
  appendAll(
    out,
    alignColumns(rows).map((row) => `  ${row}`)
  )
  const stale = staleProviders(report)
  if (stale.length > 0) {
    out.push('', `  Not the file render writes now: render again and copy ${stale.length === 1 ? 'it' : 'them'}:`)
    for (const line of providersFixCommands(configPath, stale).split('\n')) out.push(`    ${oneLine(line)}`)
  }
  return out
}

function roleRow(role: RoleReport, style: Style): string[] {
  const status = role.status === 'create' ? style.cyan('create') : role.status === 'update' ? style.yellow('update') : style.dim('unchanged')
  return [
    role.alias ?? 'hub',
    role.account_id,
    `${role.role_path === '/' ? '' : role.role_path}${role.role_name}`,
    status,
    role.widens ? style.red('widens') : ''
  ]
}

export function renderTextReport(report: DiffReport, style: Style, options: { configPath?: string } = {}): string {
  const out: string[] = [verdict(report, style), '']
  appendAll(out, alignColumns([['ACCOUNT', 'ID', 'ROLE', 'CHANGE', 'WIDENS'].map(style.bold), ...report.roles.map((r) => roleRow(r, style))]))
  for (const role of report.roles) {
    const changes = [...role.changes, ...(role.permissions?.changes ?? []).map((c) => ({ ...c, detail: `permissions: ${c.detail}` }))]
    if ((role.status === 'unchanged' || changes.length === 0) && !role.findings?.length) continue
    out.push('', style.bold(`${role.arn} (${role.status})`))
    for (const change of changes) out.push(`  ${change.widens ? style.red('+') : style.dim('~')} ${oneLine(change.detail)}`)
    for (const finding of role.findings ?? []) {
      out.push(`  ${finding.severity === 'error' ? style.red('!') : style.yellow('!')} today: ${oneLine(finding.message)} (${finding.code})`)
    }
  }
  if (report.existing_edits) {
    const e = report.existing_edits
    out.push('', style.bold(`Edits to today's policies under ${e.path} (${e.base.slice(0, 12)} -> ${e.head.slice(0, 12)})${e.widens ? ': widen' : ''}`))
    for (const f of e.files) {
      out.push(`  ${f.widens ? style.red('+') : style.dim('~')} ${oneLine(f.file)} ${f.status}`)
      for (const c of f.changes) out.push(`      ${c.widens ? style.red('+') : style.dim('~')} ${oneLine(c.detail)}`)
    }
  }
  appendAll(out, providersSection(report, style, options.configPath ?? 'accounts.yaml'))
  if (report.declaration_changes?.length) {
    out.push('', style.bold('accounts.yaml changes'))
    for (const change of report.declaration_changes) out.push(`  ${oneLine(change.detail)}`)
  }
  if (report.unexpected_files?.length) {
    out.push('', style.bold('Existing policies for roles accounts.yaml does not declare'))
    for (const file of report.unexpected_files) out.push(`  ${oneLine(file)}`)
  }
  if (report.warnings.length) {
    out.push('', style.bold('Warnings'))
    for (const warning of report.warnings) out.push(`  ${style.yellow('warning')}: ${formatDiagnostic(warning)}`)
  }
  if (report.errors.length) {
    out.push('', style.bold('Errors'))
    for (const error of report.errors) {
      const where = error.file ? `${oneLine(error.file)}${error.line ? `:${error.line}:${error.column}` : ''}: ` : ''
      out.push(`  ${style.red('error')}: ${where}${error.arn ? `${error.arn}: ` : ''}${oneLine(error.message)}`)
    }
  }
  return out.join('\n') + '\n'
}
