/** The CLI of CONTRACT §3 end to end (in process): output shapes, files written, exit codes. */
import { describe, expect, it } from '@jest/globals'
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { cli } from '../support/cli.js'
import { parseJsonOutput, readJsonFile, rolesByAlias, type DiffReport, type RenderOutput, type ValidateOutput } from '../support/jsonOutput.js'

const EXAMPLE = 'examples/acme'

const temp = () => mkdtempSync(path.join(tmpdir(), 'sa-cli-'))

describe('stack-accounts (no command, help, unknown)', () => {
  it('prints usage with exit 2 without a command and 0 with --help', async () => {
    expect((await cli()).code).toBe(2)
    const help = await cli('--help')
    expect(help.code).toBe(0)
    for (const name of ['validate', 'render', 'compare', 'diff', 'check-plan']) expect(help.stdout).toContain(name)
  })

  it('refuses an unknown command or option with exit 2 and no stack trace', async () => {
    const unknown = await cli('frobnicate')
    expect(unknown.code).toBe(2)
    const option = await cli('validate', '--confg', 'x')
    expect(option.code).toBe(2)
    expect(option.stderr).toMatch(/--confg/)
    expect(option.stderr).not.toMatch(/\n\s+at /)
  })

  it('gives every command its own --help', async () => {
    for (const name of ['validate', 'render', 'compare', 'diff', 'check-plan']) {
      const result = await cli(name, '--help')
      expect(result.code).toBe(0)
      expect(result.stdout).toMatch(new RegExp(`Usage: stack-accounts ${name}`))
    }
  })
})

describe('validate', () => {
  it('accepts the example, listing its warnings, in the JSON shape of the contract', async () => {
    const result = await cli('validate', '--config', `${EXAMPLE}/accounts.yaml`, '--format', 'json')
    expect(result.code).toBe(0)
    const json = parseJsonOutput<ValidateOutput>(result.stdout)
    expect(json).toMatchObject({ valid: true, errors: [] })
    expect(json.warnings.map((w) => w.path)).toContain('stacks.security-audit.access')
  })

  it('says, before the integration exists (no integration_id), what is missing and the two passes', async () => {
    const dir = temp()
    const file = path.join(dir, 'accounts.yaml')
    writeFileSync(file, readFileSync(`${EXAMPLE}/accounts.yaml`, 'utf8').replace(/^ {2}integration_id:.*\n/m, ''))
    const firstPass = await cli('validate', '--config', file)
    expect(firstPass.code).toBe(0)
    expect(firstPass.stdout).toContain(
      'note: spacelift.integration_id is not set, so the external IDs the hub trusts match any AWS integration of your Spacelift account'
    )
    expect(firstPass.stdout).toContain('First pass: apply the hub role and terraform/spacelift.tf')
    const secondPass = await cli('validate', '--config', `${EXAMPLE}/accounts.yaml`)
    expect(secondPass.stdout).not.toContain('integration_id is not set')
  })

  it('lists every error with file, line and column, exit 2', async () => {
    const dir = temp()
    const file = path.join(dir, 'accounts.yaml')
    writeFileSync(
      file,
      'version: 1\nspacelift:\n  account: acme\nhub:\n  account_id: "111111111111"\n  role: hub\naccounts:\n  prod:\n    id: 012345678901\n    role: t\n    region: eu-west-1\nstacks:\n  app:\n    accounts: [prod, nope]\n'
    )
    const text = await cli('validate', '--config', file)
    expect(text.code).toBe(2)
    expect(text.stderr).toContain(`${file}:9:9: accounts.prod.id:`)
    expect(text.stderr).toContain(`${file}:14:22: stacks.app.accounts.1:`)
    const json = await cli('validate', '--config', file, '--format', 'json')
    expect(json.code).toBe(2)
    const parsed = parseJsonOutput<ValidateOutput>(json.stdout)
    expect(parsed.valid).toBe(false)
    expect(parsed.errors).toHaveLength(2)
    for (const error of parsed.errors) expect(Object.keys(error)).toEqual(expect.arrayContaining(['path', 'line', 'column', 'message']))
  })

  it('reports a trust policy over the quota as an error, and a raised quota accepts it', async () => {
    const small = await cli('validate', '--config', `${EXAMPLE}/accounts.yaml`, '--trust-policy-quota', '300')
    expect(small.code).toBe(2)
    expect(small.stderr).toMatch(/external_id_match|quota/)
    expect((await cli('validate', '--config', `${EXAMPLE}/accounts.yaml`, '--trust-policy-quota', '4096')).code).toBe(0)
  })

  it('says so when the file is missing', async () => {
    const result = await cli('validate', '--config', path.join(temp(), 'missing.yaml'))
    expect(result.code).toBe(2)
    expect(result.stderr).toMatch(/missing\.yaml/)
  })
})

