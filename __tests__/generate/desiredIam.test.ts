import { describe, expect, it } from '@jest/globals'
import { InputError } from '../../src/common/diagnostics.js'
import { accountRootArn, roleArn } from '../../src/config/arn.js'
import { desiredIam } from '../../src/generate/iam/desiredIam.js'
import { stackExternalIds } from '../../src/generate/iam/externalIds.js'
import type { PolicyDocument, PolicyStatement } from '../../src/iamDocument/types.js'
import { buildDeclaration, INTEGRATION_ID, hubOf } from '../support/declaration.js'

function statement(doc: PolicyDocument, sid: string): PolicyStatement {
  const found = doc.Statement.find((s) => s.Sid === sid)
  if (!found) throw new Error(`no statement ${sid} in ${JSON.stringify(doc)}`)
  return found
}

/** IAM's StringLike on one value: `*` any run of characters, `?` one character, case-sensitive. */
function stringLike(pattern: string, value: string): boolean {
  const source = pattern
    .replace(/[.+^${}()|[\]\\]/g, '\\$&')
    .replace(/\*/g, '.*')
    .replace(/\?/g, '.')
  return new RegExp(`^${source}$`, 's').test(value)
}

/** Does the hub trust policy let Spacelift assume the hub role with this external ID? */
function hubAdmits(doc: PolicyDocument, externalId: string): boolean {
  const assume = statement(doc, 'SpaceliftAssumeRole')
  const [operator, keys] = Object.entries(assume.Condition ?? {})[0] ?? ['', {}]
  const raw = keys['sts:ExternalId']
  const values = (Array.isArray(raw) ? raw : [raw]) as string[]
  if (operator === 'StringEquals') return values.includes(externalId)
  if (operator === 'StringLike') return values.some((v) => stringLike(v, externalId))
  throw new Error(`unexpected operator ${operator}`)
}

describe('ARNs', () => {
  it('writes role ARNs with partition, account, path and name', () => {
    expect(roleArn('aws', '222222222222', { path: '/', name: 'r' })).toBe('arn:aws:iam::222222222222:role/r')
    expect(roleArn('aws-us-gov', '012345678901', { path: '/ci/spacelift/', name: 'r' })).toBe('arn:aws-us-gov:iam::012345678901:role/ci/spacelift/r')
    expect(accountRootArn('aws-cn', '324880187172')).toBe('arn:aws-cn:iam::324880187172:root')
  })
})

describe('external IDs', () => {
  const rw = { id: 'app', accounts: ['prod'], access: 'read-write' as const }
  const ro = { id: 'app', accounts: ['prod'], access: 'read-only' as const }

  it('gives a read-write stack @read and @write with the Spacelift account name and integration ID', () => {
    const { spacelift } = buildDeclaration({ spacelift: { account: 'acme' } })
    expect(stackExternalIds(spacelift, rw)).toEqual([`acme@${INTEGRATION_ID}@app@read`, `acme@${INTEGRATION_ID}@app@write`])
  })
  it('gives a read-only stack only @read, in both match modes', () => {
    for (const externalIdMatch of ['exact', 'stack'] as const) {
      const { spacelift } = buildDeclaration({ spacelift: { externalIdMatch } })
      expect(stackExternalIds(spacelift, ro)).toEqual([`acme@${INTEGRATION_ID}@app@read`])
    }
  })
  it('gives a read-write stack one @* value with external_id_match: stack', () => {
    const { spacelift } = buildDeclaration({ spacelift: { externalIdMatch: 'stack' } })
    expect(stackExternalIds(spacelift, rw)).toEqual([`acme@${INTEGRATION_ID}@app@*`])
  })
  it('refuses wildcard characters in the parts of an external ID (they would match other stacks)', () => {
    const { spacelift } = buildDeclaration({ spacelift: { integrationId: null } })
    expect(() => stackExternalIds(spacelift, { ...rw, id: 'app*' })).toThrow(InputError)
    expect(() => stackExternalIds(spacelift, { ...rw, id: 'ap?' })).toThrow(InputError)
    expect(() => stackExternalIds({ ...spacelift, account: 'ac*' }, rw)).toThrow(InputError)
    expect(() => stackExternalIds({ ...spacelift, integrationId: '*' }, rw)).toThrow(InputError)
  })

  it('puts * where the integration ID is not set', () => {
    const { spacelift } = buildDeclaration({ spacelift: { integrationId: null } })
    expect(stackExternalIds(spacelift, rw)).toEqual(['acme@*@app@read', 'acme@*@app@write'])
  })
})

