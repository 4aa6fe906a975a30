import { describe, it, expect, beforeAll, afterAll } from '@jest/globals'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { MAX_CONFIG_BYTES } from '../../src/config/accounts.js'
import { loadConfigFile, parseConfigText } from '../../src/config/load.js'
import { formatDiagnostic } from '../../src/common/diagnostics.js'
import { BASE } from './helpers.js'

let dir: string
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'stack-accounts-config-'))
})
afterAll(() => rmSync(dir, { recursive: true, force: true }))

describe('loadConfigFile', () => {
  it('reads and validates a file, naming it as given', () => {
    const file = join(dir, 'accounts.yaml')
    writeFileSync(file, BASE.replace('version: 1', 'version: 7'))
    const result = loadConfigFile(file)
    expect(result.declaration).toBeNull()
    expect(result.diagnostics.map(formatDiagnostic)).toEqual([`${file}:1:10: version: must be 1: the only format version this release reads (got 7)`])
    writeFileSync(file, BASE)
    expect(loadConfigFile(file).declaration?.accounts.map((a) => a.alias)).toEqual(['prod', 'staging'])
  })

  it('reports a missing file as a diagnostic, not a throw', () => {
    const file = join(dir, 'nope.yaml')
    const result = loadConfigFile(file)
    expect(result.declaration).toBeNull()
    expect(result.diagnostics).toEqual([
      {
        severity: 'error',
        file,
        path: '',
        line: 1,
        column: 1,
        message: 'file not found (set --config, or the action input config, to your accounts.yaml)'
      }
    ])
    expect(result.locate(['accounts'])).toEqual({ line: 1, column: 1 })
  })

  it('reports a directory as a diagnostic', () => {
    expect(loadConfigFile(dir).diagnostics.map((d) => d.message)).toEqual(['is a directory, not a YAML file'])
  })

  it('refuses a file over 5 MB before parsing it', () => {
    const file = join(dir, 'huge.yaml')
    // Unparseable on purpose: had it been parsed, YAML syntax errors would be reported instead.
    writeFileSync(file, '['.repeat(MAX_CONFIG_BYTES + 1))
    const result = loadConfigFile(file)
    expect(result.declaration).toBeNull()
    expect(result.diagnostics.map(formatDiagnostic)).toEqual([
      `${file}:1:1: the file is larger than 5 MB (${MAX_CONFIG_BYTES + 1} bytes): refusing to parse it`
    ])
  })

  it('parses a file of exactly 5 MB', () => {
    const file = join(dir, 'limit.yaml')
    const line = '# padding\n'
    writeFileSync(file, line.repeat(Math.floor(MAX_CONFIG_BYTES / line.length)) + '#'.repeat(MAX_CONFIG_BYTES % line.length))
    expect(loadConfigFile(file).diagnostics.map((d) => d.message)).toEqual([
      "the file is empty (or only comments): it must be a mapping that starts with 'version: 1'"
    ])
  })
})

describe('parseConfigText size guard', () => {
  it('counts UTF-8 bytes, not characters', () => {
    const text = `# ${'€'.repeat(Math.ceil(MAX_CONFIG_BYTES / 3) + 1)}\n`
    expect(text.length).toBeLessThan(MAX_CONFIG_BYTES)
    expect(parseConfigText(text, 'accounts.yaml').diagnostics.map((d) => d.message)).toEqual([
      `the file is larger than 5 MB (${Buffer.byteLength(text)} bytes): refusing to parse it`
    ])
  })
})
