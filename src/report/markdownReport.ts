/**
 * The diff report as GitHub markdown: the PR comment (bounded by GitHub's comment limits, folding
 * detail progressively) and the job summary (the full report, bounded at 1 MiB). Everything that
 * came from files or AWS goes through ./escape.ts. Deterministic: same report, same text.
 */
import type { Diagnostic } from '../common/diagnostics.js'
import { codeBlock, escapeHtmlComment, escapeHtmlText, escapeInline, escapeProse, fitsWithin, inlineCode, withoutTrailingNewlines } from './escape.js'
import { lineDiff } from './markdownDiff.js'
import { awsCliSnippet, terraformSnippet } from './applySnippets.js'
import type { DiffReport, PolicyChange, RoleReport } from '../diff/diffReport.js'
import { compareStrings } from '../common/compareStrings.js'
import { appendAll, maxOf } from '../common/append.js'
import { plural } from '../common/plural.js'
import { staleProviders, unreadable } from '../diff/failOn.js'
import { providersFixCommands } from './providersFix.js'

/** A Spacelift plan-policy verdict computed in the PR for one stack and plan file. */
export interface PlanVerdict {
  stack: string
  plan: string
  deny: string[]
  warn: string[]
}

export interface RenderContext {
  configPath: string
  /** The hidden marker, put first in the comment; `commentMarker(configPath)` when absent. */
  marker?: string
  /** Where the full report is (the workflow run), when known. */
  summaryUrl?: string
  policyVerdicts?: PlanVerdict[]
  /** Errors of an invalid declaration; shown instead of the role sections. */
  invalid?: Diagnostic[]
}

export interface RenderLimits {
  maxChars: number
  maxBytes: number
}

/** Below GitHub's 65,536 characters, leaving room. */
export const COMMENT_LIMITS: RenderLimits = { maxChars: 60000, maxBytes: 262144 }
export const SUMMARY_LIMITS: RenderLimits = { maxChars: 1048576, maxBytes: 1048576 }

/** The hidden marker that finds this config's comment again on the PR. */
export function commentMarker(configPath: string): string {
  return `<!-- stack-accounts:config=${escapeHtmlComment(configPath)} -->`
}

/** How much of the report a rendering keeps; lowered step by step until the text fits. */
interface Detail {
  diffs: boolean
  policies: boolean
  /** Role sections kept (the first ones in report order). */
  roleSections: number
  /** Rows of the role table and items of each list kept. */
  rows: number
}

function roleChanged(role: RoleReport): boolean {
  return role.status !== 'unchanged' || (role.permissions !== undefined && role.permissions.status !== 'unchanged')
}

function roleWidens(role: RoleReport): boolean {
  return role.widens || role.permissions?.widens === true
}

/**
 * Pieces computed once per rendering: fitting the text within limits assembles it up to a few
 * dozen times (a binary search over how much detail to keep), and at tens of thousands of roles
 * escaping and sorting everything again each time costs minutes. Set only while renderWithin runs
 * (everything here is synchronous), so a report changed between two renderings is never stale.
 */
let memo: Map<unknown, Map<string, unknown>> | null = null

function cached<T>(owner: object, key: string, compute: () => T): T {
  if (memo === null) return compute()
  let entries = memo.get(owner)
  if (!entries) memo.set(owner, (entries = new Map<string, unknown>()))
  if (entries.has(key)) return entries.get(key) as T
  const value = compute()
  entries.set(key, value)
  return value
}

/** Changed roles, the widening ones first, then the hub, then by alias, account and name. */
export function changedRoles(report: DiffReport): RoleReport[] {
  return cached(report, 'changedRoles', () => sortedChangedRoles(report))
}

function sortedChangedRoles(report: DiffReport): RoleReport[] {
  return report.roles
    .filter(roleChanged)
    .slice()
    .sort(
      (a, b) =>
        Number(roleWidens(b)) - Number(roleWidens(a)) ||
        Number(b.kind === 'hub') - Number(a.kind === 'hub') ||
        compareStrings(a.alias ?? '', b.alias ?? '') ||
        compareStrings(a.account_id, b.account_id) ||
        compareStrings(a.role_path + a.role_name, b.role_path + b.role_name)
    )
}