describe('hub trust policy', () => {
  it.each([
    ['eu', { region: 'eu' as const }, 'arn:aws:iam::324880187172:root'],
    ['us', { region: 'us' as const }, 'arn:aws:iam::577638371743:root'],
    ['self-hosted', { awsAccountId: '999999999999' }, 'arn:aws:iam::999999999999:root']
  ])('trusts Spacelift principal (%s) only', (_name, spacelift, principal) => {
    const hub = hubOf(desiredIam(buildDeclaration({ spacelift })))
    expect(hub.trustPolicy.Statement).toHaveLength(1)
    expect(statement(hub.trustPolicy, 'SpaceliftAssumeRole')).toMatchObject({
      Effect: 'Allow',
      Principal: { AWS: principal },
      Action: 'sts:AssumeRole'
    })
  })

  it('uses the partition for every ARN (self-hosted in aws-us-gov)', () => {
    const desired = desiredIam(buildDeclaration({ partition: 'aws-us-gov', spacelift: { awsAccountId: '999999999999' } }))
    const { targets } = desired
    const hub = hubOf(desired)
    expect(statement(hub.trustPolicy, 'SpaceliftAssumeRole').Principal).toEqual({ AWS: 'arn:aws-us-gov:iam::999999999999:root' })
    expect(hub.arn).toBe('arn:aws-us-gov:iam::111111111111:role/spacelift-hub')
    expect(targets.map((t) => t.arn)).toEqual([
      'arn:aws-us-gov:iam::222222222222:role/spacelift-target',
      'arn:aws-us-gov:iam::333333333333:role/spacelift-target'
    ])
    expect(statement(targets[0]!.trustPolicy, 'HubAssumeRole').Principal).toEqual({ AWS: hub.arn })
  })

  it('allows exactly the declared external IDs with StringEquals when all are exact', () => {
    const decl = buildDeclaration({
      stacks: { 'app-prod': { accounts: ['prod'] }, audit: { accounts: ['prod'], access: 'read-only' } }
    })
    const hub = hubOf(desiredIam(decl))
    expect(statement(hub.trustPolicy, 'SpaceliftAssumeRole').Condition).toEqual({
      StringEquals: {
        'sts:ExternalId': [`acme@${INTEGRATION_ID}@app-prod@read`, `acme@${INTEGRATION_ID}@app-prod@write`, `acme@${INTEGRATION_ID}@audit@read`]
      }
    })
    expect(hubAdmits(hub.trustPolicy, `acme@${INTEGRATION_ID}@audit@write`)).toBe(false)
    expect(hubAdmits(hub.trustPolicy, `acme@${INTEGRATION_ID}@other@read`)).toBe(false)
  })

  it('writes a single external ID as a string', () => {
    const decl = buildDeclaration({ stacks: { audit: { accounts: ['prod'], access: 'read-only' } } })
    expect(statement(hubOf(desiredIam(decl)).trustPolicy, 'SpaceliftAssumeRole').Condition).toEqual({
      StringEquals: { 'sts:ExternalId': `acme@${INTEGRATION_ID}@audit@read` }
    })
  })

  it('switches to StringLike when the integration ID is missing, and still separates stacks', () => {
    const decl = buildDeclaration({
      spacelift: { integrationId: null },
      stacks: { 'app-prod': { accounts: ['prod'] }, audit: { accounts: ['prod'], access: 'read-only' } }
    })
    const hub = hubOf(desiredIam(decl))
    expect(statement(hub.trustPolicy, 'SpaceliftAssumeRole').Condition).toEqual({
      StringLike: { 'sts:ExternalId': ['acme@*@app-prod@read', 'acme@*@app-prod@write', 'acme@*@audit@read'] }
    })
    expect(hubAdmits(hub.trustPolicy, 'acme@01ABC@app-prod@write')).toBe(true)
    expect(hubAdmits(hub.trustPolicy, 'acme@01ABC@audit@read')).toBe(true)
    expect(hubAdmits(hub.trustPolicy, 'acme@01ABC@audit@write')).toBe(false)
    expect(hubAdmits(hub.trustPolicy, 'other@01ABC@app-prod@write')).toBe(false)
  })

  it('with external_id_match: stack uses one @* value per read-write stack (StringLike) and @read for read-only', () => {
    const decl = buildDeclaration({
      spacelift: { externalIdMatch: 'stack' },
      stacks: { 'app-prod': { accounts: ['prod'] }, audit: { accounts: ['prod'], access: 'read-only' } }
    })
    const hub = hubOf(desiredIam(decl))
    expect(statement(hub.trustPolicy, 'SpaceliftAssumeRole').Condition).toEqual({
      StringLike: { 'sts:ExternalId': [`acme@${INTEGRATION_ID}@app-prod@*`, `acme@${INTEGRATION_ID}@audit@read`] }
    })
    expect(hubAdmits(hub.trustPolicy, `acme@${INTEGRATION_ID}@app-prod@write`)).toBe(true)
    expect(hubAdmits(hub.trustPolicy, `acme@${INTEGRATION_ID}@audit@write`)).toBe(false)
  })

  it('keeps StringEquals in stack mode when only read-only stacks exist (no wildcard)', () => {
    const decl = buildDeclaration({
      spacelift: { externalIdMatch: 'stack' },
      stacks: { audit: { accounts: ['prod'], access: 'read-only' } }
    })
    expect(Object.keys(statement(hubOf(desiredIam(decl)).trustPolicy, 'SpaceliftAssumeRole').Condition ?? {})).toEqual(['StringEquals'])
  })

  it('admits every external ID Spacelift sends for declared stacks, in every mode', () => {
    for (const externalIdMatch of ['exact', 'stack'] as const) {
      for (const integrationId of [INTEGRATION_ID, null]) {
        const decl = buildDeclaration({
          spacelift: { externalIdMatch, integrationId },
          stacks: { a: { accounts: ['prod'] }, b: { accounts: ['staging'], access: 'read-only' } }
        })
        const hub = hubOf(desiredIam(decl))
        const sent = (stack: string, suffix: string): string => `acme@${INTEGRATION_ID}@${stack}@${suffix}`
        expect([sent('a', 'read'), sent('a', 'write'), sent('b', 'read')].every((id) => hubAdmits(hub.trustPolicy, id))).toBe(true)
        expect([sent('b', 'write'), sent('c', 'read')].some((id) => hubAdmits(hub.trustPolicy, id))).toBe(false)
      }
    }
  })

  it('adds a separate sts:TagSession statement for Spacelift only with session_tags', () => {
    const off = hubOf(desiredIam(buildDeclaration({ spacelift: { sessionTags: false } }))).trustPolicy
    expect(off.Statement.map((s) => s.Action)).toEqual(['sts:AssumeRole'])
    const on = hubOf(desiredIam(buildDeclaration({ spacelift: { sessionTags: true } }))).trustPolicy
    expect(statement(on, 'SpaceliftTagSession')).toEqual({
      Sid: 'SpaceliftTagSession',
      Effect: 'Allow',
      Principal: { AWS: 'arn:aws:iam::324880187172:root' },
      Action: 'sts:TagSession'
    })
  })

  it('denies everything when no stack is declared (no empty condition list)', () => {
    const hub = hubOf(desiredIam(buildDeclaration({ stacks: {} })))
    expect(hub.trustPolicy.Statement).toEqual([
      { Sid: 'NoStackDeclared', Effect: 'Deny', Principal: { AWS: 'arn:aws:iam::324880187172:root' }, Action: 'sts:AssumeRole' }
    ])
    expect(hub.permissionPolicy.Statement.every((s) => s.Effect === 'Deny')).toBe(true)
    expect(JSON.stringify([hub.trustPolicy, hub.permissionPolicy])).not.toContain('[]')
  })
})

