/** accounts.yaml's bootstrap_role and aws_read (CONTRACT §1): read with their defaults, refused with their place otherwise. */
import { describe, expect, it } from '@jest/globals'
import { BASE, edit, errorsOf, parse, positionOf } from './helpers.js'
import { analyseConfigText } from '../../src/generate/analyseDeclaration.js'

const withHub = (lines: string) => edit(BASE, '  role: spacelift-hub\n', `  role: spacelift-hub\n${lines}`)
const withReadRole = (lines: string) => `${BASE}aws_read:\n${lines}`

describe('bootstrap_role', () => {
  it('defaults to OrganizationAccountAccessRole, is taken from defaults, overridden per account and for the hub', () => {
    expect(parse(BASE).declaration?.accounts.map((a) => a.bootstrapRole.name)).toEqual(['OrganizationAccountAccessRole', 'OrganizationAccountAccessRole'])
    const text = edit(
      withHub('  bootstrap_role: /admin/HubBootstrap\n'),
      '  region: eu-west-1\n',
      '  region: eu-west-1\n  bootstrap_role: Bootstrap\n'
    ).replace('    id: "222222222222"\n', '    id: "222222222222"\n    bootstrap_role: /org/ProdBootstrap\n')
    const declaration = parse(text).declaration
    expect(declaration?.accounts.map((a) => [a.alias, a.bootstrapRole])).toEqual([
      ['prod', { path: '/org/', name: 'ProdBootstrap' }],
      ['staging', { path: '/', name: 'Bootstrap' }]
    ])
    expect(declaration?.hub?.bootstrapRole).toEqual({ path: '/admin/', name: 'HubBootstrap' })
  })

  it("gives the hub the bootstrap role of the account declared with the hub's ID", () => {
    const text = edit(BASE, '  staging:\n', '  shared:\n    id: "111111111111"\n    role: other\n    bootstrap_role: SharedBootstrap\n  staging:\n')
    expect(parse(text).declaration?.hub?.bootstrapRole.name).toBe('SharedBootstrap')
  })

  it('refuses two different bootstrap roles for the hub account', () => {
    const text = edit(
      withHub('  bootstrap_role: A\n'),
      '  staging:\n',
      '  shared:\n    id: "111111111111"\n    role: other\n    bootstrap_role: B\n  staging:\n'
    )
    const errors = errorsOf(parse(text))
    expect(errors).toHaveLength(1)
    expect(errors[0]).toMatchObject({ path: 'accounts.shared.bootstrap_role' })
    expect(errors[0]?.message).toMatch(/one role per account/)
  })

  it('refuses a role path with a ".." segment', () => {
    const text = withHub('  bootstrap_role: /a/../b\n')
    expect(errorsOf(parse(text))[0]).toMatchObject({ path: 'hub.bootstrap_role', ...positionOf(text, '/a/../b') })
  })
})

describe('aws_read', () => {
  it('is read with its trusted principals sorted and unique', () => {
    const declaration = parse(
      withReadRole('  role: /ci/stack-accounts-read\n  trusted: [repo:acme/infra:pull_request, "repo:acme/infra:*", repo:acme/infra:pull_request]\n')
    ).declaration
    expect(declaration?.awsRead).toEqual({
      role: { path: '/ci/', name: 'stack-accounts-read' },
      trusted: ['repo:acme/infra:*', 'repo:acme/infra:pull_request']
    })
  })

  it('reads immutable subject claims (owner and repository IDs)', () => {
    const result = parse(withReadRole('  role: reader\n  trusted: ["repo:acme@1234/infra@5678:pull_request"]\n'))
    expect(result.declaration?.awsRead?.trusted).toEqual(['repo:acme@1234/infra@5678:pull_request'])
  })

  it('refuses a wildcard in the owner or repository, an empty list, and a missing role', () => {
    const wildcard = withReadRole('  role: reader\n  trusted: ["repo:acme/*:pull_request"]\n')
    expect(errorsOf(parse(wildcard))[0]).toMatchObject({ path: 'aws_read.trusted.0' })
    expect(errorsOf(parse(wildcard))[0]?.message).toMatch(/GitHub OIDC subject/)
    expect(errorsOf(parse(withReadRole('  role: reader\n  trusted: []\n')))[0]?.message).toMatch(/at least one principal/)
    expect(errorsOf(parse(withReadRole('  trusted: [repo:acme/infra:pull_request]\n')))[0]?.message).toMatch(/missing required key 'role'/)
  })

  it('refuses a trusted role ARN of another partition', () => {
    const text = withReadRole('  role: reader\n  trusted: ["arn:aws-cn:iam::123456789012:role/ci"]\n')
    expect(errorsOf(parse(text))).toEqual([
      expect.objectContaining({ path: 'aws_read.trusted.0', message: expect.stringMatching(/partition aws/) as unknown as string })
    ])
  })

  it('refuses a read role that is the hub role or a target role (IAM names are unique per account, whatever the case)', () => {
    expect(errorsOf(parse(withReadRole('  role: /x/Spacelift-Hub\n  trusted: [repo:acme/infra:pull_request]\n')))[0]?.message).toMatch(/the hub role itself/)
    expect(errorsOf(parse(withReadRole('  role: spacelift-target\n  trusted: [repo:acme/infra:pull_request]\n')))[0]?.message).toMatch(
      /target role of prod, staging/
    )
  })

  it("checks the read role's documents against IAM's limits, at aws_read", () => {
    const subjects = Array.from({ length: 60 }, (_, i) => `repo:acme/service-${i}:ref:refs/heads/main`)
    const text = withReadRole(`  role: reader\n  trusted: [${subjects.join(', ')}]\n`)
    const errors = analyseConfigText(text, 'accounts.yaml').diagnostics.filter((d) => d.severity === 'error')
    expect(errors).toHaveLength(1)
    expect(errors[0]).toMatchObject({ path: 'aws_read.trusted', ...positionOf(text, 'trusted') })
    expect(errors[0]?.message).toMatch(/the trust policy of the read role arn:aws:iam::111111111111:role\/reader would be [\d,]+ characters/)
  })
})