function verdictLine(report: DiffReport | null, ctx: RenderContext): string {
  const config = inlineCode(ctx.configPath)
  const invalid = (ctx.invalid ?? []).filter((d) => d.severity === 'error')
  const inConfig = invalid.filter((d) => d.file === '' || d.file === ctx.configPath)
  if (invalid.length > 0 && inConfig.length === 0) {
    const files = [...new Set(invalid.map((d) => d.file))]
    const where = files
      .slice(0, 3)
      .map((f) => inlineCode(f, 200))
      .join(', ')
    return `### ❌ ${plural(invalid.length, 'error')} in ${where}${files.length > 3 ? ` and ${files.length - 3} more files` : ''}${report === null ? ', no IAM change computed' : ''}`
  }
  if (invalid.length > 0 || report === null) {
    return `### ❌ ${config} is invalid: ${plural(Math.max(invalid.length, 1), 'error')}, no IAM change computed`
  }
  const changed = changedRoles(report)
  const widening = changed.filter(roleWidens).length
  const extras: string[] = []
  const denials = (ctx.policyVerdicts ?? []).reduce((n, v) => n + v.deny.length, 0)
  if (denials > 0) extras.push(`🚫 ${plural(denials, 'plan policy denial')}`)
  const edits = report.existing_edits
  if (edits) extras.push(`${edits.widens ? '⚠️ ' : ''}this PR also edits today’s policies${edits.widens ? ' and widens them' : ''}`)
  const weakens = report.declaration_changes?.some((c) => c.widens === true) === true
  if (weakens) extras.push('⚠️ it weakens the Spacelift plan policy')
  const stale = staleProviders(report).length
  const staleCopies = stale > 0 ? `🚫 ${plural(stale, 'copied `providers.tf`', 'copied `providers.tf` files')} out of step` : ''
  if (stale > 0) extras.push(staleCopies)
  const tail = extras.length > 0 ? ` · ${extras.join(' · ')}` : ''
  // A role that could not be read is not known to be unchanged: that comes first.
  const { roles: unreadableRoles, others } = unreadable(report)
  if (unreadableRoles.length > 0 || others > 0) {
    const shown = 3
    const named = unreadableRoles
      .slice(0, shown)
      .map((arn) => inlineCode(arn, 200))
      .join(', ')
    const what = [
      ...(unreadableRoles.length
        ? [
            `${plural(unreadableRoles.length, 'role')} could not be read (${named}${unreadableRoles.length > shown ? `, and ${unreadableRoles.length - shown} more` : ''})`
          ]
        : []),
      ...(others ? [plural(others, unreadableRoles.length ? 'other error' : 'error')] : [])
    ].join('; ')
    const also =
      changed.length > 0
        ? ` · ${plural(changed.length, 'role changes', 'roles change')}${widening > 0 ? `, ${plural(widening, 'widens', 'widen')} trust` : ''}`
        : ''
    return `### ❌ Incomplete: ${what}, so ${config} cannot be fully checked against today’s IAM${also}${tail}`
  }
  if (widening > 0) {
    return `### ⚠️ ${plural(changed.length, 'role changes', 'roles change')} in ${config}, ${plural(widening, 'widens', 'widen')} trust${tail}`
  }
  if (changed.length > 0) return `### 📝 ${plural(changed.length, 'role changes', 'roles change')} in ${config}${tail}`
  if (edits?.widens) return `### ⚠️ No role change in ${config}, but this PR edits today’s policies and widens them${stale > 0 ? ` · ${staleCopies}` : ''}`
  if (weakens) return `### ⚠️ No IAM change in ${config}, but it weakens the Spacelift plan policy${stale > 0 ? ` · ${staleCopies}` : ''}`
  if (stale > 0) return `### ❌ No IAM change in ${config}${tail}`
  return `### ✅ No IAM change in ${config}${tail}`
}

function boundedList(items: readonly string[], limit: number, what: string, whatMany = `${what}s`): string[] {
  const kept = items.slice(0, limit)
  if (items.length > kept.length) kept.push(`- … ${plural(items.length - kept.length, `more ${what}`, `more ${whatMany}`)}`)
  return kept
}

