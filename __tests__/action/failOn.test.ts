import { describe, expect, it } from '@jest/globals'
import { judge } from '../../src/action/failOn.js'
import type { Diagnostic } from '../../src/diagnostics.js'
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
    expect(judge('never', 'accounts.yaml', withErrors, [], []).failure).toMatch(/1 error in the report/)
    const denied = [{ stack: 'app', plan: 'p.json', deny: ['no'], warn: [] }]
    expect(judge('widening', 'accounts.yaml', unchanged, [], denied).failure).toMatch(/denies 1 change/)
    expect(judge('never', 'accounts.yaml', unchanged, [], denied).failure).toBeNull()
  })
})
