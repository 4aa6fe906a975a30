import { beforeEach, describe, expect, it, jest } from '@jest/globals'
import type { Diagnostic } from '../../src/common/diagnostics.js'
import { coreMock, record, resetCore } from './coreMock.js'

jest.unstable_mockModule('@actions/core', () => coreMock)
const { annotate } = await import('../../src/action/annotations.js')

const diag = (severity: Diagnostic['severity'], i: number): Diagnostic => ({
  severity,
  file: 'accounts.yaml',
  path: `accounts.a${i}.id`,
  line: i + 1,
  column: 5,
  message: `problem ${i}`
})

describe('annotate', () => {
  beforeEach(() => resetCore())

  it('annotates each diagnostic on its file, line and column', () => {
    annotate([diag('error', 0), diag('warning', 1)].map((d) => ({ ...d, file: 'infra/./accounts.yaml' })))
    expect(record.errors).toEqual([
      { message: 'accounts.a0.id: problem 0', properties: { title: 'stack-accounts', file: 'infra/accounts.yaml', startLine: 1, startColumn: 5 } }
    ])
    expect(record.warnings).toEqual([
      { message: 'accounts.a1.id: problem 1', properties: { title: 'stack-accounts', file: 'infra/accounts.yaml', startLine: 2, startColumn: 5 } }
    ])
  })

  it('annotates a file whose name holds backslashes on that file (names come relative to the repository, separators already turned)', () => {
    annotate([{ ...diag('warning', 0), file: 'iam/x\\..\\..\\README.md at 0123456789ab' }])
    expect(record.warnings[0]?.properties).toMatchObject({ file: 'iam/x\\..\\..\\README.md' })
  })

  it('emits at most 10 errors and 10 warnings, the last saying how many more', () => {
    const counts = annotate([...Array.from({ length: 25 }, (_, i) => diag('error', i)), ...Array.from({ length: 12 }, (_, i) => diag('warning', i))])
    expect(counts).toEqual({ errors: 10, warnings: 10 })
    expect(record.errors).toHaveLength(10)
    expect(record.warnings).toHaveLength(10)
    expect(record.errors[9]?.message).toBe('accounts.a9.id: problem 9 (and 15 more errors in the job summary)')
    expect(record.warnings[9]?.message).toBe('accounts.a9.id: problem 9 (and 2 more warnings in the job summary)')
    expect(record.errors[8]?.message).toBe('accounts.a8.id: problem 8')
  })

  it('emits exactly 10 without a note when there are 10', () => {
    annotate(Array.from({ length: 10 }, (_, i) => diag('error', i)))
    expect(record.errors.map((e) => e.message).some((m) => m.includes('more'))).toBe(false)
    expect(record.errors).toHaveLength(10)
  })
})
