import { describe, expect, it } from '@jest/globals'
import { InputError } from '../../src/common/diagnostics.js'
import { desiredIam } from '../../src/generate/iam/desiredIam.js'
import { renderIamAndTerraformFiles } from '../../src/generate/iamTerraformFiles.js'
import { buildDeclaration, hubOf } from '../support/declaration.js'
import type { DeclarationSpec } from '../support/declaration.js'
import { get, literal, parseTf } from '../support/parseHcl.js'
import type { Json } from '../support/parseHcl.js'
import type { PolicyDocument } from '../../src/iamDocument/types.js'
import { parseJsonOutput } from '../support/jsonOutput.js'

function render(spec: DeclarationSpec = {}): Map<string, string> {
  const decl = buildDeclaration(spec)
  return renderIamAndTerraformFiles(decl, desiredIam(decl))
}

describe('renderIamAndTerraformFiles', () => {
  const spec: DeclarationSpec = {
    hub: { role: '/platform/spacelift-hub' },
    accounts: {
      prod: { id: '222222222222', role: '/ci/deployer', externalId: 's3cr3t-prod' },
      staging: { id: '333333333333' },
      unused: { id: '444444444444' }
    }
  }

  it('writes exactly the files of CONTRACT §3, sorted, nothing for an account no stack lists', () => {
    expect([...render(spec).keys()]).toEqual([
      'iam/111111111111/spacelift-hub.permissions.json',
      'iam/111111111111/spacelift-hub.trust.json',
      'iam/222222222222/deployer.trust.json',
      'iam/333333333333/spacelift-target.trust.json',
      'spacelift/integration.tf',
      'terraform/app-prod/providers.tf',
      'terraform/iam/main.tf',
      'terraform/networking/providers.tf'
    ])
  })

  it('writes the desired policies as two-space JSON with a trailing newline', () => {
    const decl = buildDeclaration(spec)
    const desired = desiredIam(decl)
    const files = renderIamAndTerraformFiles(decl, desired)
    const trust = files.get('iam/111111111111/spacelift-hub.trust.json')!
    expect(trust).toBe(`${JSON.stringify(hubOf(desired).trustPolicy, null, 2)}\n`)
    expect(trust.split('\n')[1]).toBe('  "Version": "2012-10-17",')
    expect(JSON.parse(files.get('iam/111111111111/spacelift-hub.permissions.json')!)).toEqual(hubOf(desired).permissionPolicy)
    expect(JSON.parse(files.get('iam/222222222222/deployer.trust.json')!)).toEqual(desired.targets[0]!.trustPolicy)
  })

  it('writes Terraform the HCL parser reads back with the right providers and attachments', async () => {
    const files = render(spec)
    for (const [path, text] of files) {
      if (!path.endsWith('.tf')) continue
      const parsed = await parseTf(text, path)
      if (path === 'terraform/iam/main.tf') continue // __tests__/generate/iamRoot.test.ts
      if (path === 'spacelift/integration.tf') {
        expect(Object.keys(get(parsed, 'resource', 'spacelift_aws_integration_attachment') as object)).toEqual(['stack_app-prod', 'stack_networking'])
      } else {
        const aliases = (get(parsed, 'provider', 'aws') as Record<string, Json>[]).map((p) => [p.alias, get(p, 'assume_role', 0, 'role_arn')])
        expect(aliases).toEqual(
          path === 'terraform/app-prod/providers.tf'
            ? [['prod', 'arn:aws:iam::222222222222:role/ci/deployer']]
            : [
                ['prod', 'arn:aws:iam::222222222222:role/ci/deployer'],
                ['staging', 'arn:aws:iam::333333333333:role/spacelift-target']
              ]
        )
      }
    }
  })

  it('is deterministic', () => {
    const a = [...render(spec)]
    const b = [...render(spec)]
    expect(b).toEqual(a)
  })

  it('keeps hostile stack IDs exact in JSON and HCL', async () => {
    const id = 'evil"${x}%{y}'
    const files = render({ spacelift: { sessionTags: true }, stacks: { [id]: { accounts: ['prod'] } } })
    const target = JSON.parse(files.get('iam/222222222222/spacelift-target.trust.json')!) as { Statement: { Condition?: Json }[] }
    expect(get(target.Statement[0]!.Condition, 'StringEquals', 'aws:PrincipalTag/stack')).toBe(id)
    const hub = files.get('iam/111111111111/spacelift-hub.trust.json')!
    expect(parseJsonOutput<PolicyDocument>(hub).Statement[0]?.Condition?.StringEquals?.['sts:ExternalId']).toContain(
      `acme@01HZZZZZZZZZZZZZZZZZZZZZZZ@${id}@write`
    )
    const parsed = await parseTf(files.get('spacelift/integration.tf')!)
    const [attachment] = Object.values(get(parsed, 'resource', 'spacelift_aws_integration_attachment') as Record<string, Json[]>)
    expect(get(attachment, 0, 'stack_id')).toBe(literal(id))
    await expect(parseTf(files.get(`terraform/${id}/providers.tf`)!)).resolves.toBeDefined()
  })

  it('refuses a stack ID that would leave the output directory', () => {
    expect(() => render({ stacks: { '../escape': { accounts: ['prod'] } } })).toThrow(InputError)
    expect(() => render({ stacks: { '..': { accounts: ['prod'] } } })).toThrow(InputError)
  })

  it('refuses a target role that is the hub role (same account, same name)', () => {
    expect(() => render({ accounts: { hubacct: { id: '111111111111', role: 'spacelift-hub' } }, stacks: { s: { accounts: ['hubacct'] } } })).toThrow(
      /would overwrite iam\/111111111111\/spacelift-hub\.trust\.json/
    )
  })

  it('writes a target role in the hub account under its own name', () => {
    const files = render({ accounts: { shared: { id: '111111111111', role: 'deployer' } }, stacks: { s: { accounts: ['shared'] } } })
    expect(files.has('iam/111111111111/deployer.trust.json')).toBe(true)
    expect(files.has('iam/111111111111/spacelift-hub.trust.json')).toBe(true)
  })
})
