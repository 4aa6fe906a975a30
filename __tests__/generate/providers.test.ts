import { describe, expect, it } from '@jest/globals'
import { renderStackProviders } from '../../src/generate/terraform/providers.js'
import { buildDeclaration } from '../support/declaration.js'
import { get, literal, parseTf } from '../support/parseHcl.js'
import type { Json } from '../support/parseHcl.js'

/** A string of the parsed HCL (an expression is a template string in Terraform's JSON syntax); anything else fails. */
function text(value: Json): string {
  if (typeof value !== 'string') throw new Error(`expected a string, got ${JSON.stringify(value)}`)
  return value
}

function providers(parsed: Record<string, Json>): Record<string, Json>[] {
  return get(parsed, 'provider', 'aws') as Record<string, Json>[]
}

describe('renderStackProviders', () => {
  it('writes one aliased aws provider per reachable account, allowed only that account, assuming its target role with the run ID', async () => {
    const decl = buildDeclaration({
      accounts: {
        prod: { id: '222222222222', role: '/ci/deployer', region: 'eu-central-1', externalId: 's3cr3t-prod' },
        staging: { id: '333333333333', region: 'us-east-1' },
        unused: { id: '444444444444' }
      },
      stacks: { networking: { accounts: ['staging', 'prod'] } }
    })
    const parsed = await parseTf(renderStackProviders(decl, 'networking'))
    expect(providers(parsed)).toEqual([
      {
        alias: 'prod',
        region: 'eu-central-1',
        allowed_account_ids: ['222222222222'],
        assume_role: [
          {
            role_arn: 'arn:aws:iam::222222222222:role/ci/deployer',
            session_name: '${var.spacelift_run_id}',
            external_id: 's3cr3t-prod'
          }
        ]
      },
      {
        alias: 'staging',
        region: 'us-east-1',
        allowed_account_ids: ['333333333333'],
        assume_role: [{ role_arn: 'arn:aws:iam::333333333333:role/spacelift-target', session_name: '${var.spacelift_run_id}' }]
      }
    ])
  })

  it('declares the spacelift_run_id variable it uses, with a description and a session-name check', async () => {
    const parsed = await parseTf(renderStackProviders(buildDeclaration(), 'app-prod'))
    const variable = get(parsed, 'variable', 'spacelift_run_id', 0) as Record<string, Json>
    expect(variable.type).toBe('${string}')
    expect(variable.description).toContain('TF_VAR_spacelift_run_id')
    const validation = get(variable, 'validation', 0) as Record<string, Json>
    expect(validation.condition).toBe('${can(regex("^[\\\\w+=,.@-]{2,64}$", var.spacelift_run_id))}')
    expect(text(validation.error_message ?? null)).toContain('64')
  })

  it('the session-name pattern accepts a Spacelift run ID (ULID) and rejects what STS rejects', async () => {
    const parsed = await parseTf(renderStackProviders(buildDeclaration(), 'app-prod'))
    const condition = text(get(parsed, 'variable', 'spacelift_run_id', 0, 'validation', 0, 'condition'))
    const hclPattern = /regex\("((?:[^"\\]|\\.)*)"/.exec(condition)?.[1] ?? ''
    const pattern = new RegExp(JSON.parse(`"${hclPattern}"`) as string)
    expect(pattern.test('01HZZZZZZZZZZZZZZZZZZZZZZZ')).toBe(true)
    expect(pattern.test('x')).toBe(false)
    expect(pattern.test('a'.repeat(65))).toBe(false)
    expect(pattern.test('has space')).toBe(false)
  })

  it('uses the partition in role ARNs', async () => {
    const decl = buildDeclaration({ partition: 'aws-cn', spacelift: { awsAccountId: '999999999999' } })
    const [prod] = providers(await parseTf(renderStackProviders(decl, 'app-prod')))
    expect(get(prod, 'assume_role', 0, 'role_arn')).toBe('arn:aws-cn:iam::222222222222:role/spacelift-target')
  })

  it('lists only the accounts of the stack', async () => {
    const parsed = await parseTf(renderStackProviders(buildDeclaration(), 'app-prod'))
    expect(providers(parsed).map((p) => p.alias)).toEqual(['prod'])
  })

  it('refuses an undeclared stack', () => {
    expect(() => renderStackProviders(buildDeclaration(), 'nope')).toThrow('not declared')
  })

  it('writes hostile values as exact literals (no interpolation, no broken strings)', async () => {
    const externalId = 'a"b\\c${path.root}%{if true}x%{endif}\n}'
    const region = 'eu-west-1"\n  role_arn = "arn:aws:iam::666666666666:role/evil'
    const decl = buildDeclaration({
      accounts: { prod: { id: '222222222222', externalId, region } },
      stacks: { 'odd"stack${x}\n#': { accounts: ['prod'] } }
    })
    const text = renderStackProviders(decl, 'odd"stack${x}\n#')
    const [prod] = providers(await parseTf(text))
    expect(prod).toEqual({
      alias: 'prod',
      region: literal(region),
      allowed_account_ids: ['222222222222'],
      assume_role: [
        {
          role_arn: 'arn:aws:iam::222222222222:role/spacelift-target',
          session_name: '${var.spacelift_run_id}',
          external_id: literal(externalId)
        }
      ]
    })
  })
})