describe('hub permission policy', () => {
  it('allows sts:AssumeRole on exactly the target roles some stack reaches', () => {
    const decl = buildDeclaration({
      accounts: {
        prod: { id: '222222222222', role: '/spacelift/deploy' },
        staging: { id: '333333333333' },
        unused: { id: '444444444444' }
      }
    })
    expect(hubOf(desiredIam(decl)).permissionPolicy).toEqual({
      Version: '2012-10-17',
      Statement: [
        {
          Sid: 'AssumeTargetRoles',
          Effect: 'Allow',
          Action: 'sts:AssumeRole',
          Resource: ['arn:aws:iam::222222222222:role/spacelift/deploy', 'arn:aws:iam::333333333333:role/spacelift-target']
        }
      ]
    })
  })
  it('adds sts:TagSession with session_tags and writes one role as a string', () => {
    const decl = buildDeclaration({ spacelift: { sessionTags: true }, stacks: { a: { accounts: ['staging'] } } })
    expect(hubOf(desiredIam(decl)).permissionPolicy.Statement).toEqual([
      {
        Sid: 'AssumeTargetRoles',
        Effect: 'Allow',
        Action: ['sts:AssumeRole', 'sts:TagSession'],
        Resource: 'arn:aws:iam::333333333333:role/spacelift-target'
      }
    ])
  })
})

