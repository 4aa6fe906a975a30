import { describe, expect, it } from '@jest/globals'
import { judge } from '../../src/action/stepVerdict.js'
import { renderComment } from '../../src/report/markdownReport.js'
import type { Diagnostic } from '../../src/common/diagnostics.js'
import { buildReport, targetRole, targetTrust } from '../support/report.js'

const unchanged = buildReport([targetRole({ alias: 'prod', id: '222222222222', status: 'unchanged', existing: targetTrust(), changes: [] })])
const narrowing = buildReport([targetRole({ alias: 'prod', id: '222222222222', status: 'update', widens: false })])
const widening = buildReport([targetRole({ alias: 'prod', id: '222222222222', status: 'update', widens: true })])
const error: Diagnostic = { severity: 'error', file: 'accounts.yaml', path: 'x', line: 1, column: 1, message: 'bad' }

describe('judge (fail-on)', () => {
  it('passes when nothing changes, whatever fail-on says', () => {
    for (const failOn of ['widening', 'changes', 'never'] as const) {
      expect(judge(failOn, 'accounts.yaml', unchanged, [], [])).toEqual({ hasChanges: false, widens: false, failure: null })
    }
  })

  it('fails on widening with widening and changes, not with never', () => {
    expect(judge('widening', 'accounts.yaml', widening, [], []).failure).toMatch(/widens/)
    expect(judge('changes', 'accounts.yaml', widening, [], []).failure).toMatch(/widens/)
    expect(judge('never', 'accounts.yaml', widening, [], [])).toEqual({ hasChanges: true, widens: true, failure: null })
  })

  it('fails on a non-widening change only with changes', () => {
    expect(judge('widening', 'accounts.yaml', narrowing, [], []).failure).toBeNull()
    expect(judge('changes', 'accounts.yaml', narrowing, [], []).failure).toBe('IAM changes are needed (fail-on: changes).')
  })

  it('always fails on an invalid declaration, even with never', () => {
    expect(judge('never', 'accounts.yaml', null, [error], []).failure).toBe('accounts.yaml is invalid: 1 error (see the annotations and the job summary).')
  })

  it('always fails on report errors, and on plan denials unless never', () => {
    const withErrors = { ...unchanged, errors: [{ message: 'trust policy too large' }] }
    expect(judge('never', 'accounts.yaml', withErrors, [], []).failure).toBe('Incomplete: 1 error, so what exists today is not known (see the job summary).')
    const denied = [{ stack: 'app', plan: 'p.json', deny: ['no'], warn: [] }]
    expect(judge('widening', 'accounts.yaml', unchanged, [], denied).failure).toMatch(/denies 1 change/)
    expect(judge('never', 'accounts.yaml', unchanged, [], denied).failure).toBeNull()
  })

  it('names a bad plan file as such, not as an invalid accounts.yaml, in the failure and the comment', async () => {
    const plan: Diagnostic = { severity: 'error', file: '/work/plans/app.json', path: '', line: 1, column: 1, message: 'invalid JSON' }
    expect(judge('never', 'accounts.yaml', narrowing, [plan], []).failure).toBe('1 error in /work/plans/app.json (see the annotations and the job summary).')
    const { renderComment } = await import('../../src/report/markdownReport.js')
    const comment = renderComment(narrowing, { configPath: 'accounts.yaml', invalid: [plan] })
    expect(comment).not.toMatch(/accounts\.yaml` is invalid/)
    expect(comment.split('\n')[1]).toBe('### ❌ 1 error in `/work/plans/app.json`')
    expect(comment).toContain('#### Errors\n')
  })

  it('counts a widening edit of today’s policies in the PR toward widens and fail-on', () => {
    const edits = { ...unchanged, existing_edits: { path: 'iam', base: 'a'.repeat(40), head: 'b'.repeat(40), widens: true, files: [] } }
    expect(judge('widening', 'accounts.yaml', edits, [], [])).toEqual({
      hasChanges: false,
      widens: true,
      failure: expect.stringMatching(/edits today's policies under iam/)
    })
  })

  it('does not head a report whose roles could not be read "No IAM change"', async () => {
    const { renderComment } = await import('../../src/report/markdownReport.js')
    const unreadable = { ...unchanged, errors: [{ arn: 'arn:aws:iam::222222222222:role/t', file: 'iam/222222222222/t.json', message: 'invalid JSON' }] }
    const heading = renderComment(unreadable, { configPath: 'accounts.yaml' }).split('\n')[1]
    expect(heading).not.toMatch(/No IAM change/)
    expect(heading).toBe(
      '### ❌ Incomplete: 1 role could not be read (`arn:aws:iam::222222222222:role/t`), so `accounts.yaml` cannot be fully checked against today’s IAM'
    )
    expect(judge('never', 'accounts.yaml', unreadable, [], []).failure).toBe(
      'Incomplete: 1 role could not be read (arn:aws:iam::222222222222:role/t), so what exists today is not known (see the job summary).'
    )
  })
})

describe('judge (fail-on), a declaration change that weakens the plan policy', () => {
  it('counts toward widens and fails on widening, with no role changed', () => {
    const weakened = {
      ...unchanged,
      declaration_changes: [
        { kind: 'setting-changed' as const, subject: 'policy.unverifiable', detail: 'policy.unverifiable: deny -> warn', widens: true as const }
      ]
    }
    expect(judge('widening', 'accounts.yaml', weakened, [], [])).toEqual({
      hasChanges: true,
      widens: true,
      failure: 'accounts.yaml weakens the Spacelift plan policy: policy.unverifiable: deny -> warn (see the job summary).'
    })
    expect(judge('never', 'accounts.yaml', weakened, [], []).failure).toBeNull()
    const comment = renderComment(weakened, { configPath: 'accounts.yaml' })
    expect(comment.split('\n')[1]).toBe('### ⚠️ No IAM change in `accounts.yaml`, but it weakens the Spacelift plan policy')
    expect(comment).toContain('- ⚠️ setting\\-changed `policy.unverifiable`: policy.unverifiable\\: deny \\-&gt; warn: **widens**')
  })
})
