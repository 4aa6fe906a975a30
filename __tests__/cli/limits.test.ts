/**
 * IAM's limits end to end (issue 12): validate refuses what IAM would reject, at the accounts.yaml
 * line that chooses the form, with the remedy; render then writes documents within every limit.
 */
import { describe, expect, it } from '@jest/globals'
import { mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { syntheticAccountsYaml, type SyntheticOptions } from '../../src/config/synthetic.js'
import { policySize, ROLE_INLINE_POLICIES_LIMIT, DEFAULT_TRUST_POLICY_QUOTA } from '../../src/generate/iam/iamQuota.js'
import type { PolicyDocument } from '../../src/iamDocument/types.js'
import { cli } from '../support/cli.js'
import { parseJsonOutput, readJsonFile, type DiffReport, type ValidateOutput } from '../support/jsonOutput.js'

const temp = () => mkdtempSync(path.join(tmpdir(), 'sa-limits-'))

function writeConfig(accounts: number, stacks: number, options: SyntheticOptions = {}): { file: string; text: string } {
  const file = path.join(temp(), 'accounts.yaml')
  const text = syntheticAccountsYaml(accounts, stacks, options)
  writeFileSync(file, text)
  return { file, text }
}

/** 1-based line of the first line of `text` equal to `line`. */
const lineOf = (text: string, line: string) => text.split('\n').indexOf(line) + 1

function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name)
    return statSync(full).isDirectory() ? filesUnder(full) : [full]
  })
}

/** Every rendered IAM document's size against its limit: trust policies the default quota, the hub's inline policy 10,240. */
function expectRenderedWithinLimits(out: string): { trust: number; permissions: number; files: number } {
  const files = filesUnder(path.join(out, 'iam'))
  let trust = 0
  let permissions = 0
  for (const file of files) {
    const size = policySize(readJsonFile<PolicyDocument>(file))
    if (file.endsWith('.permissions.json')) {
      permissions = size
      expect(size).toBeLessThanOrEqual(ROLE_INLINE_POLICIES_LIMIT)
    } else {
      trust = Math.max(trust, size)
      expect(size).toBeLessThanOrEqual(DEFAULT_TRUST_POLICY_QUOTA)
    }
  }
  return { trust, permissions, files: files.length }
}