describe('compact forms', () => {
  const accounts = {
    prod: { id: '222222222222', role: '/spacelift/target' },
    staging: { id: '333333333333', role: '/spacelift/target' },
    legacy: { id: '444444444444', role: 'deployer' },
    unused: { id: '555555555555', role: 'other' }
  }
  const stacks = { app: { accounts: ['prod', 'legacy'] }, net: { accounts: ['staging'], access: 'read-only' as const } }

  it('external_id_match: integration: one StringLike value for every stack, read-only ones too', () => {
    const hub = hubOf(desiredIam(buildDeclaration({ spacelift: { externalIdMatch: 'integration' }, accounts, stacks })))
    expect(hub.trustPolicy.Statement).toEqual([
      {
        Sid: 'SpaceliftAssumeRole',
        Effect: 'Allow',
        Principal: { AWS: 'arn:aws:iam::324880187172:root' },
        Action: 'sts:AssumeRole',
        Condition: { StringLike: { 'sts:ExternalId': `acme@${INTEGRATION_ID}@*` } }
      }
    ])
  })

  it('hub.permissions: accounts: one statement per role path and name, listing only the accounts using it', () => {
    const hub = hubOf(desiredIam(buildDeclaration({ hub: { permissions: 'accounts' }, spacelift: { sessionTags: true }, accounts, stacks })))
    expect(hub.permissionPolicy.Statement).toEqual([
      {
        Sid: 'AssumeTargetRoles1',
        Effect: 'Allow',
        Action: ['sts:AssumeRole', 'sts:TagSession'],
        Resource: 'arn:aws:iam::????????????:role/deployer',
        Condition: { StringEquals: { 'aws:ResourceAccount': '444444444444' } }
      },
      {
        Sid: 'AssumeTargetRoles2',
        Effect: 'Allow',
        Action: ['sts:AssumeRole', 'sts:TagSession'],
        Resource: 'arn:aws:iam::????????????:role/spacelift/target',
        Condition: { StringEquals: { 'aws:ResourceAccount': ['222222222222', '333333333333'] } }
      }
    ])
  })

  it('hub.permissions: organization: the same statements limited to the organization, in the partition', () => {
    const decl = buildDeclaration({ partition: 'aws-cn', hub: { permissions: 'organization', organizationId: 'o-a1b2c3d4e5' }, accounts, stacks })
    const hub = hubOf(desiredIam(decl))
    expect(hub.permissionPolicy.Statement.map((s) => [s.Sid, s.Action, s.Resource, s.Condition])).toEqual([
      ['AssumeTargetRoles1', 'sts:AssumeRole', 'arn:aws-cn:iam::????????????:role/deployer', { StringEquals: { 'aws:ResourceOrgID': 'o-a1b2c3d4e5' } }],
      ['AssumeTargetRoles2', 'sts:AssumeRole', 'arn:aws-cn:iam::????????????:role/spacelift/target', { StringEquals: { 'aws:ResourceOrgID': 'o-a1b2c3d4e5' } }]
    ])
  })

  it('hub.permissions: refuses a role name holding a wildcard (it would be a pattern over other roles)', () => {
    for (const permissions of ['accounts', 'organization'] as const) {
      const decl = buildDeclaration({
        hub: { permissions, organizationId: 'o-a1b2c3d4e5' },
        accounts: { prod: { id: '222222222222', role: 'tar*' } },
        stacks: { app: { accounts: ['prod'] } }
      })
      expect(() => desiredIam(decl)).toThrow(InputError)
    }
  })

  it('hub.permissions: a single role name is one statement with the usual Sid', () => {
    const one = desiredIam(buildDeclaration({ hub: { permissions: 'accounts' } }))
    expect(hubOf(one).permissionPolicy.Statement.map((s) => s.Sid)).toEqual(['AssumeTargetRoles'])
  })
})

