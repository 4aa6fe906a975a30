import { describe, expect, it } from '@jest/globals'
import { declarationChanges } from '../../src/diff/declarationChanges.js'
import { buildDeclaration } from '../support/declaration.js'

const base = buildDeclaration({
  accounts: { prod: { id: '222222222222' }, staging: { id: '333333333333', externalId: 'old-secret' } },
  stacks: { app: { accounts: ['prod'] }, net: { accounts: ['prod', 'staging'] } }
})

const kinds = (changes: { kind: string; subject: string }[]) => changes.map((c) => `${c.kind} ${c.subject}`)

describe('declarationChanges', () => {
  it('finds nothing between a declaration and itself', () => {
    expect(declarationChanges(base, base)).toEqual([])
  })

  it('lists accounts and stacks added, removed and changed', () => {
    const head = buildDeclaration({
      accounts: {
        prod: { id: '222222222222', region: 'eu-central-1' },
        dev: { id: '444444444444' },
        staging: { id: '333333333333', externalId: 'new-secret' }
      },
      stacks: { app: { accounts: ['prod', 'dev'], access: 'read-only' }, web: { accounts: ['dev'] } }
    })
    const changes = declarationChanges(base, head)
    expect(kinds(changes)).toEqual(
      expect.arrayContaining([
        'account-added dev',
        'account-changed prod',
        'account-changed staging',
        'stack-accounts-changed app',
        'stack-access-changed app',
        'stack-added web',
        'stack-removed net'
      ])
    )
    expect(changes).toHaveLength(7)
    const staging = changes.find((c) => c.subject === 'staging')!
    expect(staging.detail).toBe('account staging: external_id changed')
    expect(staging.detail).not.toContain('secret') // external IDs are not printed
    expect(changes.find((c) => c.kind === 'stack-accounts-changed')!.detail).toBe('stack app accounts: +dev')
    expect(changes.find((c) => c.subject === 'prod')!.detail).toBe('account prod: region: eu-west-1 -> eu-central-1')
  })

  it('lists every account and stack as added when the file is new', () => {
    expect(kinds(declarationChanges(null, base))).toEqual(['account-added prod', 'account-added staging', 'stack-added app', 'stack-added net'])
  })

  it('lists changed settings', () => {
    const head = buildDeclaration({
      spacelift: { sessionTags: true, externalIdMatch: 'stack' },
      accounts: { prod: { id: '222222222222' }, staging: { id: '333333333333', externalId: 'old-secret' } },
      stacks: { app: { accounts: ['prod'] }, net: { accounts: ['prod', 'staging'] } }
    })
    expect(kinds(declarationChanges(base, head))).toEqual(['setting-changed spacelift.session_tags', 'setting-changed spacelift.external_id_match'])
  })

  it('lists a change of the hub permission form and its organization', () => {
    const head = buildDeclaration({
      hub: { permissions: 'organization', organizationId: 'o-a1b2c3d4e5' },
      accounts: { prod: { id: '222222222222' }, staging: { id: '333333333333', externalId: 'old-secret' } },
      stacks: { app: { accounts: ['prod'] }, net: { accounts: ['prod', 'staging'] } }
    })
    const changes = declarationChanges(base, head).filter((c) => c.kind === 'setting-changed')
    expect(changes.map((c) => c.detail)).toEqual(['hub.permissions: exact -> organization', 'hub.organization_id: (none) -> o-a1b2c3d4e5'])
  })
})

describe('the plan policy setting', () => {
  // The Spacelift plan policy reads accounts.yaml: a PR that turns its denials of what a plan does
  // not show into warnings weakens it, with no IAM change at all. It must be seen, and count as widening.
  it('reports policy.unverifiable deny -> warn as a widening setting change, and warn -> deny as a narrowing one', () => {
    const warn = { ...base, policy: { unverifiable: 'warn' as const } }
    expect(declarationChanges(base, warn)).toEqual([
      {
        kind: 'setting-changed',
        subject: 'policy.unverifiable',
        detail: 'policy.unverifiable: deny -> warn (the plan policy only warns where it denied)',
        widens: true
      }
    ])
    expect(declarationChanges(warn, base)).toEqual([{ kind: 'setting-changed', subject: 'policy.unverifiable', detail: 'policy.unverifiable: warn -> deny' }])
  })
})