describe('render', () => {
  it('writes every file of the contract for the example', async () => {
    const out = path.join(temp(), 'out')
    const result = await cli('render', '--config', `${EXAMPLE}/accounts.yaml`, '--out', out, '--format', 'json')
    expect(result.code).toBe(0)
    const expected = [
      'iam/111111111111/spacelift-hub.trust.json',
      'iam/111111111111/spacelift-hub.permissions.json',
      'iam/222222222222/spacelift-target.trust.json',
      'iam/555555555555/spacelift-audit-reader.trust.json',
      'iam/777777777777/spacelift-target.trust.json',
      'terraform/app-prod/providers.tf',
      'terraform/security-audit/providers.tf',
      'terraform/iam/main.tf',
      'spacelift/integration.tf',
      'spacelift/policies/plan.rego',
      'spacelift/main.tf'
    ]
    for (const file of expected) expect(existsSync(path.join(out, file))).toBe(true)
    expect(parseJsonOutput<RenderOutput>(result.stdout).files).toEqual(expect.arrayContaining(expected))
    const trust = readJsonFile<unknown>(path.join(out, 'iam/777777777777/spacelift-target.trust.json'))
    expect(JSON.stringify(trust)).toContain('acme-logs-7f3c9a')
  })

  it('removes the providers of a stack dropped from accounts.yaml, and its emptied directory', async () => {
    const dir = temp()
    const out = path.join(dir, 'out')
    expect((await cli('render', '--config', `${EXAMPLE}/accounts.yaml`, '--out', out)).code).toBe(0)
    expect(existsSync(path.join(out, 'terraform/app-dev/providers.tf'))).toBe(true)
    const config = path.join(dir, 'accounts.yaml')
    const text = readFileSync(`${EXAMPLE}/accounts.yaml`, 'utf8')
    const without = text.replace(/\n {2}app-dev:\n {4}accounts: \[dev\]\n {4}access: read-write[^\n]*/, '')
    expect(without).not.toContain('app-dev')
    writeFileSync(config, without)
    const result = await cli('render', '--config', config, '--out', out)
    expect(result.code).toBe(0)
    expect(result.stdout).toMatch(/1 removed \(and 1 emptied directory\)/)
    expect(existsSync(path.join(out, 'terraform/app-dev'))).toBe(false)
    expect(existsSync(path.join(out, 'terraform/app-prod/providers.tf'))).toBe(true)
  })

  it('writes nothing when accounts.yaml is invalid', async () => {
    const dir = temp()
    writeFileSync(path.join(dir, 'accounts.yaml'), 'version: 2\n')
    const out = path.join(dir, 'out')
    const result = await cli('render', '--config', path.join(dir, 'accounts.yaml'), '--out', out)
    expect(result.code).toBe(2)
    expect(existsSync(out)).toBe(false)
  })

  it('needs --out', async () => {
    expect((await cli('render', '--config', `${EXAMPLE}/accounts.yaml`)).code).toBe(2)
  })
})