function diagnosticItem(d: Diagnostic): string {
  const where = d.file ? `${inlineCode(`${d.file}:${d.line}:${d.column}`, 400)} ` : ''
  const path = d.path ? `${inlineCode(d.path)}: ` : ''
  return `- ${where}${path}${escapeProse(d.message, 1000)}`
}

function invalidSection(ctx: RenderContext, rows: number): string[] {
  const errors = (ctx.invalid ?? []).filter((d) => d.severity === 'error')
  if (errors.length === 0) return []
  const items = cached(ctx, 'invalidItems', () => errors.map(diagnosticItem))
  const title = errors.every((d) => d.file === '' || d.file === ctx.configPath) ? `#### Errors in ${inlineCode(ctx.configPath)}` : '#### Errors'
  return [title, '', ...boundedList(items, rows, 'error'), '']
}

function reportErrorsSection(report: DiffReport, rows: number): string[] {
  if (report.errors.length === 0) return []
  const items = cached(report, 'errorItems', () =>
    report.errors.map((e) => {
      const where = e.file ? `${inlineCode(`${e.file}:${e.line ?? 1}:${e.column ?? 1}`)} ` : ''
      const role = e.arn ? `${inlineCode(e.arn)}: ` : ''
      return `- ${where}${role}${escapeProse(e.message, 1000)}`
    })
  )
  return ['#### Errors', '', ...boundedList(items, rows, 'error'), '']
}

function changeWord(role: RoleReport): string {
  const words: string[] = []
  if (role.status !== 'unchanged') words.push(role.status === 'create' ? 'create' : 'update trust')
  if (role.permissions && role.permissions.status !== 'unchanged') {
    words.push(role.permissions.status === 'create' ? 'create permissions' : 'update permissions')
  }
  return words.join(', ')
}

function tableRow(role: RoleReport): string {
  const account = role.alias === null ? '**hub**' : escapeInline(role.alias, 100)
  const roleName = inlineCode(`${role.role_path}${role.role_name}`, 200, true)
  return `| ${account} | ${inlineCode(role.account_id, 20, true)} | ${roleName} | ${changeWord(role)} | ${roleWidens(role) ? '⚠️ yes' : 'no'} |`
}

function roleTable(report: DiffReport, changed: readonly RoleReport[], rows: number): string[] {
  const unchanged = report.roles.length - changed.length
  const lines: string[] = []
  if (changed.length > 0) {
    lines.push(
      '| Account | ID | Role | Change | Widens |',
      '|---|---|---|---|---|',
      ...changed.slice(0, rows).map((role) => cached(role, 'row', () => tableRow(role)))
    )
    if (changed.length > rows) lines.push('', `… ${plural(changed.length - rows, 'more changed role')} in the full report.`)
    lines.push('')
  }
  if (unchanged > 0) lines.push(`${plural(unchanged, 'role is', 'roles are')} unchanged.`, '')
  return lines
}

function changeItem(change: PolicyChange): string {
  return `- ${change.widens ? '⚠️ ' : ''}${escapeProse(change.detail, 1000)} (${inlineCode(change.kind, 80)})`
}

function policyBlocks(
  title: string,
  desired: RoleReport['desired'],
  existing: RoleReport['existing'],
  changes: readonly PolicyChange[],
  detail: Detail
): string[] {
  const out = [`**${title}**`, '']
  appendAll(out, changes.length > 0 ? changes.map(changeItem) : ['- no semantic change'], [''])
  const desiredJson = JSON.stringify(desired, null, 2)
  if (detail.policies) out.push('Policy to apply:', '', codeBlock(desiredJson, 'json'), '')
  if (detail.diffs) {
    const before = existing === null ? null : JSON.stringify(existing, null, 2)
    out.push(existing === null ? 'Against today’s: the policy does not exist yet.' : 'Against today’s:', '')
    out.push(codeBlock(lineDiff(before, desiredJson).join('\n'), 'diff'), '')
  }
  return out
}

function roleSection(role: RoleReport, detail: Detail): string {
  return cached(role, `section:${detail.diffs}:${detail.policies}`, () => uncachedRoleSection(role, detail))
}

