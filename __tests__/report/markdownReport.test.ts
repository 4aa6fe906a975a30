import { describe, expect, it } from '@jest/globals'
import type { Diagnostic } from '../../src/common/diagnostics.js'
import { fitsWithin } from '../../src/report/escape.js'
import { commentMarker, COMMENT_LIMITS, renderComment, renderSummary, type RenderContext } from '../../src/report/markdownReport.js'
import { buildReport, hubRole, organisationReport, targetRole, targetTrust } from '../support/report.js'

const ctx = (extra: Partial<RenderContext> = {}): RenderContext => ({
  configPath: 'accounts.yaml',
  marker: commentMarker('accounts.yaml'),
  summaryUrl: 'https://github.com/acme/infra/actions/runs/42',
  ...extra
})

function smallReport() {
  const prod = targetRole({ alias: 'prod', id: '222222222222', status: 'update', widens: true, existing: targetTrust('s3cr3t-prod') })
  const staging = targetRole({ alias: 'staging', id: '333333333333', status: 'create' })
  const dev = targetRole({ alias: 'dev', id: '444444444444', status: 'unchanged', existing: targetTrust(), changes: [] })
  const hub = hubRole(['app-prod', 'networking'], [prod, staging])
  return buildReport([dev, hub, prod, staging], {
    declaration_changes: [
      { kind: 'account-added', subject: 'staging', detail: 'Account staging (333333333333) is new.' },
      { kind: 'stack-accounts-changed', subject: 'networking', detail: 'Now reaches staging.' }
    ],
    warnings: [{ severity: 'warning', file: 'accounts.yaml', path: 'accounts.dev', line: 20, column: 3, message: 'No stack lists account dev.' }]
  })
}