describe('target trust policies', () => {
  it('exist only for accounts some stack lists, sorted by alias', () => {
    const decl = buildDeclaration({
      accounts: { zeta: { id: '555555555555' }, alpha: { id: '222222222222' }, unused: { id: '444444444444' } },
      stacks: { s1: { accounts: ['zeta'] }, s2: { accounts: ['alpha', 'zeta'] } }
    })
    const { targets } = desiredIam(decl)
    expect(targets.map((t) => [t.alias, t.accountId, t.stacks])).toEqual([
      ['alpha', '222222222222', ['s2']],
      ['zeta', '555555555555', ['s1', 's2']]
    ])
    expect(JSON.stringify(desiredIam(decl))).not.toContain('444444444444')
  })

  it('trust only the hub role, unconditionally without external ID and session tags', () => {
    const decl = buildDeclaration({ hub: { role: '/platform/spacelift-hub' } })
    const staging = desiredIam(decl).targets.find((t) => t.alias === 'staging')!
    expect(staging.trustPolicy).toEqual({
      Version: '2012-10-17',
      Statement: [
        {
          Sid: 'HubAssumeRole',
          Effect: 'Allow',
          Principal: { AWS: 'arn:aws:iam::111111111111:role/platform/spacelift-hub' },
          Action: 'sts:AssumeRole'
        }
      ]
    })
  })

  it('require the account external ID when set', () => {
    const prod = desiredIam(buildDeclaration()).targets.find((t) => t.alias === 'prod')!
    expect(statement(prod.trustPolicy, 'HubAssumeRole').Condition).toEqual({ StringEquals: { 'sts:ExternalId': 's3cr3t-prod' } })
  })

  it('with session_tags require the stack tag of a listing stack, and allow sts:TagSession to the hub', () => {
    const decl = buildDeclaration({ spacelift: { sessionTags: true } })
    const [prod, staging] = desiredIam(decl).targets
    expect(statement(prod!.trustPolicy, 'HubAssumeRole').Condition).toEqual({
      StringEquals: { 'aws:PrincipalTag/stack': ['app-prod', 'networking'], 'sts:ExternalId': 's3cr3t-prod' }
    })
    expect(statement(staging!.trustPolicy, 'HubAssumeRole').Condition).toEqual({
      StringEquals: { 'aws:PrincipalTag/stack': 'networking' }
    })
    expect(statement(staging!.trustPolicy, 'HubTagSession')).toEqual({
      Sid: 'HubTagSession',
      Effect: 'Allow',
      Principal: { AWS: 'arn:aws:iam::111111111111:role/spacelift-hub' },
      Action: 'sts:TagSession'
    })
  })

  it('have no tag condition or TagSession statement without session_tags', () => {
    const text = JSON.stringify(desiredIam(buildDeclaration()).targets)
    expect(text).not.toContain('PrincipalTag')
    expect(text).not.toContain('TagSession')
  })

  it('use role paths in ARNs', () => {
    const decl = buildDeclaration({ accounts: { prod: { id: '222222222222', role: '/a/b/deployer' } }, stacks: { s: { accounts: ['prod'] } } })
    const [target] = desiredIam(decl).targets
    expect(target!.arn).toBe('arn:aws:iam::222222222222:role/a/b/deployer')
    expect(target!.role).toEqual({ path: '/a/b/', name: 'deployer' })
  })
})

describe('determinism', () => {
  it('gives identical output for the same declaration given in any order', () => {
    const a = buildDeclaration({ spacelift: { sessionTags: true } })
    const b = structuredClone(a)
    b.accounts.reverse()
    b.stacks.reverse()
    expect(JSON.stringify(desiredIam(b))).toBe(JSON.stringify(desiredIam(a)))
  })
  it('is a pure function of the declaration', () => {
    const decl = buildDeclaration()
    const before = JSON.stringify(decl)
    expect(JSON.stringify(desiredIam(decl))).toBe(JSON.stringify(desiredIam(decl)))
    expect(JSON.stringify(decl)).toBe(before)
  })
})