function uncachedRoleSection(role: RoleReport, detail: Detail): string {
  const who = role.alias === null ? 'hub' : role.alias
  const summary = `<b>${escapeHtmlText(who, 100)}</b> · <code>${escapeHtmlText(role.arn, 300)}</code> · ${changeWord(role)}${roleWidens(role) ? ' · ⚠️ widens trust' : ''}`
  const out = ['<details>', `<summary>${summary}</summary>`, '']
  if (role.stacks.length > 0) {
    out.push(
      `Stacks: ${role.stacks
        .slice(0, 50)
        .map((s) => inlineCode(s, 100))
        .join(', ')}${role.stacks.length > 50 ? ` and ${role.stacks.length - 50} more` : ''}`,
      ''
    )
  }
  if (role.existing !== null && role.source) out.push(`Today’s policy read from ${inlineCode(role.source, 300)}.`, '')
  if (role.findings?.length) {
    out.push('**Today’s trust policy**', '')
    for (const f of role.findings.slice(0, 20))
      out.push(`- ${f.severity === 'error' ? '🛑' : '⚠️'} ${escapeProse(f.message, 1000)} (${inlineCode(f.code, 80)})`)
    out.push('')
  }
  if (role.status !== 'unchanged') appendAll(out, policyBlocks('Trust policy', role.desired, role.existing, role.changes, detail))
  if (role.permissions && role.permissions.status !== 'unchanged') {
    const p = role.permissions
    appendAll(out, policyBlocks('Permission policy', p.desired, p.existing, p.changes, detail))
  }
  out.push('AWS CLI:', '', codeBlock(awsCliSnippet(role), 'sh'), '')
  if (detail.policies) out.push('Terraform:', '', codeBlock(terraformSnippet(role), 'hcl'), '')
  out.push('</details>', '')
  return out.join('\n')
}

/**
 * What the PR itself changes under the existing-policies directory. The baseline stays the base
 * commit's; these edits are compared base -> head on their own and only ever add to the verdict.
 */
function existingEditsSection(report: DiffReport, rows: number): string[] {
  const edits = report.existing_edits
  if (!edits) return []
  const out = [
    '#### This PR also edits today’s policies',
    '',
    `Today’s policies are read from the base commit ${inlineCode(edits.base.slice(0, 12), 20)}, not from this PR. What the PR changes under ${inlineCode(edits.path, 300)} (base → head ${inlineCode(edits.head.slice(0, 12), 20)}):`,
    ''
  ]
  const items = cached(edits, 'items', () =>
    edits.files.flatMap((f) => [
      `- ${f.widens ? '⚠️ ' : ''}${inlineCode(f.file, 300)} ${f.status}${f.policy === 'other' ? '' : ` (${f.policy} policy)`}${f.widens ? ': **widens**' : ''}`,
      ...f.changes.slice(0, 20).map((c) => `  ${changeItem(c)}`)
    ])
  )
  appendAll(out, boundedList(items, Math.max(rows, 1) * 4, 'line'), [''])
  return out
}

/**
 * The copied providers.tf (`--stack-dir`, `stack-dirs`): those out of step, with what differs and
 * the commands that bring them back in step; the current ones counted.
 */
function stackProvidersSection(report: DiffReport, configPath: string, rows: number): string[] {
  const copies = report.stack_providers
  if (copies === undefined || copies.length === 0) return []
  const stale = staleProviders(report)
  const current = copies.length - stale.length
  const currentLine = current > 0 ? `${plural(current, 'copied `providers.tf` is', 'copied `providers.tf` files are')} the file \`render\` writes now.` : ''
  if (stale.length === 0) return ['#### Copied `providers.tf`', '', `✅ ${currentLine}`, '']
  const items = cached(copies, 'items', () =>
    stale.map(
      (c) => `- 🚫 ${inlineCode(c.stack, 100)} ${inlineCode(c.file, 300)}: **${c.status}**${c.detail === undefined ? '' : ` (${escapeProse(c.detail, 1000)})`}`
    )
  )
  const out = [
    '#### Copied `providers.tf` out of step',
    '',
    'These stacks’ copies are not the file `render` writes for them now: their plans are denied by the Spacelift plan policy, or reach an account no longer declared for the stack.',
    '',
    ...boundedList(items, rows, 'copy', 'copies'),
    ''
  ]
  if (currentLine !== '') out.push(currentLine, '')
  const shown = stale.slice(0, Math.max(rows, 1))
  const more = stale.length > shown.length ? `\n# … and ${plural(stale.length - shown.length, 'more copy', 'more copies')}: see the full report` : ''
  const commands = cached(copies, `fix:${shown.length}`, () => codeBlock(providersFixCommands(configPath, shown) + more, 'sh'))
  out.push(
    'Render again and copy each file over its copy (from the directory these paths are relative to: in a pull request, the repository root):',
    '',
    commands,
    ''
  )
  return out
}

