/**
 * Terminal output and annotation messages cannot be turned against their reader: ESC, CR, BEL and
 * bidi overrides from YAML keys, policy contents or file names are shown escaped, never obeyed.
 */
import { describe, expect, it, jest } from '@jest/globals'
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { terminalSafe } from '../../src/report/terminal.js'
import { createStyle } from '../../src/report/style.js'
import { cli } from '../support/cli.js'
import { BASE } from '../config/helpers.js'
import { coreMock, record, resetCore } from '../action/coreMock.js'

jest.unstable_mockModule('@actions/core', () => coreMock)
const { annotate } = await import('../../src/action/annotations.js')

// eslint-disable-next-line no-control-regex
const RAW_CONTROLS = /[\u0000-\u0008\u000B-\u001F\u007F-\u009F\u202A-\u202E\u2066-\u2069]/

describe('terminalSafe', () => {
  it('shows controls and bidi overrides as \\uXXXX and keeps newlines, tabs and our own colours', () => {
    expect(terminalSafe('a\u001b]0;pwned\u0007b\rc\u202Ed\te\n')).toBe('a\\u001b]0;pwned\\u0007b\\u000dc\\u202ed\te\n')
    expect(terminalSafe('\u001b[2J\u001b[H')).toBe('\\u001b[2J\\u001b[H')
    const red = createStyle(true).red('x')
    expect(terminalSafe(red, true)).toBe(red)
    expect(terminalSafe(red, false)).toBe('\\u001b[31mx\\u001b[39m')
  })

  it('keeps JSON valid: an escaped character is the same character', () => {
    const json = JSON.stringify({ key: 'x\u202Ey\u0085' })
    expect(JSON.parse(terminalSafe(json))).toEqual({ key: 'x\u202Ey\u0085' })
  })
})

describe('the CLI and the annotations', () => {
  it('escapes a YAML key that carries a terminal title sequence, a screen clear and a bidi override', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'sa-term-'))
    const file = path.join(dir, 'accounts.yaml')
    writeFileSync(file, `${BASE}"\\e]0;pwned\\a\\e[2J\\r\\u202Eevil": 1\n`)
    for (const format of ['text', 'json']) {
      const result = await cli('validate', '--config', file, '--format', format)
      expect(result.code).toBe(2)
      const out = result.stdout + result.stderr
      expect(out).not.toMatch(RAW_CONTROLS)
      expect(out).toContain(format === 'text' ? '\\u001b]0;pwned\\u0007\\u001b[2J\\u000d\\u202eevil' : '\\u001b]0;pwned\\u0007\\u001b[2J\\r\\u202eevil')
    }
  })

  it('escapes annotation messages and keeps an absolute file path absolute', () => {
    resetCore()
    annotate([{ severity: 'error', file: '/home/runner/plans/app.json', path: 'x\u001b[2J', line: 3, column: 4, message: 'bad\rfake line\u0007' }])
    const [annotation] = record.errors
    expect(annotation?.message).toBe('x\\u001b[2J: bad\\u000dfake line\\u0007')
    expect(annotation?.properties).toMatchObject({ file: '/home/runner/plans/app.json', startLine: 3, startColumn: 4 })
  })
})

describe('no fake lines', () => {
  const FAKE = 'valid: accounts.yaml: 7 accounts, 6 stacks, 8 roles, 0 warnings'

  it("a YAML key holding a newline stays on its diagnostic's line in the terminal and in annotations", async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'sa-term-'))
    const file = path.join(dir, 'accounts.yaml')
    writeFileSync(file, BASE.replace('  app-prod:\n', `  "app-prod\\n${FAKE}":\n`))
    const result = await cli('validate', '--config', file)
    expect(result.code).toBe(2)
    const lines = (result.stdout + result.stderr).split('\n')
    expect(lines.filter((l) => l.startsWith('valid:'))).toEqual([])
    expect(lines.find((l) => l.includes(FAKE))).toContain(`app-prod\\n${FAKE}`)
    resetCore()
    annotate([{ severity: 'error', file: 'accounts.yaml', path: `stacks.app-prod\n${FAKE}`, line: 3, column: 4, message: `stack ID 'x\n${FAKE}' is bad` }])
    expect(record.errors[0]?.message).toBe(`stacks.app-prod\\n${FAKE}: stack ID 'x\\n${FAKE}' is bad`)
  })

  it("a file name holding a newline stays on its line in diff's list of files no role claims", async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'sa-term-'))
    const config = path.join(dir, 'accounts.yaml')
    writeFileSync(config, BASE)
    const existing = path.join(dir, 'existing', '222222222222')
    mkdirSync(existing, { recursive: true })
    writeFileSync(path.join(existing, `x\n${FAKE}.json`), '{}')
    const result = await cli('diff', '--config', config, '--existing', path.join(dir, 'existing'))
    const lines = (result.stdout + result.stderr).split('\n')
    expect(lines.filter((l) => l.startsWith('valid:'))).toEqual([])
    expect(lines.find((l) => l.includes(FAKE))).toContain(`x\\n${FAKE}.json`)
  })
})
