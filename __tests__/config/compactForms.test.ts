/** accounts.yaml's compact forms (CONTRACT §1): what each needs, refused with its place otherwise. */
import { describe, expect, it } from '@jest/globals'
import { BASE, edit, errorsOf, parse, positionOf } from './helpers.js'

describe('spacelift.external_id_match: integration', () => {
  it('is read with integration_id', () => {
    const result = parse(edit(BASE, '  session_tags: true\n', '  session_tags: true\n  external_id_match: integration\n'))
    expect(errorsOf(result)).toEqual([])
    expect(result.declaration?.spacelift).toMatchObject({ externalIdMatch: 'integration', integrationId: '01HZX3Q5M8K2V7W9ABCDEFGHJK' })
  })

  it('needs integration_id: without it the pattern would match every integration', () => {
    const text = edit(
      edit(BASE, '  integration_id: 01HZX3Q5M8K2V7W9ABCDEFGHJK\n', ''),
      '  session_tags: true\n',
      '  session_tags: true\n  external_id_match: integration\n'
    )
    const errors = errorsOf(parse(text))
    expect(errors).toHaveLength(1)
    expect(errors[0]).toMatchObject({ path: 'spacelift.external_id_match', ...positionOf(text, 'integration') })
    expect(errors[0]?.message).toMatch(/needs spacelift\.integration_id/)
  })
})

describe('hub.permissions and hub.organization_id', () => {
  const withHub = (lines: string) => edit(BASE, '  role: spacelift-hub\n', `  role: spacelift-hub\n${lines}`)

  it('defaults to exact, and reads accounts and organization', () => {
    expect(parse(BASE).declaration?.hub).toMatchObject({ permissions: 'exact', organizationId: null })
    expect(parse(withHub('  permissions: accounts\n')).declaration?.hub).toMatchObject({ permissions: 'accounts' })
    const organization = parse(withHub('  permissions: organization\n  organization_id: o-a1b2c3d4e5\n'))
    expect(errorsOf(organization)).toEqual([])
    expect(organization.declaration?.hub).toMatchObject({ permissions: 'organization', organizationId: 'o-a1b2c3d4e5' })
  })

  it('refuses organization without organization_id, at hub.permissions', () => {
    const text = withHub('  permissions: organization\n')
    const errors = errorsOf(parse(text))
    expect(errors).toHaveLength(1)
    expect(errors[0]).toMatchObject({ path: 'hub.permissions', ...positionOf(text, 'organization') })
    expect(errors[0]?.message).toMatch(/needs hub\.organization_id/)
  })

  it.each(['o-short', 'o-ABCDEFGHIJ', 'r-a1b2c3d4e5', 'o-a1b2c3d4e5a1b2c3d4e5a1b2c3d4e5a1b', 'o-a1b2c3d4e5*'])('refuses organization_id %s', (id) => {
    const text = withHub(`  permissions: organization\n  organization_id: "${id}"\n`)
    const errors = errorsOf(parse(text))
    expect(errors.map((e) => e.path)).toEqual(['hub.organization_id'])
    expect(errors[0]?.message).toMatch(/must be an AWS Organizations ID/)
  })

  it('refuses an unknown form with the allowed ones', () => {
    const errors = errorsOf(parse(withHub('  permissions: everything\n')))
    expect(errors.map((e) => e.path)).toEqual(['hub.permissions'])
    expect(errors[0]?.message).toMatch(/exact.*accounts.*organization/)
  })
})
