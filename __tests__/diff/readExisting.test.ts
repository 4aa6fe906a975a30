/**
 * Which read role `diff --aws` assumes when none is given: the one that exists today. A pull
 * request that renames `aws_read.role` declares a role that is only created once it is merged and
 * applied; reading through it would fail every account (the check could never pass before the
 * merge), and would let the pull request choose the role the workflow's credentials assume.
 * Real moto, IAM authorization on: the caller may assume only today's read role, as the hub read
 * role generated from the base accounts.yaml may.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import { CreateAccessKeyCommand, CreateRoleCommand, CreateUserCommand, PutRolePolicyCommand, PutUserPolicyCommand, type IAMClient } from '@aws-sdk/client-iam'
import { analyseConfigText } from '../../src/generate/analyseDeclaration.js'
import { runDiff } from '../../src/diff/runDiff.js'
import { MOTO_DEFAULT_ACCOUNT, startMotoServer, type MotoServer } from '../support/motoServer.js'

const TODAY = 'stack-accounts-read'
const RENAMED = 'stack-accounts-read-v2'
const TARGET = '222222222222'

const accountsYaml = (readRole: string) => `version: 1
spacelift:
  account: acme
  region: eu
hub:
  account_id: "${MOTO_DEFAULT_ACCOUNT}"
  role: spacelift-hub
aws_read:
  role: ${readRole}
  trusted: [repo:acme/infra:pull_request]
defaults:
  role: spacelift-target
  region: eu-west-1
accounts:
  prod:
    id: "${TARGET}"
stacks:
  app:
    accounts: [prod]
`

const analysed = (readRole: string) => analyseConfigText(accountsYaml(readRole), 'accounts.yaml')

let moto: MotoServer
const saved = { id: '', secret: '' }

async function createRole(iam: IAMClient, name: string, trust: unknown, policy?: unknown): Promise<void> {
  await iam.send(new CreateRoleCommand({ RoleName: name, AssumeRolePolicyDocument: JSON.stringify(trust) }))
  if (policy) await iam.send(new PutRolePolicyCommand({ RoleName: name, PolicyName: 'read', PolicyDocument: JSON.stringify(policy) }))
}

beforeAll(async () => {
  moto = await startMotoServer()
  const hub = await moto.iamInAccount(MOTO_DEFAULT_ACCOUNT)
  const target = await moto.iamInAccount(TARGET)
  const anyoneInHub = {
    Version: '2012-10-17',
    Statement: [{ Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${MOTO_DEFAULT_ACCOUNT}:root` }, Action: 'sts:AssumeRole' }]
  }
  await createRole(target, TODAY, anyoneInHub, { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'iam:GetRole', Resource: '*' }] })
  await createRole(target, 'spacelift-target', anyoneInHub)
  // The caller: like the hub's read role, it may assume today's read role in the other accounts, nothing else.
  await hub.send(new CreateUserCommand({ UserName: 'reader' }))
  await hub.send(
    new PutUserPolicyCommand({
      UserName: 'reader',
      PolicyName: 'read',
      PolicyDocument: JSON.stringify({
        Version: '2012-10-17',
        Statement: [
          { Effect: 'Allow', Action: ['iam:GetRole', 'iam:ListRolePolicies', 'iam:GetRolePolicy', 'iam:ListAttachedRolePolicies'], Resource: '*' },
          { Effect: 'Allow', Action: 'sts:AssumeRole', Resource: `arn:aws:iam::*:role/${TODAY}` }
        ]
      })
    })
  )
  const key = await hub.send(new CreateAccessKeyCommand({ UserName: 'reader' }))
  saved.id = process.env.AWS_ACCESS_KEY_ID ?? ''
  saved.secret = process.env.AWS_SECRET_ACCESS_KEY ?? ''
  process.env.AWS_ACCESS_KEY_ID = key.AccessKey?.AccessKeyId ?? ''
  process.env.AWS_SECRET_ACCESS_KEY = key.AccessKey?.SecretAccessKey ?? ''
  await moto.enableAuth()
})

afterAll(async () => {
  await moto?.disableAuth()
  process.env.AWS_ACCESS_KEY_ID = saved.id
  process.env.AWS_SECRET_ACCESS_KEY = saved.secret
  await moto?.stop()
})

describe('diff --aws without --aws-read-role', () => {
  it('reads through the read role accounts.yaml declares', async () => {
    const report = await runDiff({ head: analysed(TODAY), source: { kind: 'aws' } })
    expect(report.errors).toEqual([])
    expect(report.roles.find((r) => r.account_id === TARGET)?.status).toBe('update')
  })

  it('reads through today’s read role (the base’s aws_read) when the change renames it, not the one it will create', async () => {
    const report = await runDiff({ head: analysed(RENAMED), base: analysed(TODAY), source: { kind: 'aws' } })
    expect(report.errors).toEqual([])
    expect(report.roles.find((r) => r.account_id === TARGET)?.status).toBe('update')
  })

  it('still fails, never "no change", when the renamed role is the only one declared (no base)', async () => {
    const report = await runDiff({ head: analysed(RENAMED), source: { kind: 'aws' } })
    expect(report.errors.map((e) => e.message).join('\n')).toMatch(new RegExp(`${RENAMED}.*AccessDenied|AccessDenied.*${RENAMED}`))
  })
})
