import { describe, it, expect } from '@jest/globals'
import { readFileSync } from 'node:fs'
import { formatDiagnostic } from '../../src/common/diagnostics.js'
import { SPACELIFT_PRINCIPAL_ACCOUNT } from '../../src/config/accounts.js'
import { parseConfigText } from '../../src/config/load.js'
import { BASE, edit, errorsOf, formattedErrors, parse, positionOf, warningsOf } from './helpers.js'

describe('parseConfigText on valid files', () => {
  it('builds the declaration with defaults resolved and lists sorted', () => {
    const text = edit(
      edit(BASE, '  prod:\n    id: "222222222222"', '  prod:\n    id: "222222222222"\n    role: /teams/app/deployer\n    region: us-east-1'),
      '  app-prod:\n    accounts: [prod]',
      '  app-prod:\n    accounts: [prod]\n  a-first:\n    accounts: [staging, prod]'
    )
    const result = parse(text)
    expect(result.diagnostics).toEqual([])
    const declaration = result.declaration
    expect(declaration).not.toBeNull()
    expect(declaration?.spacelift).toEqual({
      account: 'acme',
      region: 'eu',
      principalAccountId: SPACELIFT_PRINCIPAL_ACCOUNT.eu,
      integrationId: '01HZX3Q5M8K2V7W9ABCDEFGHJK',
      sessionTags: true,
      externalIdMatch: 'exact',
      spaceId: 'root',
      auth: 'integration',
      oidc: null
    })
    expect(declaration?.partition).toBe('aws')
    const bootstrapRole = { path: '/', name: 'OrganizationAccountAccessRole' }
    expect(declaration?.hub).toEqual({
      accountId: '111111111111',
      role: { path: '/', name: 'spacelift-hub' },
      permissions: 'exact',
      organizationId: null,
      bootstrapRole
    })
    expect(declaration?.awsRead).toBeNull()
    expect(declaration?.accounts).toEqual([
      { alias: 'prod', id: '222222222222', role: { path: '/teams/app/', name: 'deployer' }, region: 'us-east-1', externalId: null, bootstrapRole },
      {
        alias: 'staging',
        id: '333333333333',
        role: { path: '/', name: 'spacelift-target' },
        region: 'eu-west-1',
        externalId: 's3cr3t-staging',
        bootstrapRole
      }
    ])
    expect(declaration?.stacks).toEqual([
      { id: 'a-first', accounts: ['prod', 'staging'], access: 'read-write', space: '*', auth: 'integration' },
      { id: 'app-prod', accounts: ['prod'], access: 'read-write', space: '*', auth: 'integration' },
      { id: 'networking', accounts: ['prod', 'staging'], access: 'read-only', space: '*', auth: 'integration' }
    ])
  })

  it('applies the documented defaults for optional spacelift settings and partition', () => {
    const text = edit(BASE, '  region: eu\n  integration_id: 01HZX3Q5M8K2V7W9ABCDEFGHJK\n  session_tags: true\n', '')
    const declaration = parse(text).declaration
    expect(declaration?.spacelift).toEqual({
      account: 'acme',
      region: 'eu',
      principalAccountId: '324880187172',
      integrationId: null,
      sessionTags: false,
      externalIdMatch: 'exact',
      spaceId: 'root',
      auth: 'integration',
      oidc: null
    })
  })

  it('reads policy.unverifiable (deny by default, warn on request) and refuses other values', () => {
    expect(parse(BASE).declaration?.policy).toEqual({ unverifiable: 'deny' })
    const warn = edit(BASE, 'hub:\n', 'policy:\n  unverifiable: warn\nhub:\n')
    expect(parse(warn).declaration?.policy).toEqual({ unverifiable: 'warn' })
    const errors = formattedErrors(edit(BASE, 'hub:\n', 'policy:\n  unverifiable: allow\nhub:\n'))
    expect(errors).toHaveLength(1)
    expect(errors[0]).toMatch(/^accounts\.yaml:\d+:\d+: policy\.unverifiable: /)
    expect(formattedErrors(edit(BASE, 'hub:\n', 'policy:\n  unverifyable: warn\nhub:\n'))[0]).toContain('unverifiable')
  })

  it('uses the us principal, and a self-hosted aws_account_id in another partition', () => {
    expect(parse(edit(BASE, 'region: eu\n', 'region: us\n')).declaration?.spacelift.principalAccountId).toBe('577638371743')
    const selfHosted = edit(
      edit(edit(BASE, 'region: eu\n', 'aws_account_id: "123456789012"\n'), 'hub:', 'partition: aws-us-gov\nhub:'),
      'region: eu-west-1',
      'region: us-gov-west-1'
    )
    const result = parse(selfHosted)
    expect(result.diagnostics).toEqual([])
    expect(result.declaration?.spacelift).toMatchObject({ region: null, principalAccountId: '123456789012' })
    expect(result.declaration?.partition).toBe('aws-us-gov')
  })

  it('accepts the example of CONTRACT §1 as written', () => {
    const contract = readFileSync(new URL('./fixtures/contract-example.yaml', import.meta.url), 'utf8')
    const result = parse(contract)
    expect(errorsOf(result)).toEqual([])
    expect(result.declaration?.stacks.map((s) => s.id)).toEqual(['app-prod', 'networking'])
    expect(result.declaration?.hub).toMatchObject({ permissions: 'exact', organizationId: 'o-a1b2c3d4e5' })
    expect(result.declaration?.accounts.find((a) => a.alias === 'staging')).toMatchObject({ role: { name: 'spacelift-target' }, region: 'eu-west-1' })
  })

  it('accepts anchors and aliases used within bounds, and a leading --- and a BOM', () => {
    const text = '\uFEFF---\n' + edit(edit(BASE, '[prod]', '&both [prod, staging]'), '[prod, staging]\n    access', '*both\n    access')
    const result = parse(text)
    expect(result.diagnostics).toEqual([])
    expect(result.declaration?.stacks.find((s) => s.id === 'networking')?.accounts).toEqual(['prod', 'staging'])
  })
})

