import { describe, expect, it } from '@jest/globals'
import { policyDeclarationData } from '../../src/planPolicy/policyData.js'
import { buildDeclaration } from '../support/declaration.js'

describe('policyDeclarationData', () => {
  it('gives each stack the target role ARNs of its accounts, with paths and partition', () => {
    const data = policyDeclarationData(
      buildDeclaration({
        partition: 'aws-us-gov',
        spacelift: { awsAccountId: '999999999999' },
        hub: { accountId: '111111111111', role: '/spacelift/hub' },
        accounts: { prod: { id: '222222222222', role: '/ci/deployer' }, staging: { id: '333333333333' } },
        stacks: { web: { accounts: ['staging', 'prod'], access: 'read-only' }, api: { accounts: ['prod'] } }
      })
    )
    expect(data).toEqual({
      partition: 'aws-us-gov',
      unverifiable: 'deny',
      spacelift_account_ids: ['324880187172', '577638371743', '999999999999'],
      spacelift_principal_account_id: '999999999999',
      hub: { account_id: '111111111111', role_arn: 'arn:aws-us-gov:iam::111111111111:role/spacelift/hub' },
      accounts: {
        prod: { id: '222222222222', role_arn: 'arn:aws-us-gov:iam::222222222222:role/ci/deployer' },
        staging: { id: '333333333333', role_arn: 'arn:aws-us-gov:iam::333333333333:role/spacelift-target' }
      },
      stacks: {
        api: { accounts: ['prod'], role_arns: ['arn:aws-us-gov:iam::222222222222:role/ci/deployer'], account_ids: ['222222222222'], access: 'read-write' },
        web: {
          accounts: ['prod', 'staging'],
          role_arns: ['arn:aws-us-gov:iam::222222222222:role/ci/deployer', 'arn:aws-us-gov:iam::333333333333:role/spacelift-target'],
          account_ids: ['222222222222', '333333333333'],
          access: 'read-only'
        }
      },
      declared_account_ids: ['111111111111', '222222222222', '333333333333', '999999999999']
    })
  })

  it("declares the SaaS principal's account and lists an account that is also the hub once", () => {
    const data = policyDeclarationData(
      buildDeclaration({ spacelift: { region: 'us' }, accounts: { shared: { id: '111111111111' } }, stacks: { s: { accounts: ['shared'] } } })
    )
    expect(data.spacelift_principal_account_id).toBe('577638371743')
    expect(data.declared_account_ids).toEqual(['111111111111', '577638371743'])
    expect(Object.keys(data.stacks)).toEqual(['s'])
  })
})