function declarationSection(report: DiffReport, rows: number): string[] {
  const changes = report.declaration_changes
  if (changes === undefined || changes.length === 0) return []
  const items = cached(changes, 'items', () =>
    changes.map(
      (c) =>
        `- ${c.widens ? '⚠️ ' : ''}${escapeInline(c.kind, 40)} ${inlineCode(c.subject, 200)}: ${escapeProse(c.detail, 500)}${c.widens ? ': **widens**' : ''}`
    )
  )
  return ['#### Declaration changes', '', ...boundedList(items, rows, 'declaration change'), '']
}

function verdictsSection(verdicts: readonly PlanVerdict[] | undefined, rows: number): string[] {
  if (verdicts === undefined || verdicts.length === 0) return []
  const out = ['#### Spacelift plan policy', '', '| Stack | Plan | Deny | Warn |', '|---|---|---|---|']
  for (const v of verdicts.slice(0, rows)) {
    out.push(`| ${inlineCode(v.stack, 100, true)} | ${inlineCode(v.plan, 200, true)} | ${v.deny.length > 0 ? `🚫 ${v.deny.length}` : '0'} | ${v.warn.length} |`)
  }
  if (verdicts.length > rows) out.push('', `… ${plural(verdicts.length - rows, 'more plan')} in the full report.`)
  out.push('')
  const messages = cached(verdicts, 'messages', () =>
    verdicts.flatMap((v) => [
      ...v.deny.map((m) => `- 🚫 ${inlineCode(v.stack, 100)}: ${escapeProse(m, 1000)}`),
      ...v.warn.map((m) => `- ⚠️ ${inlineCode(v.stack, 100)}: ${escapeProse(m, 1000)}`)
    ])
  )
  if (messages.length > 0) appendAll(out, boundedList(messages, rows, 'message'), [''])
  return out
}

function warningsSection(report: DiffReport, rows: number): string[] {
  const items = cached(report, 'warningItems', () => [
    ...report.warnings.map(diagnosticItem),
    ...(report.unexpected_files ?? []).map((f) => `- ${inlineCode(f, 300)} matches no declared role`)
  ])
  if (items.length === 0) return []
  return ['<details>', `<summary>${plural(items.length, 'warning')}</summary>`, '', ...boundedList(items, rows, 'warning'), '', '</details>', '']
}

function foldNotice(detail: Detail, full: Detail, where: string): string[] {
  if (detail.diffs === full.diffs && detail.policies === full.policies && detail.roleSections >= full.roleSections && detail.rows >= full.rows) {
    return []
  }
  return [`> [!NOTE]`, `> This report is shortened to fit GitHub’s limits. ${where}`, '']
}

interface RenderOptions {
  marker: string | null
  /** Where the full report is, said when detail is folded. */
  fullReportAt: string
}

function assemble(report: DiffReport | null, ctx: RenderContext, detail: Detail, full: Detail, options: RenderOptions): string {
  const lines: string[] = []
  if (options.marker !== null) lines.push(options.marker)
  lines.push(verdictLine(report, ctx), '')
  appendAll(lines, foldNotice(detail, full, options.fullReportAt))
  appendAll(lines, invalidSection(ctx, detail.rows))
  if (report !== null) {
    const changed = changedRoles(report)
    appendAll(lines, reportErrorsSection(report, detail.rows))
    appendAll(lines, roleTable(report, changed, detail.rows))
    appendAll(lines, existingEditsSection(report, detail.rows))
    appendAll(lines, stackProvidersSection(report, ctx.configPath, detail.rows))
    for (const role of changed.slice(0, detail.roleSections)) lines.push(roleSection(role, detail))
    appendAll(lines, declarationSection(report, detail.rows))
  }
  appendAll(lines, verdictsSection(ctx.policyVerdicts, detail.rows))
  if (report !== null) appendAll(lines, warningsSection(report, detail.rows))
  return `${withoutTrailingNewlines(lines.join('\n').replace(/\n{3,}/g, '\n\n'))}\n`
}