/** Code fences are balanced: each opening fence is closed by the same run. */
function fencesBalanced(text: string): boolean {
  let open: string | null = null
  for (const line of text.split('\n')) {
    const m = /^(`{3,})/.exec(line)
    if (!m) continue
    if (open === null) open = m[1] as string
    else if (line.trim() === open) open = null
  }
  return open === null
}

describe('renderComment', () => {
  it('starts with the hidden marker, then the verdict line', () => {
    const text = renderComment(smallReport(), ctx())
    const [marker, verdict] = text.split('\n')
    expect(marker).toBe('<!-- stack-accounts:config=accounts.yaml -->')
    expect(verdict).toBe('### ⚠️ 3 roles change in `accounts.yaml`, 2 widen trust')
  })

  it('lists the changed roles in a table, widening first, and counts the unchanged ones', () => {
    const text = renderComment(smallReport(), ctx())
    const rows = text.split('\n').filter((l) => l.startsWith('| ') && !l.startsWith('| Account'))
    expect(rows).toEqual([
      '| **hub** | `111111111111` | `/spacelift-hub` | update trust, update permissions | ⚠️ yes |',
      '| prod | `222222222222` | `/spacelift-target` | update trust | ⚠️ yes |',
      '| staging | `333333333333` | `/spacelift-target` | create | no |'
    ])
    expect(text).toContain('1 role is unchanged.')
  })

  it('gives each changed role a collapsed section with changes, policy, diff and snippets', () => {
    const text = renderComment(smallReport(), ctx())
    expect(text.match(/<details>/g)).toHaveLength(4) // 3 roles + warnings
    expect(text.match(/<\/details>/g)).toHaveLength(4)
    expect(text).toContain(`aws iam update-assume-role-policy --profile prod --role-name spacelift-target \\\n  --policy-document "$(cat <<'POLICY'\n{`)
    expect(text).toContain(
      `aws iam create-role --profile staging --role-name spacelift-target --path / \\\n  --assume-role-policy-document "$(cat <<'POLICY'\n{`
    )
    expect(text).toContain('aws iam put-role-policy --profile hub --role-name spacelift-hub --policy-name stack-accounts')
    expect(text).not.toContain('file://')
    expect(text).toContain('resource "aws_iam_role" "target_prod" {')
    expect(text).toContain('assume_role_policy = jsonencode({')
    expect(text).toContain('resource "aws_iam_role_policy" "hub" {')
    // the diff removes the old external ID condition from prod's trust policy
    const prodDiff = text.slice(text.indexOf('<b>prod</b>'))
    expect(prodDiff).toMatch(/```diff\n[\s\S]*^-\s+"Condition": \{$/m)
    expect(prodDiff).toMatch(/^-\s+"sts:ExternalId": "s3cr3t-prod"$/m)
    expect(text).toContain('Against today’s: the policy does not exist yet.')
    expect(fencesBalanced(text)).toBe(true)
  })

  it('includes the policy to apply as JSON that parses back to the desired document', () => {
    const report = smallReport()
    const text = renderComment(report, ctx())
    const staging = text.slice(text.indexOf('<b>staging</b>'))
    const json = /```json\n([\s\S]*?)\n```/.exec(staging)?.[1] as string
    expect(JSON.parse(json)).toEqual(report.roles.find((r) => r.alias === 'staging')?.desired)
  })

  it('shows declaration changes and collapses warnings', () => {
    const text = renderComment(smallReport(), ctx())
    expect(text).toContain('#### Declaration changes')
    expect(text).toContain('- account\\-added `staging`: Account staging \\(333333333333\\) is new.')
    expect(text).toContain('<summary>1 warning</summary>')
    expect(text).toContain('- `accounts.yaml:20:3` `accounts.dev`: No stack lists account dev.')
  })

  it('says there is no IAM change when every role is unchanged', () => {
    const report = buildReport([targetRole({ alias: 'prod', id: '222222222222', status: 'unchanged', existing: targetTrust(), changes: [] })])
    const text = renderComment(report, ctx())
    expect(text.split('\n')[1]).toBe('### ✅ No IAM change in `accounts.yaml`')
    expect(text).not.toContain('<details>')
  })

  it('says how many roles change when none widens', () => {
    const report = buildReport([targetRole({ alias: 'prod', id: '222222222222', status: 'update', widens: false })])
    expect(renderComment(report, ctx()).split('\n')[1]).toBe('### 📝 1 role changes in `accounts.yaml`')
  })

  it('names copies out of step in the headline whatever else it says (the step fails on them)', () => {
    const dev = targetRole({ alias: 'dev', id: '444444444444', status: 'unchanged', existing: targetTrust(), changes: [] })
    const stale = { stack_providers: [{ stack: 'app', path: 'stacks/app', file: 'stacks/app/providers.tf', status: 'stale' as const, detail: 'line 3' }] }
    const edits = { path: 'iam', base: 'a', head: 'b', widens: true, files: [] }
    const weakens = { declaration_changes: [{ kind: 'x', subject: 's', detail: 'd', widens: true }] }
    for (const extra of [{}, { existing_edits: edits }, weakens]) {
      const headline = renderComment(buildReport([dev], { ...stale, ...extra } as Parameters<typeof buildReport>[1]), ctx()).split('\n')[1]
      expect(headline).toMatch(/🚫 1 copied `providers\.tf` out of step$/)
    }
  })

  it('lists the errors of an invalid declaration with file:line:col', () => {
    const invalid: Diagnostic[] = [
      { severity: 'error', file: 'accounts.yaml', path: 'accounts.prod.id', line: 12, column: 9, message: 'must be a quoted string of 12 digits' },
      { severity: 'error', file: 'accounts.yaml', path: 'stacks.app.accounts', line: 30, column: 15, message: 'unknown alias "prd" (did you mean "prod"?)' }
    ]
    const text = renderComment(null, ctx({ invalid }))
    expect(text.split('\n')[1]).toBe('### ❌ `accounts.yaml` is invalid: 2 errors, no IAM change computed')
    expect(text).toContain('- `accounts.yaml:12:9` `accounts.prod.id`: must be a quoted string of 12 digits')
    expect(text).toContain('- `accounts.yaml:30:15` `stacks.app.accounts`: unknown alias &quot;prd&quot; \\(did you mean &quot;prod&quot;?\\)')
  })

  it('renders the Spacelift plan policy verdicts', () => {
    const text = renderComment(
      smallReport(),
      ctx({ policyVerdicts: [{ stack: 'app-prod', plan: 'plans/app.json', deny: ['provider aws.x assumes an undeclared role'], warn: [] }] })
    )
    expect(text.split('\n')[1]).toContain('🚫 1 plan policy denial')
    expect(text).toContain('| `app-prod` | `plans/app.json` | 🚫 1 | 0 |')
    expect(text).toContain('- 🚫 `app-prod`: provider aws.x assumes an undeclared role')
  })

  it('escapes hostile text from files and AWS', () => {
    const prod = targetRole({
      alias: 'prod',
      id: '222222222222',
      status: 'update',
      changes: [{ kind: 'x', detail: '</details><img src=x onerror=alert(1)> @octocat #1 [click](http://evil) ```', widens: true }]
    })
    const report = buildReport([prod], {
      warnings: [{ severity: 'warning', file: 'a`ccounts.yaml', path: 'x', line: 1, column: 1, message: '| broken | table |\n# heading' }]
    })
    const text = renderComment(report, ctx())
    expect(text.match(/<details>/g)).toHaveLength(text.match(/<\/details>/g)?.length ?? 0)
    expect(text).not.toContain('<img')
    expect(text).not.toMatch(/@octocat/)
    expect(text).not.toMatch(/#1\b/)
    expect(text).not.toContain('[click](http://evil)')
    expect(text).not.toMatch(/^# heading/m)
    expect(text).toContain('``a`ccounts.yaml:1:1``')
  })

  it('is deterministic', () => {
    expect(renderComment(smallReport(), ctx())).toBe(renderComment(smallReport(), ctx()))
  })
})

