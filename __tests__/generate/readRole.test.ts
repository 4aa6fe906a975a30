/** The read roles of aws_read (CONTRACT §2): who may assume them and what they may read. */
import { describe, expect, it } from '@jest/globals'
import { desiredIam } from '../../src/generate/iam/desiredIam.js'
import { buildDeclaration, type DeclarationSpec } from '../support/declaration.js'

const awsRead = { role: { path: '/', name: 'reader' }, trusted: ['arn:aws:iam::999999999999:role/ci', 'repo:acme/infra:*'] }
const readRoles = (spec: DeclarationSpec = {}) => desiredIam(buildDeclaration({ awsRead, ...spec })).readRoles

describe('desiredReadRoles', () => {
  it('is empty without aws_read', () => {
    expect(desiredIam(buildDeclaration()).readRoles).toEqual([])
  })

  it('lets the hub read role be assumed by the GitHub subjects (StringLike for a *) and the trusted roles only', () => {
    const [hub] = readRoles()
    expect(hub?.trustPolicy).toEqual({
      Version: '2012-10-17',
      Statement: [
        {
          Sid: 'GitHubActions',
          Effect: 'Allow',
          Principal: { Federated: 'arn:aws:iam::111111111111:oidc-provider/token.actions.githubusercontent.com' },
          Action: 'sts:AssumeRoleWithWebIdentity',
          Condition: {
            StringEquals: { 'token.actions.githubusercontent.com:aud': 'sts.amazonaws.com' },
            StringLike: { 'token.actions.githubusercontent.com:sub': 'repo:acme/infra:*' }
          }
        },
        { Sid: 'TrustedRoles', Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::999999999999:role/ci' }, Action: 'sts:AssumeRole' }
      ]
    })
  })

  it('lets every other read role be assumed by the hub read role only, and read only the generated role there', () => {
    const roles = readRoles()
    expect(roles.map((r) => r.arn)).toEqual([
      'arn:aws:iam::111111111111:role/reader',
      'arn:aws:iam::222222222222:role/reader',
      'arn:aws:iam::333333333333:role/reader'
    ])
    const prod = roles[1]!
    expect(prod.trustPolicy.Statement).toEqual([
      { Sid: 'HubReadRole', Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::111111111111:role/reader' }, Action: 'sts:AssumeRole' }
    ])
    expect(prod.permissionPolicy.Statement).toEqual([
      {
        Sid: 'ReadGeneratedRoles',
        Effect: 'Allow',
        Action: ['iam:GetRole', 'iam:GetRolePolicy', 'iam:ListAttachedRolePolicies', 'iam:ListRolePolicies'],
        Resource: 'arn:aws:iam::222222222222:role/spacelift-target'
      },
      {
        Sid: 'ReadAttachedPolicies',
        Effect: 'Allow',
        Action: ['iam:GetPolicy', 'iam:GetPolicyVersion'],
        Resource: ['arn:aws:iam::222222222222:policy/*', 'arn:aws:iam::aws:policy/*']
      }
    ])
  })

  it('lets the hub read role assume the other read roles, named as hub.permissions names the targets', () => {
    const assume = (spec: DeclarationSpec) => readRoles(spec)[0]!.permissionPolicy.Statement.find((s) => s.Sid === 'AssumeReadRoles')
    expect(assume({})).toEqual({
      Sid: 'AssumeReadRoles',
      Effect: 'Allow',
      Action: 'sts:AssumeRole',
      Resource: ['arn:aws:iam::222222222222:role/reader', 'arn:aws:iam::333333333333:role/reader']
    })
    expect(assume({ hub: { permissions: 'accounts' } })).toMatchObject({
      Resource: 'arn:aws:iam::????????????:role/reader',
      Condition: { StringEquals: { 'aws:ResourceAccount': ['222222222222', '333333333333'] } }
    })
    expect(assume({ hub: { permissions: 'organization', organizationId: 'o-a1b2c3d4e5' } })).toMatchObject({
      Condition: { StringEquals: { 'aws:ResourceOrgID': 'o-a1b2c3d4e5' } }
    })
  })

  it('puts one read role in the hub account when a target role is there too, reading both', () => {
    const [hub, ...others] = readRoles({ accounts: { shared: { id: '111111111111' } }, stacks: { app: { accounts: ['shared'] } } })
    expect(others).toEqual([])
    expect(hub?.permissionPolicy.Statement[0]?.Resource).toEqual([
      'arn:aws:iam::111111111111:role/spacelift-hub',
      'arn:aws:iam::111111111111:role/spacelift-target'
    ])
    expect(hub?.permissionPolicy.Statement.some((s) => s.Sid === 'AssumeReadRoles')).toBe(false)
  })
})
