/**
 * The issue-15 "done when": render the example, `terraform init` (through the provider mirror where
 * there is one), `validate` and `apply` of terraform/iam/ against moto, one moto account per
 * account ID (each provider's assume_role into arn:aws:iam::<id>:role/OrganizationAccountAccessRole
 * gets credentials of account <id> from moto, and allowed_account_ids checks it), then
 * `diff --aws` reads back every role, unchanged, and `diff --existing` on the rendered files says
 * unchanged too.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import { CreateRoleCommand, GetRoleCommand, GetRolePolicyCommand, IAMClient } from '@aws-sdk/client-iam'
import { AssumeRoleCommand, STSClient } from '@aws-sdk/client-sts'
import { mkdtempSync, readFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { cli } from '../support/cli.js'
import { realPlansAvailable, REPO, TerraformHarness } from '../support/terraform.js'

const available = realPlansAvailable('terraform/iam apply against moto (__tests__/generate/iamRootApply.test.ts)')
const describeReal = available ? describe : describe.skip
const EXAMPLE = path.join(REPO, 'examples/acme/accounts.yaml')

describeReal('terraform/iam/ applied against moto', () => {
  let harness: TerraformHarness
  let out: string

  beforeAll(async () => {
    harness = await TerraformHarness.start()
    out = mkdtempSync(path.join(tmpdir(), 'stack-accounts-iam-root-'))
    const rendered = await cli('render', '--config', EXAMPLE, '--out', out)
    expect(rendered).toMatchObject({ code: 0 })
  }, 300_000)

  afterAll(async () => {
    await harness?.stop()
  })

  it('validates, applies into each account, and then both diffs say unchanged', async () => {
    const dir = harness.scratchRoot('iam-root', { 'main.tf': readFileSync(path.join(out, 'terraform/iam/main.tf'), 'utf8') })
    harness.terraformIn(dir, 'init', '-input=false')
    harness.terraformIn(dir, 'validate')
    harness.terraformIn(dir, 'apply', '-input=false', '-auto-approve', '-parallelism=2')

    // Each role is in its own account, and nowhere else.
    const moto = harness.motoServer
    const prod = await moto.iamInAccount('222222222222')
    expect((await prod.send(new GetRoleCommand({ RoleName: 'spacelift-target' }))).Role?.Arn).toBe('arn:aws:iam::222222222222:role/spacelift/spacelift-target')
    const hub = await moto.iamInAccount('111111111111')
    expect((await hub.send(new GetRoleCommand({ RoleName: 'spacelift-hub' }))).Role?.Arn).toBe('arn:aws:iam::111111111111:role/spacelift/spacelift-hub')
    expect((await hub.send(new GetRolePolicyCommand({ RoleName: 'spacelift-hub', PolicyName: 'stack-accounts' }))).PolicyName).toBe('stack-accounts')
    expect((await hub.send(new GetRoleCommand({ RoleName: 'stack-accounts-read' }))).Role?.Arn).toBe('arn:aws:iam::111111111111:role/stack-accounts-read')
    await expect(prod.send(new GetRoleCommand({ RoleName: 'spacelift-hub' }))).rejects.toMatchObject({ name: 'NoSuchEntityException' })
    const caller = await moto.iamInAccount('123456789012')
    await expect(caller.send(new GetRoleCommand({ RoleName: 'spacelift-target' }))).rejects.toMatchObject({ name: 'NoSuchEntityException' })

    const live = await cli('diff', '--config', EXAMPLE, '--aws', '--aws-read-role', 'stack-accounts-read', '--format', 'json', '--fail-on', 'changes')
    const liveReport = JSON.parse(live.stdout) as { roles: { arn: string; status: string; permissions?: { status: string } }[]; errors: unknown[] }
    expect(liveReport.errors).toEqual([])
    expect(liveReport.roles.map((r) => [r.arn, r.status])).toEqual(liveReport.roles.map((r) => [r.arn, 'unchanged']))
    expect(liveReport.roles).toHaveLength(8)
    expect(liveReport.roles.find((r) => r.arn.endsWith(':role/spacelift/spacelift-hub'))?.permissions?.status).toBe('unchanged')
    expect(live.code).toBe(0)

    const files = await cli('diff', '--config', EXAMPLE, '--existing', path.join(out, 'iam'), '--fail-on', 'changes')
    expect(files.stdout).toContain('unchanged')
    expect(files.code).toBe(0)

    // Applying again changes nothing: the documents read back from IAM equal the generated ones.
    harness.terraformIn(dir, 'plan', '-input=false', '-detailed-exitcode', '-parallelism=2')
  }, 600_000)

  it('lets diff --aws read everything through the generated read roles, with IAM authorization on, and nothing more', async () => {
    const moto = harness.motoServer
    const prod = await moto.iamInAccount('222222222222')
    await prod.send(new CreateRoleCommand({ RoleName: 'unrelated', AssumeRolePolicyDocument: JSON.stringify({ Version: '2012-10-17', Statement: [] }) }))
    // The CI job's session: the hub account's read role (the workflow assumes it over OIDC).
    const sts = new STSClient({ endpoint: moto.endpoint, region: 'us-east-1' })
    const session = await sts.send(new AssumeRoleCommand({ RoleArn: 'arn:aws:iam::111111111111:role/stack-accounts-read', RoleSessionName: 'ci' }))
    sts.destroy()
    const c = session.Credentials!
    const saved = { id: process.env.AWS_ACCESS_KEY_ID, secret: process.env.AWS_SECRET_ACCESS_KEY }
    await moto.enableAuth()
    try {
      Object.assign(process.env, { AWS_ACCESS_KEY_ID: c.AccessKeyId, AWS_SECRET_ACCESS_KEY: c.SecretAccessKey, AWS_SESSION_TOKEN: c.SessionToken })
      // No --aws-read-role: the role aws_read declares in accounts.yaml is the one assumed.
      const live = await cli('diff', '--config', EXAMPLE, '--aws', '--format', 'json', '--fail-on', 'changes')
      const report = JSON.parse(live.stdout) as { roles: { status: string }[]; errors: unknown[] }
      expect(report.errors).toEqual([])
      expect(report.roles.map((r) => r.status)).toEqual(Array(8).fill('unchanged'))
      expect(live.code).toBe(0)

      // The read role reads the generated roles only.
      const readSession = new STSClient({ endpoint: moto.endpoint, region: 'us-east-1' })
      const chained = await readSession.send(new AssumeRoleCommand({ RoleArn: 'arn:aws:iam::222222222222:role/stack-accounts-read', RoleSessionName: 'probe' }))
      readSession.destroy()
      const k = chained.Credentials!
      const asReader = new IAMClient({
        endpoint: moto.endpoint,
        region: 'us-east-1',
        credentials: { accessKeyId: k.AccessKeyId!, secretAccessKey: k.SecretAccessKey!, sessionToken: k.SessionToken! }
      })
      await expect(asReader.send(new GetRoleCommand({ RoleName: 'spacelift-target' }))).resolves.toBeDefined()
      await expect(asReader.send(new GetRoleCommand({ RoleName: 'unrelated' }))).rejects.toMatchObject({ name: 'AccessDenied' })
      asReader.destroy()
    } finally {
      await moto.disableAuth()
      Object.assign(process.env, { AWS_ACCESS_KEY_ID: saved.id, AWS_SECRET_ACCESS_KEY: saved.secret })
      delete process.env.AWS_SESSION_TOKEN
    }
  }, 300_000)
})
