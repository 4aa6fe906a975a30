import { afterAll, describe, expect, it } from '@jest/globals'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { compareCommand } from '../../src/cli/commands/compareCommand.js'
import type { CliIO } from '../../src/cli/io.js'
import { parseJsonOutput, type CompareOutput } from '../support/jsonOutput.js'

const dir = mkdtempSync(join(tmpdir(), 'compare-cmd-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))

function file(name: string, content: unknown): string {
  const path = join(dir, name)
  writeFileSync(path, typeof content === 'string' ? content : JSON.stringify(content, null, 2))
  return path
}

function fakeIO() {
  const out: string[] = []
  const err: string[] = []
  const io: CliIO = { stdout: (t) => void out.push(t), stderr: (t) => void err.push(t), color: false, env: {} }
  return { io, out: () => out.join(''), err: () => err.join('') }
}

const trust = (ids: string[]) => ({
  Version: '2012-10-17',
  Statement: [
    { Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::324880187172:root' }, Action: 'sts:AssumeRole', Condition: { StringEquals: { 'sts:ExternalId': ids } } }
  ]
})

describe('stack-accounts compare', () => {
  it('does not take the stack-accounts hub for a stranger: --own-accounts, and a hint without it', async () => {
    const targetTrust = file('target.json', {
      Version: '2012-10-17',
      Statement: [{ Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::111111111111:role/spacelift-hub' }, Action: 'sts:AssumeRole' }]
    })
    const codes = (text: string) => (JSON.parse(text) as { findings: { new: { code: string; message: string }[] } }).findings.new
    const without = fakeIO()
    expect(await compareCommand.run([targetTrust, targetTrust, '--format', 'json'], without.io)).toBe(0)
    expect(codes(without.out())).toEqual([
      {
        severity: 'warning',
        code: 'CROSS_ACCOUNT_WITHOUT_EXTERNAL_ID',
        message: expect.stringContaining(
          'if that account is yours, e.g. the stack-accounts hub trusted by a target role, it needs none: pass --own-accounts ID'
        )
      }
    ])
    const own = fakeIO()
    expect(await compareCommand.run([targetTrust, targetTrust, '--format', 'json', '--own-accounts', '111111111111'], own.io)).toBe(0)
    expect(codes(own.out())).toEqual([])
    const bad = fakeIO()
    expect(await compareCommand.run([targetTrust, targetTrust, '--own-accounts', '1111,x'], bad.io)).toBe(2)
    expect(bad.err()).toContain("--own-accounts takes 12-digit account IDs separated by commas (got '1111')")
  })

  it('prints the JSON of the contract with findings', async () => {
    const oldPath = file('old.json', trust(['a']))
    const newPath = file('new.json', encodeURIComponent(JSON.stringify(trust(['a', 'b']))))
    const { io, out } = fakeIO()
    expect(await compareCommand.run([oldPath, newPath, '--format', 'json'], io)).toBe(0)
    const report = parseJsonOutput<CompareOutput>(out())
    expect(report.widens).toBe(true)
    expect(report.changes).toEqual([expect.objectContaining({ kind: 'condition-values-added', widens: true })])
    expect(report.changes[0]?.detail).toMatch(/^sts:ExternalId values added: b /)
    expect(report.findings).toEqual({ old: [], new: [] })
  })

  it('prints short aligned text, and "no change" for equivalent policies', async () => {
    const a = file('a.json', trust(['a', 'b']))
    const b = file('b.json', {
      Version: '2012-10-17',
      Statement: {
        Effect: 'Allow',
        Principal: { AWS: ['324880187172'] },
        Action: ['STS:AssumeRole'],
        Condition: { StringEquals: { 'sts:externalid': ['b', 'a'] } }
      }
    })
    const same = fakeIO()
    expect(await compareCommand.run([a, b, '--partition', 'aws'], same.io)).toBe(0)
    expect(same.out()).toBe(`${a} -> ${b}: no change, 0 changes\n`)
    const c = file('c.json', { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: '*', Action: 'sts:AssumeRole' }] })
    const widened = fakeIO()
    expect(await compareCommand.run([a, c, '--partition', 'aws'], widened.io)).toBe(0)
    const lines = widened.out().trimEnd().split('\n')
    expect(lines[0]).toBe(`${a} -> ${c}: widens, 2 changes`)
    expect(lines).toContain('findings:')
    expect(lines.some((line) => /^ {2}error +WILDCARD_PRINCIPAL +.*c\.json: Statement 0: trusts every principal/.test(line))).toBe(true)
  })

  it('exits 2 with file:line:col on malformed JSON', async () => {
    const good = file('good.json', trust(['a']))
    const bad = file('bad.json', '{\n  "Version": "2012-10-17",\n  "Statement": [\n}')
    const { io, err, out } = fakeIO()
    expect(await compareCommand.run([good, bad], io)).toBe(2)
    expect(err()).toMatch(new RegExp(`^${bad.replace(/[.\\/]/g, '\\$&')}:4:1: invalid JSON`))
    expect(out()).toBe('')
  })

  it('exits 2 on usage errors and unreadable files', async () => {
    const one = fakeIO()
    expect(await compareCommand.run([file('x.json', trust(['a']))], one.io)).toBe(2)
    expect(one.err()).toMatch(/expected two files/)
    const missing = fakeIO()
    expect(await compareCommand.run([join(dir, 'nope.json'), join(dir, 'nope2.json')], missing.io)).toBe(2)
    expect(missing.err()).toMatch(/nope\.json:1:1: cannot read: ENOENT/)
    const format = fakeIO()
    expect(await compareCommand.run(['a', 'b', '--format', 'xml'], format.io)).toBe(2)
  })

  it('exits 2 with the place of a value out of range (a huge epoch once crashed with exit 3), and of a bad --partition', async () => {
    const good = file('good-epoch.json', trust(['a']))
    const huge = file(
      'huge.json',
      '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"111111111111"},"Action":"sts:AssumeRole",\n "Condition":{"DateGreaterThan":{"aws:CurrentTime":99999999999999999999}}}]}'
    )
    const { io, err } = fakeIO()
    expect(await compareCommand.run([good, huge], io)).toBe(2)
    expect(err()).toMatch(
      /huge\.json:2:34: Statement\[0\]\.Condition\.DateGreaterThan\.aws:CurrentTime: '99999999999999999999' is out of range for a date value/
    )
    expect(err()).not.toMatch(/\n\s+at /)
    const partition = fakeIO()
    expect(await compareCommand.run([good, good, '--partition', 'aws-mars'], partition.io)).toBe(2)
    expect(partition.err()).toMatch(/--partition must be one of aws, aws-cn, aws-us-gov/)
  })

  it('without --partition, says that bare account IDs are read conservatively', async () => {
    const bare = file('bare.json', { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { AWS: '111111111111' }, Action: 'sts:AssumeRole' }] })
    const { io, out } = fakeIO()
    expect(await compareCommand.run([bare, bare, '--format', 'json'], io)).toBe(0)
    const report = parseJsonOutput<CompareOutput>(out())
    expect(report.findings.new.map((f) => f.code)).toContain('PARTITION_UNKNOWN')
    const told = fakeIO()
    expect(await compareCommand.run([bare, bare, '--format', 'json', '--partition', 'aws'], told.io)).toBe(0)
    expect(parseJsonOutput<CompareOutput>(told.out()).findings.new.map((f) => f.code)).not.toContain('PARTITION_UNKNOWN')
  })
})