describe('the shipped example', () => {
  const text = readFileSync(new URL('../../examples/acme/accounts.yaml', import.meta.url), 'utf8')
  const result = parse(text)

  it('is valid, without warnings, and points editors at the schema', () => {
    expect(result.diagnostics.map(formatDiagnostic)).toEqual([])
    expect(text.split('\n')[0]).toBe('# yaml-language-server: $schema=../../schema/accounts.schema.json')
  })

  it('is a realistic organisation: 5+ accounts all reached, 4+ stacks, one read-only, an external ID, session tags', () => {
    const declaration = result.declaration
    expect(declaration?.accounts.length).toBeGreaterThanOrEqual(5)
    expect(declaration?.stacks.length).toBeGreaterThanOrEqual(4)
    expect(declaration?.stacks.some((s) => s.access === 'read-only')).toBe(true)
    expect(declaration?.accounts.some((a) => a.externalId !== null)).toBe(true)
    expect(declaration?.spacelift.sessionTags).toBe(true)
    expect(declaration?.spacelift.integrationId).not.toBeNull()
    const reached = new Set(declaration?.stacks.flatMap((s) => s.accounts))
    expect(declaration?.accounts.filter((a) => !reached.has(a.alias))).toEqual([])
  })
})

describe('diagnostics', () => {
  it('reports every error at once, in file order, with file:line:col: path: message', () => {
    const text = edit(edit(BASE, 'role: spacelift-hub', 'role: "spacelift hub"'), '"333333333333"', '333333333333')
    const errors = formattedErrors(text)
    expect(errors).toHaveLength(2)
    const hubRole = positionOf(text, '"spacelift hub"')
    const stagingId = positionOf(text, '333333333333')
    expect(errors[0]).toMatch(new RegExp(`^accounts\\.yaml:${hubRole.line}:${hubRole.column}: hub\\.role: must be an IAM role name`))
    expect(errors[1]).toMatch(new RegExp(`^accounts\\.yaml:${stagingId.line}:${stagingId.column}: accounts\\.staging\\.id: write it as a quoted string`))
  })

  it('names the file as the caller gave it', () => {
    const [diagnostic] = parseConfigText(edit(BASE, 'version: 1', 'version: 2'), 'infra/../infra/accounts.yaml').diagnostics
    expect(diagnostic && formatDiagnostic(diagnostic)).toMatch(/^infra\/\.\.\/infra\/accounts\.yaml:1:10: version: must be 1/)
  })

  it('warns, without failing, about an account no stack lists', () => {
    const text = edit(BASE, '  app-prod:\n    accounts: [prod]\n', '').replace('[prod, staging]', '[prod]')
    const result = parse(text)
    expect(result.declaration).not.toBeNull()
    expect(errorsOf(result)).toEqual([])
    const staging = positionOf(text, 'staging:')
    expect(warningsOf(result)).toEqual([
      { severity: 'warning', file: 'accounts.yaml', path: 'accounts.staging', ...staging, message: 'no stack lists this account: nothing is generated for it' }
    ])
  })
})

describe('locate', () => {
  const result = parse(BASE)

  it('maps a config path to the 1-based position of its value', () => {
    expect(result.locate(['stacks', 'networking', 'access'])).toEqual(positionOf(BASE, 'read-only'))
    expect(result.locate(['accounts', 'staging', 'id'])).toEqual(positionOf(BASE, '"333333333333"'))
    expect(result.locate(['stacks', 'networking', 'accounts', 1])).toEqual(positionOf(BASE, 'staging]'))
  })

  it('falls back to the nearest existing ancestor, then to 1:1', () => {
    expect(result.locate(['accounts', 'prod', 'region'])).toEqual(positionOf(BASE, 'id: "222222222222"'))
    expect(result.locate(['nowhere', 'at', 'all'])).toEqual({ line: 1, column: 1 })
    expect(parse('').locate(['accounts'])).toEqual({ line: 1, column: 1 })
  })
})