describe('diff', () => {
  const args = ['diff', '--config', `${EXAMPLE}/accounts.yaml`, '--existing', `${EXAMPLE}/existing`]

  it('reports the example in the JSON shape of the contract', async () => {
    const result = await cli(...args, '--base', `${EXAMPLE}/accounts.base.yaml`, '--format', 'json')
    expect(result.code).toBe(0)
    const report = parseJsonOutput<DiffReport>(result.stdout)
    expect(report.summary).toEqual({ create: 1, update: 4, unchanged: 3, widening: 3 })
    for (const role of report.roles) {
      expect(Object.keys(role)).toEqual(
        expect.arrayContaining(['account_id', 'role_name', 'arn', 'kind', 'status', 'widens', 'changes', 'desired', 'existing'])
      )
    }
    const role = rolesByAlias(report)
    expect(role('prod').status).toBe('unchanged') // reordered statements: no change at all
    expect(role('vendor_logs')).toMatchObject({ status: 'create', widens: true, existing: null })
    expect(role('staging')).toMatchObject({ status: 'update', widens: false }) // a stack removed: narrower
    expect(role('dev')).toMatchObject({ status: 'update', widens: false }) // account root -> hub role: narrower
    expect(role('security')).toMatchObject({ status: 'update', widens: true }) // sts:TagSession is new
    expect(role('hub')).toMatchObject({ status: 'update', widens: true, kind: 'hub' })
    expect(report.declaration_changes?.map((c) => `${c.kind} ${c.subject}`)).toEqual(
      expect.arrayContaining(['account-added vendor_logs', 'stack-added shared-services', 'stack-removed legacy-app'])
    )
    expect(report.errors).toEqual([])
  })

  it('sets exit 1 with --fail-on widening or changes, 0 with never', async () => {
    expect((await cli(...args, '--fail-on', 'widening')).code).toBe(1)
    expect((await cli(...args, '--fail-on', 'changes')).code).toBe(1)
    expect((await cli(...args, '--fail-on', 'never')).code).toBe(0)
    expect((await cli(...args, '--fail-on', 'sometimes')).code).toBe(2)
  })

  it('says no change and exit 0 with --fail-on widening when today matches the declaration', async () => {
    const dir = temp()
    const out = path.join(dir, 'out')
    await cli('render', '--config', `${EXAMPLE}/accounts.yaml`, '--out', out)
    const result = await cli('diff', '--config', `${EXAMPLE}/accounts.yaml`, '--existing', path.join(out, 'iam'), '--fail-on', 'changes', '--format', 'json')
    expect(result.code).toBe(0)
    const report = parseJsonOutput<DiffReport>(result.stdout)
    expect(report.summary).toEqual({ create: 0, update: 0, unchanged: 8, widening: 0 })
  })

  it('counts policy.unverifiable deny -> warn against --base toward --fail-on widening, with no IAM change', async () => {
    const dir = temp()
    const out = path.join(dir, 'out')
    await cli('render', '--config', `${EXAMPLE}/accounts.yaml`, '--out', out)
    const head = path.join(dir, 'accounts.yaml')
    writeFileSync(head, `${readFileSync(`${EXAMPLE}/accounts.yaml`, 'utf8')}policy:\n  unverifiable: warn\n`)
    const result = await cli(
      'diff',
      '--config',
      head,
      '--base',
      `${EXAMPLE}/accounts.yaml`,
      '--existing',
      path.join(out, 'iam'),
      '--fail-on',
      'widening',
      '--format',
      'json'
    )
    expect(result.code).toBe(1)
    expect(parseJsonOutput<DiffReport>(result.stdout).declaration_changes).toEqual([expect.objectContaining({ subject: 'policy.unverifiable', widens: true })])
  })

  it('renders markdown and text', async () => {
    const markdown = await cli(...args, '--format', 'markdown')
    expect(markdown.code).toBe(0)
    expect(markdown.stdout).toMatch(/\| Account \| ID \|/)
    const text = await cli(...args)
    expect(text.stdout).toMatch(/^IAM changes that widen trust \(3 roles\)/)
  })

  it('reports a malformed permission policy with its file and place, as for a trust policy (not exit 3)', async () => {
    const dir = temp()
    cpSync(`${EXAMPLE}/existing`, dir, { recursive: true })
    const file = path.join(dir, '111111111111/spacelift-hub.permissions.json')
    writeFileSync(file, JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 5, Resource: '*' }] }))
    const result = await cli('diff', '--config', `${EXAMPLE}/accounts.yaml`, '--existing', dir, '--format', 'json', '--fail-on', 'widening')
    expect(result.code).toBe(1)
    expect(result.stderr).not.toMatch(/includes is not a function|internal error/)
    const report = parseJsonOutput<DiffReport>(result.stdout)
    expect(report.errors).toEqual([
      expect.objectContaining({
        arn: 'arn:aws:iam::111111111111:role/spacelift/spacelift-hub',
        file,
        path: 'Statement[0].Action',
        message: expect.stringMatching(/permission policy cannot be read: must be a string or a list of strings/)
      })
    ])
    const text = await cli('diff', '--config', `${EXAMPLE}/accounts.yaml`, '--existing', dir)
    expect(text.stdout).toContain(`${file}:1:1`)
  })

  it('says the hub permissions were not compared when DIR keeps no .permissions.json for an existing hub (no "create", no widening)', async () => {
    const dir = temp()
    cpSync(`${EXAMPLE}/existing`, dir, { recursive: true })
    const file = path.join(dir, '111111111111/spacelift-hub.permissions.json')
    type Report = {
      roles: { kind: string; status: string; widens: boolean; changes: { widens: boolean }[]; permissions?: unknown; permissions_compared?: boolean }[]
      warnings: unknown[]
    }
    const hubOf = (report: Report) => report.roles.find((r) => r.kind === 'hub')
    const withFile = JSON.parse((await cli('diff', '--config', `${EXAMPLE}/accounts.yaml`, '--existing', dir, '--format', 'json')).stdout) as Report
    const hubWith = hubOf(withFile)
    rmSync(file)
    const result = await cli('diff', '--config', `${EXAMPLE}/accounts.yaml`, '--existing', dir, '--format', 'json')
    const report = JSON.parse(result.stdout) as Report
    const hub = hubOf(report)
    expect(hub?.permissions).toBeUndefined()
    expect(hub?.permissions_compared).toBe(false)
    // Only the trust comparison counts: the same as with the file, less what the permissions added.
    expect(hub?.changes).toEqual(hubWith?.changes)
    expect(hub?.widens).toBe(hubWith?.changes.some((c) => c.widens))
    expect(hub?.status).not.toBe('create')
    expect(report.warnings).toContainEqual(
      expect.objectContaining({
        severity: 'warning',
        message: `the permission policy of the hub role arn:aws:iam::111111111111:role/spacelift/spacelift-hub was not compared: no ${file} beside its trust policy (keep the hub's permission policy there to have it compared)`
      })
    )
    const text = await cli('diff', '--config', `${EXAMPLE}/accounts.yaml`, '--existing', dir)
    expect(text.stdout).toContain('was not compared: no ')
  })

  it('reports a role file it cannot read while the others still report', async () => {
    const dir = temp()
    cpSync(`${EXAMPLE}/existing`, dir, { recursive: true })
    writeFileSync(path.join(dir, '333333333333/spacelift-target.json'), '{"Version": "2012-10-17",\n  "Statement": [}\n')
    const result = await cli('diff', '--config', `${EXAMPLE}/accounts.yaml`, '--existing', dir, '--format', 'json', '--fail-on', 'widening')
    expect(result.code).toBe(1)
    const report = parseJsonOutput<DiffReport>(result.stdout)
    expect(report.errors).toHaveLength(1)
    expect(report.errors[0]).toMatchObject({ line: 2 })
    expect(report.roles).toHaveLength(7)
  })

  it('refuses contradictory sources, and --aws with no read role given or declared (aws_read) while targets live outside the hub account', async () => {
    expect((await cli(...args, '--aws')).code).toBe(2)
    const dir = temp()
    const config = path.join(dir, 'accounts.yaml')
    const text = readFileSync(`${EXAMPLE}/accounts.yaml`, 'utf8')
    const withoutRead = text.replace(/\naws_read:[^\n]*\n(?: {2}[^\n]*\n)+/, '\n')
    expect(withoutRead).not.toContain('aws_read')
    writeFileSync(config, withoutRead)
    const noRole = await cli('diff', '--config', config, '--aws')
    expect(noRole.code).toBe(2)
    expect(noRole.stderr).toMatch(
      /other than the hub's \(222222222222, 333333333333, 444444444444, 555555555555, 666666666666, \.\.\.\).*--aws-read-role NAME.*aws_read/
    )
    expect(noRole.stderr).not.toMatch(/\n\s+at /)
    const badName = await cli('diff', '--config', config, '--aws', '--aws-read-role', 'a role')
    expect(badName.code).toBe(2)
    expect(badName.stderr).toMatch(/--aws-read-role must be an IAM role name/)
  })
})

