import { describe, expect, it } from '@jest/globals'
import { comparePermissionPolicies } from '../../src/diff/permissionsComparison.js'
import { desiredIam } from '../../src/generate/iam/desiredIam.js'
import type { PolicyDocument } from '../../src/iamDocument/types.js'
import { buildDeclaration, hubOf } from '../support/declaration.js'
import { parseJsonOutput } from '../support/jsonOutput.js'

const arn = (id: string) => `arn:aws:iam::${id}:role/spacelift-target`
const allow = (resources: string[], actions: string[] = ['sts:AssumeRole']): PolicyDocument => ({
  Version: '2012-10-17',
  Statement: [{ Sid: 'AssumeTargets', Effect: 'Allow', Action: actions, Resource: resources }]
})

describe('comparePermissionPolicies', () => {
  it('sees no change in a reordered, re-cased, re-Sid-ed policy', () => {
    const before = allow([arn('1'), arn('2')])
    const after: PolicyDocument = {
      Version: '2012-10-17',
      Statement: [{ Sid: 'Other', Effect: 'Allow', Action: 'STS:assumerole', Resource: [arn('2'), arn('1')] }]
    }
    expect(comparePermissionPolicies(before, after)).toEqual({ widens: false, changes: [] })
  })

  it('says a new target role widens and a removed one does not', () => {
    const result = comparePermissionPolicies(allow([arn('1'), arn('2')]), allow([arn('2'), arn('3')]))
    expect(result.widens).toBe(true)
    expect(result.changes.map((c) => [c.kind, c.widens])).toEqual([
      ['permission-added', true],
      ['permission-removed', false]
    ])
    expect(result.changes[0]!.detail).toContain(arn('3'))
  })

  it('treats a missing policy as granting nothing', () => {
    const result = comparePermissionPolicies(null, allow([arn('1')]))
    expect(result.widens).toBe(true)
  })

  it('counts a wildcard or conditional statement as widening unless it was there before', () => {
    const wildcard = allow(['arn:aws:iam::*:role/*'])
    expect(comparePermissionPolicies(allow([arn('1')]), wildcard).widens).toBe(true)
    expect(comparePermissionPolicies(wildcard, wildcard).widens).toBe(false)
  })

  it('counts a removed Deny as widening', () => {
    const withDeny: PolicyDocument = {
      Version: '2012-10-17',
      Statement: [...allow([arn('1')]).Statement, { Effect: 'Deny', Action: 'sts:AssumeRole', Resource: arn('1') }]
    }
    expect(comparePermissionPolicies(withDeny, allow([arn('1')])).widens).toBe(true)
    expect(comparePermissionPolicies(allow([arn('1')]), withDeny).widens).toBe(false)
  })

  describe('hub.permissions: accounts statements', () => {
    const accounts = { prod: { id: '222222222222' }, staging: { id: '333333333333' }, dev: { id: '444444444444', role: '/ops/deployer' } }
    const policy = (permissions: 'exact' | 'accounts' | 'organization', list = accounts) =>
      hubOf(
        desiredIam(buildDeclaration({ hub: { permissions, organizationId: 'o-a1b2c3d4e5' }, accounts: list, stacks: { app: { accounts: Object.keys(list) } } }))
      ).permissionPolicy

    it('reads them as the role ARNs they name: the same grant as the exact form, both ways', () => {
      expect(comparePermissionPolicies(policy('exact'), policy('accounts'))).toEqual({ widens: false, changes: [] })
      expect(comparePermissionPolicies(policy('accounts'), policy('exact'))).toEqual({ widens: false, changes: [] })
    })

    it('names the one role an added account adds, and the one a removed account removes', () => {
      const more = { ...accounts, qa: { id: '555555555555' } }
      const added = comparePermissionPolicies(policy('accounts'), policy('accounts', more))
      expect(added.changes).toEqual([
        { kind: 'permission-added', detail: 'hub may now sts:AssumeRole on arn:aws:iam::555555555555:role/spacelift-target', widens: true }
      ])
      const removed = comparePermissionPolicies(policy('accounts', more), policy('accounts'))
      expect(removed).toMatchObject({ widens: false, changes: [{ kind: 'permission-removed' }] })
    })

    it('keeps organization, and any other conditioned or wildcard shape, opaque: widening unless unchanged', () => {
      expect(comparePermissionPolicies(policy('exact'), policy('organization')).widens).toBe(true)
      const accountsForm = policy('accounts')
      const rewritten = (text: string, replacement: string) => parseJsonOutput<PolicyDocument>(JSON.stringify(accountsForm).replaceAll(text, replacement))
      const variants: PolicyDocument[] = [
        // * instead of twelve ?: may span colons into the role path
        rewritten('????????????', '*'),
        // StringLike: the account values would be patterns
        rewritten('StringEquals', 'StringLike'),
        // a wildcard in the role name
        rewritten('role/spacelift-target', 'role/spacelift-*'),
        // a second condition key
        rewritten('"aws:ResourceAccount"', '"aws:ResourceAccount":["222222222222"],"aws:PrincipalTag/x"'),
        // a non-account value
        rewritten('"222222222222"', '"2222222222*"')
      ]
      for (const variant of variants) {
        expect(JSON.stringify(variant)).not.toBe(JSON.stringify(accountsForm))
        const result = comparePermissionPolicies(policy('exact'), variant)
        expect([JSON.stringify(variant.Statement), result.widens]).toEqual([JSON.stringify(variant.Statement), true])
      }
    })
  })
})

