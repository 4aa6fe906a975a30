import { describe, expect, it } from '@jest/globals'
import { comparePermissionPolicies } from '../../src/diff/permissionsComparison.js'
import type { PolicyDocument } from '../../src/policy/document.js'

const arn = (id: string) => `arn:aws:iam::${id}:role/spacelift-target`
const allow = (resources: string[], actions: string[] = ['sts:AssumeRole']): PolicyDocument => ({
  Version: '2012-10-17',
  Statement: [{ Sid: 'AssumeTargets', Effect: 'Allow', Action: actions, Resource: resources }]
})

describe('comparePermissionPolicies', () => {
  it('sees no change in a reordered, re-cased, re-Sid-ed policy', () => {
    const before = allow([arn('1'), arn('2')])
    const after: PolicyDocument = { Version: '2012-10-17', Statement: [{ Sid: 'Other', Effect: 'Allow', Action: 'STS:assumerole', Resource: [arn('2'), arn('1')] }] }
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
})
