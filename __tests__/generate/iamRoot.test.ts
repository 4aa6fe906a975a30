/**
 * `terraform/iam/main.tf`, read back with the real HCL parser: one provider per account, in that
 * account only, through its bootstrap role; the hub, target and read roles with their documents.
 */
import { describe, expect, it } from '@jest/globals'
import path from 'node:path'
import { analyseConfigFile } from '../../src/generate/analyseDeclaration.js'
import { desiredIam } from '../../src/generate/iam/desiredIam.js'
import { renderIamAndTerraformFiles } from '../../src/generate/iamTerraformFiles.js'
import { IAM_ROOT_PATH, renderIamRoot } from '../../src/generate/terraform/iamRoot.js'
import { InputError } from '../../src/common/diagnostics.js'
import { buildDeclaration } from '../support/declaration.js'
import { get, parseTf, type Json } from '../support/parseHcl.js'

const EXAMPLE = path.resolve(import.meta.dirname, '../../examples/acme/accounts.yaml')

function example() {
  const analysis = analyseConfigFile(EXAMPLE)
  if (!analysis.declaration || !analysis.desired) throw new Error(JSON.stringify(analysis.diagnostics))
  return { decl: analysis.declaration, desired: analysis.desired }
}

/** `jsonencode(...)` as hcl2json shows it: `${jsonencode(<object>)}`; the object is the JSON between the parentheses. */
function encoded(expression: Json): unknown {
  if (typeof expression !== 'string') throw new Error(`not an expression: ${JSON.stringify(expression)}`)
  const text = expression
  expect(text.startsWith('${jsonencode(') && text.endsWith(')}')).toBe(true)
  return JSON.parse(text.slice('${jsonencode('.length, -2))
}

describe('terraform/iam/main.tf', () => {
  it('has one provider per account, pinned to it, assuming its bootstrap role', async () => {
    const { decl, desired } = example()
    const parsed = await parseTf(renderIamRoot(decl, desired), IAM_ROOT_PATH)
    const providers = (get(parsed, 'provider', 'aws') as Record<string, Json>[]).map((p) => ({
      alias: p.alias,
      ids: p.allowed_account_ids,
      role: get(p, 'assume_role', 0, 'role_arn'),
      session: get(p, 'assume_role', 0, 'session_name')
    }))
    // The hub account is declared as "shared": its provider is that alias, listed first.
    expect(providers[0]).toEqual({
      alias: 'shared',
      ids: ['111111111111'],
      role: 'arn:aws:iam::111111111111:role/OrganizationAccountAccessRole',
      session: 'stack-accounts-iam'
    })
    expect(providers.map((p) => p.alias)).toEqual(['shared', 'dev', 'networking', 'prod', 'security', 'staging', 'vendor_logs'])
    for (const p of providers) expect(p.role).toBe(`arn:aws:iam::${(p.ids as string[])[0]}:role/OrganizationAccountAccessRole`)
    expect(get(parsed, 'terraform', 0, 'required_providers', 0, 'aws', 'source')).toBe('hashicorp/aws')
  })

  it('creates the hub role, its permission policy, each target role and the read roles with the desired documents', async () => {
    const { decl, desired } = example()
    const parsed = await parseTf(renderIamRoot(decl, desired), IAM_ROOT_PATH)
    const roles = get(parsed, 'resource', 'aws_iam_role') as Record<string, Record<string, Json>[]>
    const policies = get(parsed, 'resource', 'aws_iam_role_policy') as Record<string, Record<string, Json>[]>
    const hub = roles.hub![0]!
    expect([hub.provider, hub.name, hub.path]).toEqual(['${aws.shared}', 'spacelift-hub', '/spacelift/'])
    expect(encoded(hub.assume_role_policy!)).toEqual(desired.hub?.trustPolicy)
    expect(policies.hub![0]!.name).toBe('stack-accounts')
    expect(encoded(policies.hub![0]!.policy!)).toEqual(desired.hub?.permissionPolicy)
    for (const target of desired.targets) {
      const role = roles[`target_${target.alias}`]![0]!
      expect([role.provider, role.name, role.path]).toEqual([`\${aws.${target.alias}}`, target.role.name, target.role.path])
      expect(encoded(role.assume_role_policy!)).toEqual(target.trustPolicy)
      expect(role.depends_on).toEqual(['${aws_iam_role.hub}'])
    }
    const readNames = Object.keys(roles).filter((name) => name.startsWith('read_'))
    expect(readNames.sort()).toEqual(['read_dev', 'read_networking', 'read_prod', 'read_security', 'read_shared', 'read_staging', 'read_vendor_logs'])
    expect(desired.readRoles).toHaveLength(7)
    for (const read of desired.readRoles) {
      const name = read.hub ? 'read_shared' : `read_${desired.targets.find((t) => t.accountId === read.accountId)!.alias}`
      expect(encoded(roles[name]![0]!.assume_role_policy!)).toEqual(read.trustPolicy)
      expect(encoded(policies[name]![0]!.policy!)).toEqual(read.permissionPolicy)
      expect(policies[name]![0]!.name).toBe('stack-accounts-read')
    }
  })

  it('names the hub account "hub" when it is not declared, and uses hub.bootstrap_role there', async () => {
    const decl = buildDeclaration({ hub: { bootstrapRole: '/admin/bootstrap' }, accounts: { prod: { id: '222222222222', bootstrapRole: 'Other' } } })
    decl.stacks = [{ id: 'app', accounts: ['prod'], access: 'read-write', space: '*', auth: 'integration' }]
    const parsed = await parseTf(renderIamRoot(decl, desiredIam(decl)), IAM_ROOT_PATH)
    const providers = (get(parsed, 'provider', 'aws') as Record<string, Json>[]).map((p) => [p.alias, p.region, get(p, 'assume_role', 0, 'role_arn')])
    expect(providers).toEqual([
      ['hub', 'us-east-1', 'arn:aws:iam::111111111111:role/admin/bootstrap'],
      ['prod', 'eu-west-1', 'arn:aws:iam::222222222222:role/Other']
    ])
    expect(Object.keys(get(parsed, 'resource', 'aws_iam_role') as object)).toEqual(['hub', 'target_prod'])
  })

  it('gives the hub account another name when an account is aliased "hub"', () => {
    const decl = buildDeclaration({ accounts: { hub: { id: '222222222222' } }, stacks: { app: { accounts: ['hub'] } } })
    expect(desiredIam(decl).hub?.profile).toBe('hub_account')
  })

  it('refuses a stack named "iam", whose providers.tf would land in the IAM root', () => {
    const decl = buildDeclaration({ stacks: { iam: { accounts: ['prod'] } } })
    expect(() => renderIamAndTerraformFiles(decl, desiredIam(decl))).toThrow(InputError)
  })
})
