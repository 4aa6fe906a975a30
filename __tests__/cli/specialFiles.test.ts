/**
 * Only regular files are read, with the size bound applied while reading: a FIFO, /dev/zero or a
 * directory given where a file is expected is refused at once with exit 2 (a FIFO with no writer
 * used to hang the open; /dev/zero used to grow without end). Real FIFOs (mkfifo), the real
 * /dev/zero. A hang fails the test by its timeout.
 */
import { describe, expect, it } from '@jest/globals'
import { execFileSync } from 'node:child_process'
import { cpSync, existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { analyse } from '../../src/action/analyse.js'
import { readRegularFile } from '../../src/common/readRegularFile.js'
import { cli } from '../support/cli.js'

const EXAMPLE = path.resolve('examples/acme')
const TIMEOUT = 15_000

function workspace(): { dir: string; fifo: string; policy: string } {
  const dir = mkdtempSync(path.join(tmpdir(), 'stack-accounts-special-'))
  const fifo = path.join(dir, 'pipe.json')
  execFileSync('mkfifo', [fifo])
  const policy = path.join(dir, 'policy.json')
  writeFileSync(
    policy,
    JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { AWS: '111111111111' }, Action: 'sts:AssumeRole' }] })
  )
  return { dir, fifo, policy }
}

const hasDevZero = existsSync('/dev/zero')

describe('readRegularFile', () => {
  const hasProcStatus = existsSync('/proc/self/status')
  ;(hasProcStatus ? it : it.skip)('reads a regular file whose size fstat gives as 0 to its end (nothing lost: /proc files have content)', () => {
    const reading = readRegularFile('/proc/self/status', 1024 * 1024)
    expect(reading.ok).toBe(true)
    if (!reading.ok) return
    expect(reading.text.split('\n').length).toBeGreaterThan(10)
    expect(reading.text).toMatch(/^Name:/)
    expect(reading.text).toContain('\nPid:')
  })

  it(
    'refuses a FIFO, /dev/zero and a directory at once, and bounds a regular file while reading',
    () => {
      const { dir, fifo, policy } = workspace()
      expect(readRegularFile(fifo, 1024)).toMatchObject({ ok: false, reason: 'not-regular' })
      if (hasDevZero) expect(readRegularFile('/dev/zero', 1024)).toMatchObject({ ok: false, reason: 'not-regular' })
      expect(readRegularFile(dir, 1024)).toMatchObject({ ok: false, reason: 'not-regular', message: 'is a directory, not a file' })
      expect(readRegularFile(path.join(dir, 'absent.json'), 1024)).toMatchObject({ ok: false, reason: 'missing' })
      expect(readRegularFile(policy, 10)).toMatchObject({ ok: false, reason: 'too-large' })
      expect(readRegularFile(policy, 1024)).toMatchObject({ ok: true })
      writeFileSync(path.join(dir, 'latin1.txt'), Buffer.from([0xe9, 0x0a]))
      expect(readRegularFile(path.join(dir, 'latin1.txt'), 1024)).toMatchObject({ ok: false, reason: 'not-utf8' })
    },
    TIMEOUT
  )
})

describe('every file the CLI and the action read', () => {
  it(
    'compare OLD NEW',
    async () => {
      const { fifo, policy } = workspace()
      for (const special of [fifo, ...(hasDevZero ? ['/dev/zero'] : [])]) {
        for (const args of [
          [special, policy],
          [policy, special]
        ]) {
          const result = await cli('compare', ...args)
          expect(result.code).toBe(2)
          expect(result.stderr).toContain('is not a regular file (a FIFO, socket or device); refused')
          expect(result.stderr).not.toMatch(/\n\s+at /)
        }
      }
    },
    TIMEOUT
  )

  it(
    '--config of validate and diff',
    async () => {
      const { fifo } = workspace()
      for (const special of [fifo, ...(hasDevZero ? ['/dev/zero'] : [])]) {
        for (const command of ['validate', 'diff']) {
          const result = await cli(command, '--config', special, ...(command === 'diff' ? ['--existing', path.join(EXAMPLE, 'existing')] : []))
          expect(result.code).toBe(2)
          expect(result.stderr).toContain('is not a regular file')
        }
      }
    },
    TIMEOUT
  )

  it(
    "--existing: a FIFO or /dev/zero among the policy files is that role's error; /dev/zero as the directory is refused",
    async () => {
      const { dir } = workspace()
      const existing = path.join(dir, 'existing')
      cpSync(path.join(EXAMPLE, 'existing'), existing, { recursive: true })
      // The target role of account 333333333333 is read from a FIFO instead of its file.
      const target = path.join(existing, '333333333333', 'spacelift-target.json')
      rmSync(target)
      execFileSync('mkfifo', [target])
      const result = await cli('diff', '--config', path.join(EXAMPLE, 'accounts.yaml'), '--existing', existing, '--format', 'json')
      // That role could not be read: the report is incomplete, which fails the command whatever --fail-on says.
      expect(result.code).toBe(1)
      expect(`${result.stdout}${result.stderr}`).toContain('not a regular file')
      if (hasDevZero) {
        const zero = await cli('diff', '--config', path.join(EXAMPLE, 'accounts.yaml'), '--existing', '/dev/zero')
        expect(zero.code).toBe(2)
      }
    },
    TIMEOUT
  )

  it(
    'render --out: a FIFO where render would write is refused, not opened',
    async () => {
      const { dir } = workspace()
      const out = path.join(dir, 'out')
      expect((await cli('render', '--config', path.join(EXAMPLE, 'accounts.yaml'), '--out', out)).code).toBe(0)
      const generated = path.join(out, 'iam', '333333333333', 'spacelift-target.trust.json')
      expect(existsSync(generated)).toBe(true)
      rmSync(generated)
      execFileSync('mkfifo', [generated])
      const result = await cli('render', '--config', path.join(EXAMPLE, 'accounts.yaml'), '--out', out)
      expect(result.code).toBe(2)
      expect(result.stderr).toContain('is not a regular file')
    },
    TIMEOUT
  )

  it(
    'check-plan --plan',
    async () => {
      const { fifo } = workspace()
      for (const special of [fifo, ...(hasDevZero ? ['/dev/zero'] : [])]) {
        const result = await cli('check-plan', '--config', path.join(EXAMPLE, 'accounts.yaml'), '--plan', special, '--stack', 'app-prod')
        expect(result.code).toBe(2)
        expect(result.stderr).toContain('is not a regular file')
      }
    },
    TIMEOUT
  )

  it(
    "the action's plans input",
    async () => {
      const { fifo } = workspace()
      const { readFileSync } = await import('node:fs')
      for (const special of [fifo, ...(hasDevZero ? ['/dev/zero'] : [])]) {
        const result = await analyse({
          headText: readFileSync(path.join(EXAMPLE, 'accounts.yaml'), 'utf8'),
          baseText: null,
          hasBase: false,
          configPath: 'accounts.yaml',
          existingDir: path.join(EXAMPLE, 'existing'),
          quota: 2048,
          plans: [{ stack: 'app-prod', path: special }]
        })
        expect(result.diagnostics.some((d) => d.severity === 'error' && d.message.includes('is not a regular file'))).toBe(true)
      }
    },
    TIMEOUT
  )
})