describe('comparePermissionPolicies with the role’s other policies (diff --aws)', () => {
  const other = (name: string, ...statements: PolicyDocument['Statement']) => ({ name, document: { Version: '2012-10-17' as const, Statement: statements } })
  const kinds = (result: { changes: { kind: string; widens: boolean }[] }) => result.changes.map((c) => [c.kind, c.widens])

  it('does not count a declared grant that another policy already gives as new', () => {
    const result = comparePermissionPolicies(null, allow([arn('1')]), [other('inline policy legacy', ...allow([arn('1')]).Statement)])
    expect(result).toEqual({ widens: false, changes: [] })
  })

  it('reports every grant of another policy the declaration does not give as widening, whatever its form', () => {
    const declared = allow([arn('1')])
    const cases: PolicyDocument['Statement'] = [
      { Effect: 'Allow', Action: 'sts:AssumeRole', Resource: arn('2') },
      { Effect: 'Allow', Action: 'sts:*', Resource: arn('1') },
      { Effect: 'Allow', Action: '*', Resource: '*' },
      { Effect: 'Allow', NotAction: 's3:*', Resource: arn('1') },
      { Effect: 'Allow', Action: 'sts:AssumeRole', NotResource: arn('1') },
      { Effect: 'Allow', Action: 'sts:AssumeRole', Resource: arn('1'), Condition: { Bool: { 'aws:SecureTransport': 'true' } } },
      { Effect: 'Allow', Action: 'iam:PutRolePolicy', Resource: '*' },
      { Effect: 'Allow', Action: 'S?S:AssumeRole', Resource: arn('1') }
    ]
    for (const statement of cases) {
      const result = comparePermissionPolicies(declared, declared, [other('managed policy p', statement)])
      expect([JSON.stringify(statement), result.widens]).toEqual([JSON.stringify(statement), true])
      expect(result.changes.every((c) => c.detail.includes('through managed policy p, which accounts.yaml does not declare'))).toBe(true)
    }
  })

  it('does not let another policy’s Deny hide anything, and lists statements that cannot touch sts or iam without counting them', () => {
    const declared = allow([arn('1')])
    const deny = comparePermissionPolicies(declared, declared, [other('inline policy guard', { Effect: 'Deny', Action: '*', Resource: '*' })])
    expect(deny).toEqual({ widens: false, changes: [] })
    const s3 = comparePermissionPolicies(declared, declared, [
      other('inline policy logs', { Effect: 'Allow', Action: ['s3:PutObject', 'logs:*'], Resource: '*' })
    ])
    expect(kinds(s3)).toEqual([['statement-other', false]])
  })

  it('still counts a declared grant the other policies do not give as widening', () => {
    const result = comparePermissionPolicies(null, allow([arn('1'), arn('2')]), [other('inline policy legacy', ...allow([arn('1')]).Statement)])
    expect(kinds(result)).toEqual([['permission-added', true]])
    expect(result.changes[0]!.detail).toContain(arn('2'))
  })
})
