import { describe, expect, it } from '@jest/globals'
import { attachmentResourceNames, renderSpaceliftTf } from '../../src/generate/terraform/spacelift.js'
import { desiredIam } from '../../src/generate/iam/desiredIam.js'
import { renderIamAndTerraformFiles } from '../../src/generate/iamTerraformFiles.js'
import { renderSpaceliftBundle } from '../../src/generate/spaceliftBundle.js'
import { buildDeclaration, INTEGRATION_ID } from '../support/declaration.js'
import { get, literal, parseTf } from '../support/parseHcl.js'
import type { Json } from '../support/parseHcl.js'

describe('renderSpaceliftTf', () => {
  it('declares the integration for the hub role with the contract settings', async () => {
    const decl = buildDeclaration({ hub: { role: '/platform/spacelift-hub' }, spacelift: { sessionTags: true, spaceId: 'infra-01ABC' } })
    const parsed = await parseTf(renderSpaceliftTf(decl))
    expect(get(parsed, 'resource', 'spacelift_aws_integration', 'hub')).toEqual([
      {
        name: 'spacelift-hub',
        role_arn: 'arn:aws:iam::111111111111:role/platform/spacelift-hub',
        duration_seconds: 3600,
        generate_credentials_in_worker: false,
        tag_assume_role: true,
        space_id: 'infra-01ABC'
      }
    ])
    // spacelift/main.tf declares the provider for the whole spacelift/ root module.
    expect(parsed.terraform).toBeUndefined()
  })

  it('makes one root module with spacelift/main.tf: one required_providers block, every resource name once', async () => {
    const decl = buildDeclaration({ spacelift: { sessionTags: true } })
    const files = new Map([...renderIamAndTerraformFiles(decl, desiredIam(decl)), ...renderSpaceliftBundle(decl)])
    const root = [...files.keys()].filter((file) => /^spacelift\/[^/]+\.tf$/.test(file)).sort()
    expect(root).toEqual(['spacelift/integration.tf', 'spacelift/main.tf'])
    const parsed = await Promise.all(root.map((file) => parseTf(files.get(file)!, file)))
    const requiredProviders = parsed.flatMap((body) => ((body.terraform as Json[] | undefined) ?? []).flatMap((t) => get(t, 'required_providers') as Json[]))
    expect(requiredProviders).toEqual([{ spacelift: { source: 'spacelift-io/spacelift' } }])
    const names = parsed.flatMap((body) =>
      Object.entries((body.resource as Record<string, Record<string, Json>> | undefined) ?? {}).flatMap(([type, byName]) =>
        Object.keys(byName).map((n) => `${type}.${n}`)
      )
    )
    expect(new Set(names).size).toBe(names.length)
    expect(names).toEqual(expect.arrayContaining(['spacelift_aws_integration.hub', 'spacelift_policy.stack_accounts']))
  })

  it('sets tag_assume_role from session_tags', async () => {
    const parsed = await parseTf(renderSpaceliftTf(buildDeclaration({ spacelift: { sessionTags: false } })))
    expect(get(parsed, 'resource', 'spacelift_aws_integration', 'hub', 0, 'tag_assume_role')).toBe(false)
  })

  it('attaches every stack: read always, write only when read-write', async () => {
    const decl = buildDeclaration({
      stacks: { 'app-prod': { accounts: ['prod'] }, '1audit': { accounts: ['prod', 'staging'], access: 'read-only' } }
    })
    const parsed = await parseTf(renderSpaceliftTf(decl))
    expect(get(parsed, 'resource', 'spacelift_aws_integration_attachment')).toEqual({
      stack_1audit: [{ integration_id: '${spacelift_aws_integration.hub.id}', stack_id: '1audit', read: true, write: false }],
      'stack_app-prod': [{ integration_id: '${spacelift_aws_integration.hub.id}', stack_id: 'app-prod', read: true, write: true }]
    })
  })

  it('with external_id_match: integration, still attaches exactly the declared stacks and says they decide', async () => {
    const decl = buildDeclaration({
      spacelift: { externalIdMatch: 'integration' },
      stacks: { 'app-prod': { accounts: ['prod'] }, audit: { accounts: ['staging'], access: 'read-only' } }
    })
    const text = renderSpaceliftTf(decl)
    expect(text).toContain('these attachments (and who may attach it in Spacelift) decide which stacks use it')
    const parsed = await parseTf(text)
    expect(get(parsed, 'resource', 'spacelift_aws_integration_attachment')).toEqual({
      'stack_app-prod': [{ integration_id: '${spacelift_aws_integration.hub.id}', stack_id: 'app-prod', read: true, write: true }],
      stack_audit: [{ integration_id: '${spacelift_aws_integration.hub.id}', stack_id: 'audit', read: true, write: false }]
    })
    expect(get(parsed, 'import', 0, 'id')).toBe(INTEGRATION_ID)
  })

  it('adopts an existing integration with an import block, and creates one when no ID is declared', async () => {
    const withId = await parseTf(renderSpaceliftTf(buildDeclaration()))
    expect(get(withId, 'import')).toEqual([{ to: '${spacelift_aws_integration.hub}', id: INTEGRATION_ID }])
    const withoutId = await parseTf(renderSpaceliftTf(buildDeclaration({ spacelift: { integrationId: null } })))
    expect(withoutId.import).toBeUndefined()
  })

  it('says the hub role must exist before the attachments, with no depends_on to a resource that is not there', async () => {
    const text = renderSpaceliftTf(buildDeclaration())
    expect(text).toMatch(/# .*create the hub role\n# arn:aws:iam::111111111111:role\/spacelift-hub/)
    const parsed = await parseTf(text)
    const attachments = Object.values(get(parsed, 'resource', 'spacelift_aws_integration_attachment') as Record<string, Json[]>)
    expect(attachments.flat().some((a) => 'depends_on' in (a as object))).toBe(false)
  })

  it('writes hostile stack IDs as exact literals under unique, valid resource names', async () => {
    const odd = ['a"b', 'a/b', 'x${path.root}', 'x%{if true}y%{endif}', 'new\nline']
    const decl = buildDeclaration({ stacks: Object.fromEntries(odd.map((id) => [id, { accounts: ['prod'] }])) })
    const parsed = await parseTf(renderSpaceliftTf(decl))
    const attachments = get(parsed, 'resource', 'spacelift_aws_integration_attachment') as Record<string, Json[]>
    const names = Object.keys(attachments)
    expect(names).toHaveLength(odd.length)
    for (const name of names) expect(name).toMatch(/^[A-Za-z_][A-Za-z0-9_-]*$/)
    expect(
      Object.values(attachments)
        .map((a) => get(a, 0, 'stack_id'))
        .sort()
    ).toEqual(odd.map(literal).sort())
  })
})

describe('attachmentResourceNames', () => {
  it('prefixes IDs (which may start with a digit) and disambiguates collisions deterministically', () => {
    const stacks = ['a-b', 'a.b', 'a_b', '9lives'].sort().map((id) => ({ id, accounts: ['prod'], access: 'read-write' as const }))
    expect([...attachmentResourceNames(stacks)]).toEqual([
      ['9lives', 'stack_9lives'],
      ['a-b', 'stack_a-b'],
      ['a.b', 'stack_a_b'],
      ['a_b', 'stack_a_b_2']
    ])
  })
})
