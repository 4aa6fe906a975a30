/**
 * readExistingFromAws against a real moto server (no mocks): real SDK calls, real URL-encoded
 * documents, real NoSuchEntity and AccessDenied errors.
 *
 * AccessDenied is produced by moto's own IAM authorization (turned on with /moto-api/reset-auth,
 * see support/motoServer.ts), with the hub credentials being an IAM user of the hub account whose
 * policy explicitly denies sts:AssumeRole on the read role of account 555555555555, and the read role
 * of account 666666666666 having no iam:GetRole permission.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import {
  CreateAccessKeyCommand,
  CreateRoleCommand,
  CreateUserCommand,
  GetRoleCommand,
  GetRolePolicyCommand,
  PutRolePolicyCommand,
  PutUserPolicyCommand,
  type IAMClient
} from '@aws-sdk/client-iam'
import { readExistingFromAws } from '../../src/existing/fromAws.js'
import { HUB_PERMISSION_POLICY_NAME } from '../../src/generate/iam/hubPermissions.js'
import { roleKeyString, type RoleKey } from '../../src/existing/existingPolicies.js'
import { MOTO_DEFAULT_ACCOUNT, startMotoServer, type MotoServer } from '../support/motoServer.js'

const HUB = MOTO_DEFAULT_ACCOUNT
const READ_ROLE = 'stack-accounts-reader'
const hubRole = { path: '/', name: 'spacelift-hub' }
const targetRole = { path: '/', name: 'spacelift-target' }
const HUB_ARN = `arn:aws:iam::${HUB}:role/spacelift-hub`

const HUB_TRUST = {
  Version: '2012-10-17',
  Statement: [
    {
      Effect: 'Allow',
      Principal: { AWS: 'arn:aws:iam::324880187172:root' },
      Action: 'sts:AssumeRole',
      Condition: { StringEquals: { 'sts:ExternalId': ['acme@*@app-prod@read', 'acme@*@app-prod@write'] } }
    }
  ]
}
const HUB_PERMISSIONS = {
  Version: '2012-10-17',
  Statement: [{ Effect: 'Allow', Action: 'sts:AssumeRole', Resource: ['arn:aws:iam::222222222222:role/spacelift-target'] }]
}
const TARGET_TRUST = {
  Version: '2012-10-17',
  Statement: [{ Effect: 'Allow', Principal: { AWS: HUB_ARN }, Action: 'sts:AssumeRole' }]
}
/** Characters that URL encoding changes (+ = , @ / : space %) survive the round trip. */
const OLD_TARGET_TRUST = {
  Version: '2012-10-17',
  Statement: [
    {
      Sid: 'Old trust, 100% legacy',
      Effect: 'Allow',
      Principal: { AWS: 'arn:aws:iam::999999999999:root' },
      Action: 'sts:AssumeRole',
      Condition: { StringEquals: { 'sts:ExternalId': 'a+b=c,d@e/f:g' } }
    }
  ]
}
const READER_POLICY = {
  Version: '2012-10-17',
  Statement: [{ Effect: 'Allow', Action: 'iam:GetRole', Resource: '*' }]
}
const READER_WITHOUT_GET_ROLE = {
  Version: '2012-10-17',
  Statement: [{ Effect: 'Allow', Action: 'iam:ListRoles', Resource: '*' }]
}
const ANYONE_IN_HUB = {
  Version: '2012-10-17',
  Statement: [{ Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${HUB}:root` }, Action: 'sts:AssumeRole' }]
}

const target = (accountId: string, name = targetRole.name): RoleKey => ({
  kind: 'target',
  accountId,
  role: { path: '/', name }
})

/** What reading the hub takes: its trust, and every inline and attached managed policy. */
const HUB_READ_ACTIONS = ['iam:GetRole', 'iam:ListRolePolicies', 'iam:GetRolePolicy', 'iam:ListAttachedRolePolicies', 'iam:GetPolicy', 'iam:GetPolicyVersion']

let moto: MotoServer
let hubIam: IAMClient
let runner: { accessKeyId: string; secretAccessKey: string }
let localOnly: { accessKeyId: string; secretAccessKey: string }
let noManagedList: { accessKeyId: string; secretAccessKey: string }

async function createRole(iam: IAMClient, name: string, trust: unknown, inline?: { name: string; policy: unknown }): Promise<void> {
  await iam.send(new CreateRoleCommand({ RoleName: name, AssumeRolePolicyDocument: JSON.stringify(trust) }))
  if (inline) {
    await iam.send(new PutRolePolicyCommand({ RoleName: name, PolicyName: inline.name, PolicyDocument: JSON.stringify(inline.policy) }))
  }
}

async function createUser(name: string, policy: unknown): Promise<{ accessKeyId: string; secretAccessKey: string }> {
  await hubIam.send(new CreateUserCommand({ UserName: name }))
  await hubIam.send(new PutUserPolicyCommand({ UserName: name, PolicyName: 'diff', PolicyDocument: JSON.stringify(policy) }))
  const key = await hubIam.send(new CreateAccessKeyCommand({ UserName: name }))
  return { accessKeyId: key.AccessKey?.AccessKeyId ?? '', secretAccessKey: key.AccessKey?.SecretAccessKey ?? '' }
}

beforeAll(async () => {
  moto = await startMotoServer()
  hubIam = await moto.iamInAccount(HUB)
  await createRole(hubIam, hubRole.name, HUB_TRUST, { name: HUB_PERMISSION_POLICY_NAME, policy: HUB_PERMISSIONS })
  await createRole(hubIam, 'local-target', TARGET_TRUST)
  await createRole(hubIam, 'hub-without-inline-policy', HUB_TRUST)

  const reader = { name: 'read', policy: READER_POLICY }
  const a2 = await moto.iamInAccount('222222222222')
  await createRole(a2, READ_ROLE, ANYONE_IN_HUB, reader)
  await createRole(a2, targetRole.name, TARGET_TRUST)
  await createRole(a2, 'second-target', OLD_TARGET_TRUST)
  const a3 = await moto.iamInAccount('333333333333')
  await createRole(a3, READ_ROLE, ANYONE_IN_HUB, reader)
  await createRole(a3, targetRole.name, OLD_TARGET_TRUST)
  const a4 = await moto.iamInAccount('444444444444')
  await createRole(a4, READ_ROLE, ANYONE_IN_HUB, reader)
  const a5 = await moto.iamInAccount('555555555555')
  await createRole(a5, READ_ROLE, ANYONE_IN_HUB, reader)
  await createRole(a5, targetRole.name, TARGET_TRUST)
  const a6 = await moto.iamInAccount('666666666666')
  await createRole(a6, READ_ROLE, ANYONE_IN_HUB, { name: 'read', policy: READER_WITHOUT_GET_ROLE })
  await createRole(a6, targetRole.name, TARGET_TRUST)

  runner = await createUser('diff-runner', {
    Version: '2012-10-17',
    Statement: [
      { Effect: 'Allow', Action: HUB_READ_ACTIONS, Resource: '*' },
      { Effect: 'Allow', Action: 'sts:AssumeRole', Resource: `arn:aws:iam::*:role/${READ_ROLE}` },
      { Effect: 'Deny', Action: 'sts:AssumeRole', Resource: `arn:aws:iam::555555555555:role/${READ_ROLE}` }
    ]
  })
  noManagedList = await createUser('no-managed-list', {
    Version: '2012-10-17',
    Statement: [{ Effect: 'Allow', Action: HUB_READ_ACTIONS.filter((a) => a !== 'iam:ListAttachedRolePolicies'), Resource: '*' }]
  })
  localOnly = await createUser('local-only', {
    Version: '2012-10-17',
    Statement: [{ Effect: 'Allow', Action: HUB_READ_ACTIONS, Resource: '*' }]
  })
})

afterAll(async () => {
  await moto?.stop()
})

describe('readExistingFromAws (moto, authorization off)', () => {
  const read = (targets: RoleKey[], hub = hubRole) =>
    readExistingFromAws({ hub: { accountId: HUB, role: hub }, targets, readRoleName: READ_ROLE, partition: 'aws' })

  it('moto returns the documents URL-encoded, as IAM does', async () => {
    const role = await hubIam.send(new GetRoleCommand({ RoleName: hubRole.name }))
    expect(role.Role?.AssumeRolePolicyDocument).toMatch(/^%7B%22Version%22/)
    const inline = await hubIam.send(new GetRolePolicyCommand({ RoleName: hubRole.name, PolicyName: HUB_PERMISSION_POLICY_NAME }))
    expect(inline.PolicyDocument).toMatch(/^%7B/)
  })

  it('reads existing, changed and missing roles across accounts, decoding the documents', async () => {
    const before = await moto.assumedRoleSessions()
    const set = await read([target('222222222222'), target('222222222222', 'second-target'), target('333333333333'), target('444444444444')])
    expect(set.errors).toEqual([])
    // One AssumeRole per target account (not per role), of the read role, with the documented session name.
    const sessions = (await moto.assumedRoleSessions()).slice(before.length)
    expect(sessions.map((s) => `${s.roleArn} ${s.sessionName}`).sort()).toEqual(
      ['222222222222', '333333333333', '444444444444'].map((a) => `arn:aws:iam::${a}:role/${READ_ROLE} stack-accounts-diff`)
    )
    expect(set.roles.get('222222222222/second-target')?.trustPolicy).toEqual(OLD_TARGET_TRUST)
    expect(set.unexpectedFiles).toEqual([])
    expect([...set.roles.keys()].sort()).toEqual([
      '123456789012/spacelift-hub',
      '222222222222/second-target',
      '222222222222/spacelift-target',
      '333333333333/spacelift-target',
      '444444444444/spacelift-target'
    ])
    const hub = set.roles.get(roleKeyString(HUB, hubRole.name))
    expect(hub).toMatchObject({ trustPolicy: HUB_TRUST, permissionPolicy: HUB_PERMISSIONS, source: 'aws' })
    expect(hub?.key).toEqual({ kind: 'hub', accountId: HUB, role: hubRole })
    // unchanged: the policy the declaration would generate
    expect(set.roles.get('222222222222/spacelift-target')).toMatchObject({ trustPolicy: TARGET_TRUST, source: 'aws' })
    // update: an older policy, decoded exactly (+ = , @ / : % and spaces survive)
    expect(set.roles.get('333333333333/spacelift-target')?.trustPolicy).toEqual(OLD_TARGET_TRUST)
    // create: the role does not exist yet
    const missing = set.roles.get('444444444444/spacelift-target')
    expect(missing).toMatchObject({ trustPolicy: null, source: null })
    expect(missing?.error).toBeUndefined()
  })

  it('reports a missing inline permission policy as null and a missing hub role as null', async () => {
    const noInline = await read([], { path: '/', name: 'hub-without-inline-policy' })
    expect(noInline.roles.get(`${HUB}/hub-without-inline-policy`)).toMatchObject({
      trustPolicy: HUB_TRUST,
      permissionPolicy: null
    })
    const noHub = await read([], { path: '/', name: 'not-created-yet' })
    expect(noHub.roles.get(`${HUB}/not-created-yet`)).toMatchObject({ trustPolicy: null, permissionPolicy: null, source: null })
    expect(noHub.errors).toEqual([])
  })

  it('warns when the role exists under another path than declared', async () => {
    const set = await read([{ kind: 'target', accountId: '222222222222', role: { path: '/team/', name: 'spacelift-target' } }])
    expect(set.roles.get('222222222222/spacelift-target')?.trustPolicy).toEqual(TARGET_TRUST)
    expect(set.errors).toEqual([
      expect.objectContaining({ severity: 'warning', message: expect.stringContaining('exists with path /, accounts.yaml declares /team/') })
    ])
  })
})

describe('readExistingFromAws (moto, IAM authorization on)', () => {
  const saved = { id: '', secret: '' }
  beforeAll(async () => {
    saved.id = process.env.AWS_ACCESS_KEY_ID ?? ''
    saved.secret = process.env.AWS_SECRET_ACCESS_KEY ?? ''
    await moto.enableAuth()
  })
  afterAll(async () => {
    await moto.disableAuth()
    process.env.AWS_ACCESS_KEY_ID = saved.id
    process.env.AWS_SECRET_ACCESS_KEY = saved.secret
  })
  const useCredentials = (c: { accessKeyId: string; secretAccessKey: string }): void => {
    process.env.AWS_ACCESS_KEY_ID = c.accessKeyId
    process.env.AWS_SECRET_ACCESS_KEY = c.secretAccessKey
  }

  it('reports AccessDenied per role (AssumeRole denied, GetRole denied) while the others still load', async () => {
    useCredentials(runner)
    const set = await readExistingFromAws({
      hub: { accountId: HUB, role: hubRole },
      targets: [
        target('222222222222'),
        target('222222222222', 'second-target'),
        target('333333333333'),
        target('444444444444'),
        target('555555555555'),
        target('666666666666')
      ],
      readRoleName: READ_ROLE,
      partition: 'aws',
      concurrency: 3
    })
    expect(set.roles.get(`${HUB}/spacelift-hub`)).toMatchObject({ trustPolicy: HUB_TRUST, permissionPolicy: HUB_PERMISSIONS })
    expect(set.roles.get('222222222222/spacelift-target')?.trustPolicy).toEqual(TARGET_TRUST)
    expect(set.roles.get('222222222222/second-target')?.trustPolicy).toEqual(OLD_TARGET_TRUST)
    expect(set.roles.get('333333333333/spacelift-target')?.trustPolicy).toEqual(OLD_TARGET_TRUST)
    expect(set.roles.get('444444444444/spacelift-target')).toMatchObject({ trustPolicy: null, source: null })

    const assumeDenied = set.roles.get('555555555555/spacelift-target')
    expect(assumeDenied?.trustPolicy).toBeNull()
    expect(assumeDenied?.error).toContain('cannot read arn:aws:iam::555555555555:role/spacelift-target')
    expect(assumeDenied?.error).toContain(`cannot assume the read role arn:aws:iam::555555555555:role/${READ_ROLE}`)
    expect(assumeDenied?.error).toContain('AccessDenied')
    expect(assumeDenied?.error).toContain('is not authorized to perform: sts:AssumeRole')
    expect(assumeDenied?.error).toContain(`needs sts:AssumeRole on arn:aws:iam::555555555555:role/${READ_ROLE}`)

    const getDenied = set.roles.get('666666666666/spacelift-target')
    expect(getDenied?.trustPolicy).toBeNull()
    expect(getDenied?.error).toContain('cannot read arn:aws:iam::666666666666:role/spacelift-target: AccessDenied')
    expect(getDenied?.error).toContain('is not authorized to perform: iam:GetRole')
    expect(getDenied?.error).toContain(
      `the read role arn:aws:iam::666666666666:role/${READ_ROLE} needs iam:GetRole on arn:aws:iam::666666666666:role/spacelift-target`
    )

    expect(set.errors.map((d) => d.message)).toEqual([assumeDenied?.error, getDenied?.error].sort())
    expect(set.errors.every((d) => d.severity === 'error')).toBe(true)
  })

  it('needs no AssumeRole when every target is in the caller’s (hub) account', async () => {
    // local-only may not call sts:AssumeRole at all: any attempt would fail with AccessDenied.
    useCredentials(localOnly)
    const set = await readExistingFromAws({
      hub: { accountId: HUB, role: hubRole },
      targets: [target(HUB, 'local-target'), target(HUB, 'not-created-yet')],
      readRoleName: READ_ROLE,
      partition: 'aws'
    })
    expect(set.errors).toEqual([])
    expect(set.roles.get(`${HUB}/local-target`)?.trustPolicy).toEqual(TARGET_TRUST)
    expect(set.roles.get(`${HUB}/not-created-yet`)?.trustPolicy).toBeNull()
    expect(set.roles.get(`${HUB}/spacelift-hub`)?.permissionPolicy).toEqual(HUB_PERMISSIONS)

    // The same caller reaching another account does try AssumeRole, and is refused by moto.
    const other = await readExistingFromAws({
      hub: { accountId: HUB, role: hubRole },
      targets: [target('222222222222')],
      readRoleName: READ_ROLE,
      partition: 'aws'
    })
    expect(other.roles.get('222222222222/spacelift-target')?.error).toMatch(/AccessDenied.*sts:AssumeRole/)
  })

  it('with no read role named, reads the caller’s own account and reports every other one unreadable, saying what to give', async () => {
    useCredentials(localOnly)
    const set = await readExistingFromAws({
      hub: { accountId: HUB, role: hubRole },
      targets: [target(HUB, 'local-target'), target('222222222222')],
      readRoleName: null,
      partition: 'aws'
    })
    expect(set.roles.get(`${HUB}/local-target`)?.trustPolicy).toEqual(TARGET_TRUST)
    const elsewhere = set.roles.get('222222222222/spacelift-target')
    expect(elsewhere?.trustPolicy).toBeNull()
    expect(elsewhere?.error).toContain(`account 222222222222 is not the caller's (${HUB}) and no read role is named to enter it: give --aws-read-role NAME`)
    expect(set.errors.map((d) => d.message)).toEqual([elsewhere?.error])
  })

  it('reports the hub unreadable, naming the permission, when its managed policies cannot be listed', async () => {
    useCredentials(noManagedList)
    const set = await readExistingFromAws({ hub: { accountId: HUB, role: hubRole }, targets: [], readRoleName: READ_ROLE, partition: 'aws' })
    const hub = set.roles.get(`${HUB}/spacelift-hub`)
    expect(hub?.error).toBe(
      `cannot read the attached managed policies of arn:aws:iam::${HUB}:role/spacelift-hub: AccessDenied: User: arn:aws:iam::${HUB}:user/no-managed-list is not authorized to perform: iam:ListAttachedRolePolicies; the caller (the standard credential chain) needs iam:ListAttachedRolePolicies on arn:aws:iam::${HUB}:role/spacelift-hub`
    )
    expect(hub?.permissionPolicy).toBeUndefined()
    expect(set.errors.map((d) => d.message)).toEqual([hub?.error])
  })

  it('reports credentials the server does not know for every role, without throwing', async () => {
    useCredentials({ accessKeyId: 'AKIAUNKNOWNUNKNOWN00', secretAccessKey: 'nope' })
    const set = await readExistingFromAws({
      hub: { accountId: HUB, role: hubRole },
      targets: [target('222222222222')],
      readRoleName: READ_ROLE,
      partition: 'aws'
    })
    expect(set.roles.size).toBe(2)
    for (const role of set.roles.values()) {
      expect(role.trustPolicy).toBeNull()
      expect(role.error).toContain('no usable AWS credentials')
    }
    expect(set.errors).toHaveLength(2)
  })
})
