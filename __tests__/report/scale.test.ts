/**
 * No recursion or argument spreading over input size in the renderers. At 75,000 accounts (a valid
 * file under the size limit) the hub alone has 150,000 changes, and the lists (warnings,
 * declaration changes, errors) as many items: `push(...list)` with that many arguments overflows the
 * stack. The role count is kept small here so the test stays quick; the lists are full size.
 * Sizes, not timings, are asserted (speed is measured by bench/).
 */
import { describe, expect, it } from '@jest/globals'
import { COMMENT_LIMITS, renderComment, renderSummary, SUMMARY_LIMITS } from '../../src/report/markdownReport.js'
import { renderTextReport } from '../../src/report/textReport.js'
import { createStyle } from '../../src/report/style.js'
import { organisationReport } from '../support/report.js'

const ITEMS = 150000

describe('renderers with lists of 150,000 items', () => {
  const report = organisationReport(1000)
  const hub = report.roles[0]!
  hub.changes = Array.from({ length: ITEMS }, (_, i) => ({
    kind: 'external-id-added',
    detail: `external ID acme@*@stack-${i}@read may now assume the hub role`,
    widens: true
  }))
  report.warnings = Array.from({ length: ITEMS }, (_, i) => ({
    severity: 'warning' as const,
    file: 'accounts.yaml',
    path: `accounts.account_${i}`,
    line: i + 1,
    column: 3,
    message: 'no stack lists this account'
  }))
  report.declaration_changes = Array.from({ length: ITEMS }, (_, i) => ({ kind: 'account-added' as const, subject: `account_${i}`, detail: 'new account' }))
  report.errors = Array.from({ length: ITEMS }, (_, i) => ({ file: `iam/${i}/r.json`, line: 1, column: 1, message: 'cannot be read' }))

  it('writes the job summary and the comment within their limits', () => {
    const ctx = { configPath: 'accounts.yaml' }
    const summary = renderSummary(report, ctx)
    expect(summary.length).toBeLessThanOrEqual(SUMMARY_LIMITS.maxChars)
    expect(summary).toMatch(
      /^### ❌ Incomplete: 150000 errors, so `accounts\.yaml` cannot be fully checked against today’s IAM · 1001 roles change, 1 widens trust/
    )
    const comment = renderComment(report, ctx)
    expect(comment.length).toBeLessThanOrEqual(COMMENT_LIMITS.maxChars)
    expect(comment).toContain('This report is shortened')
  })

  it('writes the text report', () => {
    const text = renderTextReport(report, createStyle(false))
    expect(text.split('\n').length).toBeGreaterThan(4 * ITEMS)
  })
})
