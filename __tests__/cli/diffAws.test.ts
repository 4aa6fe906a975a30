/**
 * `diff --aws` end to end against a real moto server: the hub role read with the default
 * credentials, target roles through the read role; create / update / unchanged in one report.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import { CreateRoleCommand, PutRolePolicyCommand, type IAMClient } from '@aws-sdk/client-iam'
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

  const hub = await moto.iamInAccount(MOTO_DEFAULT_ACCOUNT)
  await createRole(hub, 'spacelift-hub', rendered(MOTO_DEFAULT_ACCOUNT, 'spacelift-hub'))
  await hub.send(
    new PutRolePolicyCommand({
      RoleName: 'spacelift-hub',
      PolicyName: 'stack-accounts',
      PolicyDocument: readFileSync(path.join(out, 'iam', MOTO_DEFAULT_ACCOUNT, 'spacelift-hub.permissions.json'), 'utf8')
    })
  )
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
    expect(result.code).toBe(1) // dev's role is new: creating it widens
  })
})