describe("diff findings on today's policies", () => {
  it('flags a role that trusts anyone today, and a third party without an external ID', async () => {
    const dir = temp()
    cpSync(`${EXAMPLE}/existing`, dir, { recursive: true })
    const open = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: '*', Action: 'sts:AssumeRole' }] }
    const thirdParty = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { AWS: '999999999999' }, Action: 'sts:AssumeRole' }] }
    writeFileSync(path.join(dir, '333333333333/spacelift-target.json'), JSON.stringify(open))
    writeFileSync(path.join(dir, '444444444444/spacelift-target.json'), JSON.stringify(thirdParty))
    const result = await cli('diff', '--config', `${EXAMPLE}/accounts.yaml`, '--existing', dir, '--format', 'json')
    const report = parseJsonOutput<DiffReport>(result.stdout)
    const role = rolesByAlias(report)
    expect(role('staging').findings?.map((f) => f.code)).toContain('WILDCARD_PRINCIPAL')
    expect(role('dev').findings?.map((f) => f.code)).toContain('CROSS_ACCOUNT_WITHOUT_EXTERNAL_ID')
    expect(role('prod').findings).toBeUndefined()
    const text = await cli('diff', '--config', `${EXAMPLE}/accounts.yaml`, '--existing', dir)
    expect(text.stdout).toMatch(/today: .*\(WILDCARD_PRINCIPAL\)/)
  })
})