describe('the hub permission policy against the 10,240 inline limit', () => {
  it('refuses 300 accounts on hub.permissions: exact at the hub, naming the size, the limit and the form that fits', async () => {
    const { file, text } = writeConfig(300, 10)
    const result = await cli('validate', '--config', file)
    expect(result.code).toBe(2)
    const hubLine = lineOf(text, 'hub:')
    expect(result.stderr).toContain(`${file}:${hubLine}:1: hub: the hub role's inline permission policy (stack-accounts)`)
    expect(result.stderr).toMatch(/would be 1\d,\d{3} characters \(white space not counted\), over IAM's limit of 10,240/)
    expect(result.stderr).toContain('With hub.permissions: exact it names 300 target roles')
    expect(result.stderr).toMatch(
      /What would fit: hub\.permissions: accounts \([\d,]+ characters\); or hub\.permissions: organization \([\d,]+ characters; needs hub\.organization_id\)/
    )
    // render refuses it too, writing nothing
    const out = path.join(temp(), 'out')
    const render = await cli('render', '--config', file, '--out', out)
    expect(render.code).toBe(2)
    expect(render.stderr).toContain('inline permission policy')
  })

  it('puts the error on hub.permissions when it is written', async () => {
    const { file, text } = writeConfig(300, 10, { hubPermissions: 'exact' })
    const result = await cli('validate', '--config', file, '--format', 'json')
    const { errors } = parseJsonOutput<ValidateOutput>(result.stdout)
    expect(errors).toHaveLength(1)
    expect(errors[0]).toMatchObject({ path: 'hub.permissions', line: lineOf(text, '  permissions: exact'), column: 16 })
  })

  it('renders the same organisation with hub.permissions: accounts, every document within its limit', async () => {
    const { file } = writeConfig(300, 10, { hubPermissions: 'accounts' })
    const validate = await cli('validate', '--config', file, '--format', 'json')
    expect(parseJsonOutput<ValidateOutput>(validate.stdout)).toMatchObject({ valid: true, errors: [] })
    const out = path.join(temp(), 'out')
    const render = await cli('render', '--config', file, '--out', out)
    expect(render.code).toBe(0)
    const sizes = expectRenderedWithinLimits(out)
    expect(sizes.files).toBe(302)
    const permissions = readJsonFile<PolicyDocument>(path.join(out, 'iam/100000000000/spacelift-hub.permissions.json'))
    expect(permissions.Statement).toHaveLength(1)
    expect(permissions.Statement[0]?.Resource).toBe('arn:aws:iam::????????????:role/spacelift/target')
    expect(permissions.Statement[0]?.Condition?.StringEquals?.['aws:ResourceAccount']).toHaveLength(300)
  })

  it('refuses hub.permissions: accounts where the accounts do not fit, offering organization', async () => {
    const { file } = writeConfig(1000, 10, { hubPermissions: 'accounts', externalIdMatch: 'integration' })
    const result = await cli('validate', '--config', file)
    expect(result.code).toBe(2)
    expect(result.stderr).toMatch(
      /hub\.permissions: .*With hub\.permissions: accounts it names 1,000 target roles\. What would fit: hub\.permissions: organization/
    )
  })
})

describe('5,000 accounts and 500 stacks with the compact forms and default quotas', () => {
  it('validates and renders, every generated document within its limit', async () => {
    const { file } = writeConfig(5000, 500, { externalIdMatch: 'integration', hubPermissions: 'organization' })
    const validate = await cli('validate', '--config', file, '--format', 'json')
    expect(validate.code).toBe(0)
    const json = parseJsonOutput<ValidateOutput>(validate.stdout)
    expect(json.errors).toEqual([])
    // the findings say what the compact forms allow beyond the exact ones
    const paths = json.warnings.map((w) => w.path)
    expect(paths).toEqual(expect.arrayContaining(['spacelift.external_id_match', 'hub.permissions']))
    const out = path.join(temp(), 'out')
    const render = await cli('render', '--config', file, '--out', out, '--format', 'json')
    expect(render.code).toBe(0)
    const sizes = expectRenderedWithinLimits(out)
    expect(sizes.files).toBe(5002)
    const hubTrust = readJsonFile<PolicyDocument>(path.join(out, 'iam/100000000000/spacelift-hub.trust.json'))
    expect(hubTrust.Statement[0]?.Condition).toEqual({ StringLike: { 'sts:ExternalId': 'synthetic@01HZX3Q5M8K2V7W9ABCDEFGHJK@*' } })
    // 500 attachments decide which stacks may use the integration
    const spacelift = readFileSync(path.join(out, 'spacelift/integration.tf'), 'utf8')
    expect(spacelift.match(/resource "spacelift_aws_integration_attachment"/g)).toHaveLength(500)
  }, 120_000)

  it('refuses the same organisation on the exact forms, with both remedies', async () => {
    const { file } = writeConfig(5000, 500)
    const result = await cli('validate', '--config', file)
    expect(result.code).toBe(2)
    expect(result.stderr).toMatch(
      /:3:1: spacelift: the trust policy of the hub role .* What would fit: spacelift\.external_id_match: integration \(\d+ characters\)\./
    )
    expect(result.stderr).toMatch(/hub: the hub role's inline permission policy .* What would fit: hub\.permissions: organization/)
  }, 60_000)
})

describe('diff --base across a move to a compact form', () => {
  it("lists what the PR changes even though the base is over IAM's limits (only the head is checked)", async () => {
    const base = writeConfig(300, 10)
    const head = writeConfig(300, 10, { hubPermissions: 'accounts' })
    expect((await cli('validate', '--config', base.file)).code).toBe(2)
    const result = await cli('diff', '--config', head.file, '--base', base.file, '--format', 'json')
    expect(result.code).toBe(0)
    const report = parseJsonOutput<DiffReport>(result.stdout)
    expect(report.declaration_changes).toEqual([{ kind: 'setting-changed', subject: 'hub.permissions', detail: 'hub.permissions: exact -> accounts' }])
    expect(report.warnings.map((w) => w.message).join('\n')).not.toContain('the base version is invalid')
  })
})

describe('--trust-policy-quota', () => {
  it('refuses more than 4,096, the most AWS raises the quota to', async () => {
    const { file } = writeConfig(3, 1)
    for (const command of ['validate', 'render', 'diff']) {
      const result = await cli(command, '--config', file, '--trust-policy-quota', '4097', ...(command === 'render' ? ['--out', temp()] : []))
      expect(result.code).toBe(2)
      expect(result.stderr).toContain(`${command}: --trust-policy-quota must be at most 4096`)
    }
    expect((await cli('validate', '--config', file, '--trust-policy-quota', '4096')).code).toBe(0)
  })
})