describe('renderComment within limits', () => {
  it('keeps a 1,000-account organisation within 60,000 characters and 262,144 bytes', () => {
    const text = renderComment(organisationReport(1000), ctx())
    expect(fitsWithin(text, COMMENT_LIMITS)).toBe(true)
    expect(text.startsWith('<!-- stack-accounts:config=accounts.yaml -->\n### ⚠️ 1001 roles change')).toBe(true)
    expect(text).toContain('The full report is in the [job summary](https://github.com/acme/infra/actions/runs/42).')
    expect(fencesBalanced(text)).toBe(true)
    expect(text.match(/<details>/g)?.length).toBe(text.match(/<\/details>/g)?.length)
  })

  it('folds diffs first, then policies, then role sections, then rows', () => {
    const report = organisationReport(40)
    const full = renderComment(report, ctx(), { maxChars: 10_000_000, maxBytes: 10_000_000 })
    expect(full).toContain('```diff')
    expect(full).not.toContain('[!NOTE]')
    const noDiff = full.replace(/```diff[\s\S]*?\n```\n/g, '')
    const limitA = { maxChars: full.length - 1, maxBytes: 10_000_000 }
    const a = renderComment(report, ctx(), limitA)
    expect(a).not.toContain('```diff')
    expect(a).toContain('```json')
    expect(a).toContain('[!NOTE]')
    expect(noDiff.length).toBeGreaterThan(a.length - 200)
    const b = renderComment(report, ctx(), { maxChars: a.length - 1, maxBytes: 10_000_000 })
    expect(b).not.toContain('```json')
    expect(b).toContain('```sh')
    const sectionsB = b.match(/<details>/g)?.length ?? 0
    const c = renderComment(report, ctx(), { maxChars: 4000, maxBytes: 10_000_000 })
    expect(c.match(/<details>/g)?.length ?? 0).toBeLessThan(sectionsB)
    expect(c.length).toBeLessThanOrEqual(4000)
    const d = renderComment(report, ctx(), { maxChars: 1500, maxBytes: 10_000_000 })
    expect(d).not.toContain('<details>')
    expect(d).toMatch(/… \d+ more changed roles in the full report\./)
    expect(d.length).toBeLessThanOrEqual(1500)
  })

  it('counts bytes as well as characters', () => {
    const report = organisationReport(30)
    const text = renderComment(report, ctx(), { maxChars: 1_000_000, maxBytes: 5000 })
    expect(Buffer.byteLength(text)).toBeLessThanOrEqual(5000)
  })
})

describe('renderSummary', () => {
  it('has no marker and stays within 1 MiB for 1,000 accounts, with a note when cut', () => {
    const text = renderSummary(organisationReport(1000), ctx())
    expect(text.startsWith('### ⚠️ 1001 roles change')).toBe(true)
    expect(Buffer.byteLength(text)).toBeLessThanOrEqual(1048576)
    expect(text.length).toBeGreaterThan(60000)
  })

  it('holds the whole report when it fits', () => {
    const text = renderSummary(smallReport(), ctx())
    expect(text).not.toContain('[!NOTE]')
    expect(text).toContain('```diff')
  })
})