/** The largest n in [0, high] for which `fits(n)` holds, assuming it is monotone; -1 when none. */
function largestFitting(high: number, fits: (n: number) => boolean): number {
  let lo = -1
  let hi = high
  while (lo < hi) {
    const mid = Math.ceil((lo + hi + 1) / 2)
    if (mid <= hi && fits(mid)) lo = mid
    else hi = mid - 1
  }
  return lo
}

function renderWithin(report: DiffReport | null, ctx: RenderContext, limits: RenderLimits, options: RenderOptions): string {
  memo = new Map()
  try {
    return fitWithin(report, ctx, limits, options)
  } finally {
    memo = null
  }
}

function fitWithin(report: DiffReport | null, ctx: RenderContext, limits: RenderLimits, options: RenderOptions): string {
  const roleCount = report === null ? 0 : changedRoles(report).length
  const listSizes = [
    roleCount,
    ctx.invalid?.length ?? 0,
    report?.errors.length ?? 0,
    report?.declaration_changes?.length ?? 0,
    report?.existing_edits?.files.length ?? 0,
    report?.stack_providers?.length ?? 0,
    (report?.warnings.length ?? 0) + (report?.unexpected_files?.length ?? 0),
    ctx.policyVerdicts?.reduce((n, v) => n + 1 + v.deny.length + v.warn.length, 0) ?? 0
  ]
  const full: Detail = { diffs: true, policies: true, roleSections: roleCount, rows: maxOf(listSizes) }
  const attempt = (detail: Detail): string | null => {
    const text = assemble(report, ctx, detail, full, options)
    return fitsWithin(text, limits) ? text : null
  }
  const steps: Detail[] = [full, { ...full, diffs: false }, { ...full, diffs: false, policies: false }]
  for (const step of steps) {
    const text = attempt(step)
    if (text !== null) return text
  }
  const lean: Detail = { ...full, diffs: false, policies: false }
  const sections = largestFitting(roleCount, (n) => attempt({ ...lean, roleSections: n }) !== null)
  if (sections >= 0) return assemble(report, ctx, { ...lean, roleSections: sections }, full, options)
  const rows = largestFitting(full.rows, (n) => attempt({ ...lean, roleSections: 0, rows: n }) !== null)
  const text = assemble(report, ctx, { ...lean, roleSections: 0, rows: Math.max(rows, 0) }, full, options)
  // The skeleton alone (header and notice) is a few hundred characters; limits below that are a bug.
  if (!fitsWithin(text, limits)) throw new Error(`limits ${limits.maxChars} chars / ${limits.maxBytes} bytes are too small for a report`)
  return text
}

/**
 * The PR comment: marker, verdict, role table, a collapsed section per changed role, declaration
 * changes, plan verdicts, warnings. Within `limits` at any size, folding diffs, then policies, then
 * role sections, then table rows and list items, with a note pointing at the job summary.
 */
export function renderComment(report: DiffReport | null, ctx: RenderContext, limits: RenderLimits = COMMENT_LIMITS): string {
  const where = ctx.summaryUrl
    ? `The full report is in the [job summary](${encodeURI(ctx.summaryUrl).replace(/[()]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`)}).`
    : 'The full report is in the job summary of this workflow run.'
  return renderWithin(report, ctx, limits, { marker: ctx.marker ?? commentMarker(ctx.configPath), fullReportAt: where })
}

/** The job summary: the full report, cut (with a note) only past 1 MiB. */
export function renderSummary(report: DiffReport | null, ctx: RenderContext, limits: RenderLimits = SUMMARY_LIMITS): string {
  return renderWithin(report, ctx, limits, {
    marker: null,
    fullReportAt: 'The complete report is the JSON file named by the `report` output of the step.'
  })
}
