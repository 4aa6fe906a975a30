/**
 * `diff --aws` with spacelift.auth: oidc against a real moto server: the OIDC target trust read
 * back and compared, and Spacelift's identity provider looked up in every target account
 * (iam:GetOpenIDConnectProvider), a missing one reported.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import { CreateOpenIDConnectProviderCommand, CreateRoleCommand, GetOpenIDConnectProviderCommand, type IAMClient } from '@aws-sdk/client-iam'
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { cli } from '../support/cli.js'
import { MOTO_DEFAULT_ACCOUNT, startMotoServer, type MotoServer } from '../support/motoServer.js'

const READ_ROLE = 'stack-accounts-reader'
const HOST = 'acme.app.spacelift.io'
const ACCOUNTS_YAML = `version: 1
spacelift:
  account: acme
  auth: oidc
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
  audit:
    accounts: [prod]
    access: read-only
`

const createRole = (iam: IAMClient, name: string, trust: unknown) =>
  iam.send(new CreateRoleCommand({ RoleName: name, AssumeRolePolicyDocument: JSON.stringify(trust) }))
const createProvider = (iam: IAMClient, clientIds: string[]) =>
  iam.send(new CreateOpenIDConnectProviderCommand({ Url: `https://${HOST}`, ClientIDList: clientIds, ThumbprintList: ['0'.repeat(40)] }))

let moto: MotoServer
let config: string
let prodIam: IAMClient

beforeAll(async () => {
  moto = await startMotoServer()
  const dir = mkdtempSync(path.join(tmpdir(), 'sa-aws-oidc-'))
  config = path.join(dir, 'accounts.yaml')
  writeFileSync(config, ACCOUNTS_YAML)
  const out = path.join(dir, 'out')
  expect((await cli('render', '--config', config, '--out', out)).code).toBe(0)
  const rendered = (account: string) =>
    JSON.parse(readFileSync(path.join(out, 'iam', account, 'spacelift-target.trust.json'), 'utf8')) as {
      Statement: Array<{ Condition: { StringLike: Record<string, string[]> } }>
    }
  const anyoneInHome = {
    Version: '2012-10-17',
    Statement: [{ Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${MOTO_DEFAULT_ACCOUNT}:root` }, Action: 'sts:AssumeRole' }]
  }
  for (const account of ['222222222222', '333333333333', '444444444444']) {
    const iam = await moto.iamInAccount(account)
    await createRole(iam, READ_ROLE, anyoneInHome)
  }
  // prod: provider and trust as rendered. staging: no provider, and a trust that admits only the
  // read scope (the desired one widens it). dev: a provider without Spacelift's audience, no role.
  prodIam = await moto.iamInAccount('222222222222')
  await createProvider(prodIam, [HOST])
  await createRole(prodIam, 'spacelift-target', rendered('222222222222'))
  const staging = rendered('333333333333')
  const narrow = structuredClone(staging)
  const condition = narrow.Statement[0]?.Condition.StringLike
  if (!condition) throw new Error('no StringLike in the rendered trust')
  condition[`${HOST}:sub`] = ['space:*:stack:app:run_type:*:scope:read']
  await createRole(await moto.iamInAccount('333333333333'), 'spacelift-target', narrow)
  await createProvider(await moto.iamInAccount('444444444444'), ['sts.amazonaws.com'])
})

afterAll(async () => {
  await moto?.stop()
})

describe('diff --aws with auth: oidc', () => {
  it('moto holds the provider under the ARN the trust names', async () => {
    const provider = await prodIam.send(new GetOpenIDConnectProviderCommand({ OpenIDConnectProviderArn: `arn:aws:iam::222222222222:oidc-provider/${HOST}` }))
    expect(provider.ClientIDList).toEqual([HOST])
  })

  it('reads the OIDC trust back, sees a sub widened from scope:read, and reports the missing or wrong identity providers', async () => {
    const result = await cli('diff', '--config', config, '--aws', '--aws-read-role', READ_ROLE, '--format', 'json', '--fail-on', 'widening')
    const report = JSON.parse(result.stdout) as {
      errors: unknown[]
      roles: Array<{ alias: string | null; status: string; widens: boolean }>
      warnings: Array<{ message: string }>
    }
    expect(report.errors).toEqual([])
    expect(Object.fromEntries(report.roles.map((r) => [r.alias ?? 'hub', `${r.status}${r.widens ? ' widens' : ''}`]))).toEqual({
      prod: 'unchanged',
      staging: 'update widens',
      dev: 'create widens'
    })
    const messages = report.warnings.map((w) => w.message)
    expect(messages).toContain(
      `account 333333333333 (staging) has no identity provider arn:aws:iam::333333333333:oidc-provider/${HOST}: the target role's trust names it, so no Spacelift token can assume the role. ` +
        'Create it first (render writes iam/oidc-providers.sh and terraform/oidc-providers/main.tf).'
    )
    expect(messages).toContain(
      `account 444444444444 (dev): the identity provider arn:aws:iam::444444444444:oidc-provider/${HOST} lacks the client ID (audience) ${HOST}: add it, or Spacelift's tokens are refused.`
    )
    expect(messages.filter((m) => m.includes('222222222222'))).toEqual([])
    expect(result.code).toBe(1)
  })
})