describe('compare', () => {
  const write = (dir: string, name: string, doc: unknown) => {
    const file = path.join(dir, name)
    writeFileSync(file, typeof doc === 'string' ? doc : JSON.stringify(doc))
    return file
  }
  const trust = (principal: string) => ({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { AWS: principal }, Action: 'sts:AssumeRole' }] })

  it('sets exit 1 with --fail-on when NEW widens, 0 when it narrows', async () => {
    const dir = temp()
    const account = write(dir, 'account.json', trust('arn:aws:iam::111111111111:root'))
    const role = write(dir, 'role.json', trust('arn:aws:iam::111111111111:role/hub'))
    expect((await cli('compare', role, account, '--fail-on', 'widening')).code).toBe(1)
    expect((await cli('compare', account, role, '--fail-on', 'widening')).code).toBe(0)
    expect((await cli('compare', account, role, '--fail-on', 'changes')).code).toBe(1)
    expect((await cli('compare', account, role)).code).toBe(0)
    expect((await cli('compare', account, role, '--fail-on', 'maybe')).code).toBe(2)
  })

  it('refuses a file far larger than any policy', async () => {
    const dir = temp()
    const big = write(dir, 'big.json', ' '.repeat(2 * 1024 * 1024))
    const result = await cli('compare', big, big)
    expect(result.code).toBe(2)
    expect(result.stderr).toMatch(/over the 1048576-byte limit/)
  })
})
