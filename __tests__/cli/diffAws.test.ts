/**
 * `diff --aws` end to end against a real moto server: the hub role read with the default
 * credentials, target roles through the read role; create / update / unchanged in one report.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import {
  AttachRolePolicyCommand,
  CreatePolicyCommand,
  CreateRoleCommand,
  DeleteRolePolicyCommand,
  DetachRolePolicyCommand,
  PutRolePolicyCommand,
  type IAMClient
} from '@aws-sdk/client-iam'
import net from 'node:net'
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { cli } from '../support/cli.js'
import { parseJsonOutput, readJsonFile, type DiffReport } from '../support/jsonOutput.js'
import { MOTO_DEFAULT_ACCOUNT, startMotoServer, type MotoServer } from '../support/motoServer.js'

const READ_ROLE = 'stack-accounts-reader'
const ACCOUNTS_YAML = `version: 1
spacelift:
  account: acme
  region: eu
hub:
  account_id: "${MOTO_DEFAULT_ACCOUNT}"
  role: spacelift-hub
defaults:
  role: spacelift-target
  region: eu-west-1
accounts:
  prod:
    id: "222222222222"
  staging:
    id: "333333333333"
  dev:
    id: "444444444444"
stacks:
  app:
    accounts: [prod, staging, dev]
`

const createRole = (iam: IAMClient, name: string, trust: unknown) =>
  iam.send(new CreateRoleCommand({ RoleName: name, AssumeRolePolicyDocument: JSON.stringify(trust) }))

let moto: MotoServer
let config: string
let hub: IAMClient
let declaredPermissions: string

interface HubReport {
  status: string
  widens: boolean
  permissions?: { status: string; widens: boolean; changes: { kind: string; detail: string; widens: boolean }[] }
}

async function hubReport(...extra: string[]): Promise<{ code: number; hub: HubReport; stdout: string }> {
  const result = await cli('diff', '--config', config, '--aws', '--aws-read-role', READ_ROLE, '--format', 'json', ...extra)
  const report = JSON.parse(result.stdout) as { errors: unknown[]; roles: (HubReport & { kind: string })[] }
  expect(report.errors).toEqual([])
  const hub = report.roles.find((r) => r.kind === 'hub')
  if (!hub) throw new Error('no hub in the report')
  return { code: result.code, hub, stdout: result.stdout }
}

beforeAll(async () => {
  moto = await startMotoServer()
  const dir = mkdtempSync(path.join(tmpdir(), 'sa-aws-'))
  config = path.join(dir, 'accounts.yaml')
  writeFileSync(config, ACCOUNTS_YAML)
  const out = path.join(dir, 'out')
  expect((await cli('render', '--config', config, '--out', out)).code).toBe(0)
  const rendered = (account: string, role: string) => readJsonFile<unknown>(path.join(out, 'iam', account, `${role}.trust.json`))
  const anyoneInHub = {
    Version: '2012-10-17',
    Statement: [{ Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${MOTO_DEFAULT_ACCOUNT}:root` }, Action: 'sts:AssumeRole' }]
  }

  hub = await moto.iamInAccount(MOTO_DEFAULT_ACCOUNT)
  await createRole(hub, 'spacelift-hub', rendered(MOTO_DEFAULT_ACCOUNT, 'spacelift-hub'))
  declaredPermissions = readFileSync(path.join(out, 'iam', MOTO_DEFAULT_ACCOUNT, 'spacelift-hub.permissions.json'), 'utf8')
  await hub.send(new PutRolePolicyCommand({ RoleName: 'spacelift-hub', PolicyName: 'stack-accounts', PolicyDocument: declaredPermissions }))
  for (const account of ['222222222222', '333333333333', '444444444444']) {
    const iam = await moto.iamInAccount(account)
    await createRole(iam, READ_ROLE, anyoneInHub)
    // prod as declared; staging trusting the whole hub account (wider than declared); dev missing
    if (account === '222222222222') await createRole(iam, 'spacelift-target', rendered(account, 'spacelift-target'))
    if (account === '333333333333') await createRole(iam, 'spacelift-target', anyoneInHub)
  }
})

afterAll(async () => {
  await moto?.stop()
})

describe('diff --aws', () => {
  it('reports unchanged, update and create from live IAM', async () => {
    const result = await cli('diff', '--config', config, '--aws', '--aws-read-role', READ_ROLE, '--format', 'json', '--fail-on', 'widening')
    const report = parseJsonOutput<DiffReport>(result.stdout)
    expect(report.errors).toEqual([])
    const status = Object.fromEntries(report.roles.map((r) => [r.alias ?? 'hub', `${r.status}${r.widens ? ' widens' : ''}`]))
    expect(status).toEqual({ hub: 'unchanged', prod: 'unchanged', staging: 'update', dev: 'create widens' })
    expect(report.roles.find((r) => r.alias === 'prod')?.source).toBe('aws')
    // staging's live trust (the whole hub account) is wider than declared: said, though the change narrows it
    const findings = (alias: string) => report.roles.find((r) => r.alias === alias)?.findings ?? []
    expect(findings('staging').map((f) => f.code)).toContain('LIVE_WIDER_THAN_DECLARED')
    expect(findings('prod')).toEqual([])
    expect(result.code).toBe(1) // dev's role is new: creating it widens
  })

  it('reports an extra inline grant under another name as widening, and fails --fail-on widening', async () => {
    const anyRole = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'sts:AssumeRole', Resource: '*' }] }
    await hub.send(new PutRolePolicyCommand({ RoleName: 'spacelift-hub', PolicyName: 'break-glass', PolicyDocument: JSON.stringify(anyRole) }))
    try {
      const { code, hub: report } = await hubReport('--fail-on', 'widening')
      expect(report.widens).toBe(true)
      expect(report.permissions?.changes).toEqual([
        {
          kind: 'statement-extra',
          detail: expect.stringContaining('through inline policy break-glass, which accounts.yaml does not declare'),
          widens: true
        }
      ])
      expect(code).toBe(1)
      const text = await cli('diff', '--config', config, '--aws', '--aws-read-role', READ_ROLE)
      expect(text.stdout).toContain('permissions: hub is also allowed through inline policy break-glass')
    } finally {
      await hub.send(new DeleteRolePolicyCommand({ RoleName: 'spacelift-hub', PolicyName: 'break-glass' }))
    }
  })

  it('reports an extra grant of an attached managed policy as widening', async () => {
    const extra = {
      Version: '2012-10-17',
      Statement: [{ Effect: 'Allow', Action: ['sts:AssumeRole'], Resource: 'arn:aws:iam::555555555555:role/admin' }]
    }
    const policy = await hub.send(new CreatePolicyCommand({ PolicyName: 'more-targets', PolicyDocument: JSON.stringify(extra) }))
    const policyArn = policy.Policy!.Arn!
    await hub.send(new AttachRolePolicyCommand({ RoleName: 'spacelift-hub', PolicyArn: policyArn }))
    try {
      const { hub: report } = await hubReport()
      expect(report.permissions?.changes).toEqual([
        {
          kind: 'permission-extra',
          detail: `hub may also sts:AssumeRole on arn:aws:iam::555555555555:role/admin through managed policy ${policyArn}, which accounts.yaml does not declare (it stays when the declared policy is applied)`,
          widens: true
        }
      ])
      expect(report.widens).toBe(true)
    } finally {
      await hub.send(new DetachRolePolicyCommand({ RoleName: 'spacelift-hub', PolicyArn: policyArn }))
    }
  })

  it('does not call the declared grant a widening when it is held under another name or as a managed policy', async () => {
    await hub.send(new DeleteRolePolicyCommand({ RoleName: 'spacelift-hub', PolicyName: 'stack-accounts' }))
    try {
      await hub.send(new PutRolePolicyCommand({ RoleName: 'spacelift-hub', PolicyName: 'assume-targets', PolicyDocument: declaredPermissions }))
      const inline = await hubReport('--fail-on', 'widening')
      expect(inline.hub.permissions).toMatchObject({ widens: false, changes: [] })
      expect(inline.hub.widens).toBe(false)
      await hub.send(new DeleteRolePolicyCommand({ RoleName: 'spacelift-hub', PolicyName: 'assume-targets' }))

      const policy = await hub.send(new CreatePolicyCommand({ PolicyName: 'assume-targets', PolicyDocument: declaredPermissions }))
      await hub.send(new AttachRolePolicyCommand({ RoleName: 'spacelift-hub', PolicyArn: policy.Policy!.Arn! }))
      const managed = await hubReport('--fail-on', 'widening')
      expect(managed.hub.permissions).toMatchObject({ widens: false, changes: [] })
      await hub.send(new DetachRolePolicyCommand({ RoleName: 'spacelift-hub', PolicyArn: policy.Policy!.Arn! }))
    } finally {
      await hub.send(new PutRolePolicyCommand({ RoleName: 'spacelift-hub', PolicyName: 'stack-accounts', PolicyDocument: declaredPermissions }))
    }
  })

  it('never says "No IAM change" with AWS unreachable: the headline names what could not be read, exit 1 even with --fail-on never', async () => {
    const closed = await closedPort()
    const saved = process.env.AWS_ENDPOINT_URL
    process.env.AWS_ENDPOINT_URL = `http://127.0.0.1:${closed}`
    try {
      const text = await cli('diff', '--config', config, '--aws', '--aws-read-role', READ_ROLE, '--fail-on', 'never')
      expect(text.code).toBe(1)
      expect(text.stdout).not.toContain('No IAM change')
      expect(text.stdout.split('\n')[0]).toBe(
        `Incomplete: 4 roles could not be read (arn:aws:iam::${MOTO_DEFAULT_ACCOUNT}:role/spacelift-hub, arn:aws:iam::222222222222:role/spacelift-target, arn:aws:iam::333333333333:role/spacelift-target, and 1 more), so what exists today is not known: 0 to create, 0 to update, 0 unchanged of the roles that could be read`
      )
      expect(text.stdout).toContain('no usable AWS credentials from the standard chain')
      const plain = await cli('diff', '--config', config, '--aws', '--aws-read-role', READ_ROLE)
      expect(plain.code).toBe(1)
      const markdown = await cli('diff', '--config', config, '--aws', '--aws-read-role', READ_ROLE, '--format', 'markdown')
      expect(markdown.code).toBe(1)
      expect(markdown.stdout).toMatch(/^### ❌ Incomplete: 4 roles could not be read/m)
    } finally {
      process.env.AWS_ENDPOINT_URL = saved
    }
  })
})

/** A loopback port nothing listens on (bound, then closed). */
async function closedPort(): Promise<number> {
  const server = net.createServer()
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as net.AddressInfo
  await new Promise<void>((resolve) => server.close(() => resolve()))
  return port
}
