/** What accounts.yaml itself changes between two versions (the PR's base and head). */
import type { AccountDeclaration, Declaration, RoleRef, StackDeclaration } from '../config/accounts.js'
import type { DeclarationChange } from './diffReport.js'
import { appendAll } from '../common/append.js'

const roleText = (role: RoleRef) => `${role.path}${role.name}`

function accountFields(a: AccountDeclaration): [string, string][] {
  return [
    ['id', a.id],
    ['role', roleText(a.role)],
    ['region', a.region],
    ['external_id', a.externalId === null ? '(none)' : a.externalId === '' ? '(empty)' : 'set']
  ]
}

function settingFields(d: Declaration): [string, string][] {
  const s = d.spacelift
  return [
    ['spacelift.account', s.account],
    ['spacelift.principal', s.principalAccountId],
    ['spacelift.integration_id', s.integrationId ?? '(none)'],
    ['spacelift.session_tags', String(s.sessionTags)],
    ['spacelift.external_id_match', s.externalIdMatch],
    ['spacelift.space_id', s.spaceId],
    ['partition', d.partition],
    ['spacelift.auth', s.auth],
    ['spacelift.oidc.host', s.oidc?.host ?? '(none)'],
    ['spacelift.oidc.space', s.oidc?.space ?? '(none)'],
    ['hub.account_id', d.hub?.accountId ?? '(none)'],
    ['hub.role', d.hub ? roleText(d.hub.role) : '(none)'],
    ['hub.permissions', d.hub?.permissions ?? '(none)'],
    ['hub.organization_id', d.hub?.organizationId ?? '(none)'],
    ['policy.unverifiable', d.policy.unverifiable]
  ]
}

/**
 * Lists accounts, stacks and settings added, removed or changed. A null base means the file is new:
 * everything in the head is "added". External ID values are never printed (they are secrets of
 * sorts); only whether they changed.
 */
export function declarationChanges(base: Declaration | null, head: Declaration): DeclarationChange[] {
  const changes: DeclarationChange[] = []
  const baseAccounts = new Map((base?.accounts ?? []).map((a) => [a.alias, a]))
  const headAccounts = new Map(head.accounts.map((a) => [a.alias, a]))
  const baseStacks = new Map((base?.stacks ?? []).map((s) => [s.id, s]))
  const headStacks = new Map(head.stacks.map((s) => [s.id, s]))

  if (base) {
    const before = new Map(settingFields(base))
    for (const [key, value] of settingFields(head)) {
      const old = before.get(key)
      if (old === value) continue
      // The Spacelift plan policy reads accounts.yaml: deny -> warn weakens it with no IAM change.
      if (key === 'policy.unverifiable' && old === 'deny') {
        changes.push({ kind: 'setting-changed', subject: key, detail: `${key}: ${old} -> ${value} (the plan policy only warns where it denied)`, widens: true })
      } else {
        changes.push({ kind: 'setting-changed', subject: key, detail: `${key}: ${old} -> ${value}` })
      }
    }
  }

  for (const [alias, account] of headAccounts) {
    const old = baseAccounts.get(alias)
    if (!old) {
      changes.push({ kind: 'account-added', subject: alias, detail: `account ${alias} (${account.id}) added, role ${roleText(account.role)}` })
      continue
    }
    const before = new Map(accountFields(old))
    const diffs = accountFields(account)
      .filter(([key, value]) => before.get(key) !== value || (key === 'external_id' && old.externalId !== account.externalId))
      .map(([key, value]) => (key === 'external_id' ? 'external_id changed' : `${key}: ${before.get(key)} -> ${value}`))
    if (diffs.length) changes.push({ kind: 'account-changed', subject: alias, detail: `account ${alias}: ${diffs.join('; ')}` })
  }
  for (const [alias, account] of baseAccounts) {
    if (!headAccounts.has(alias)) changes.push({ kind: 'account-removed', subject: alias, detail: `account ${alias} (${account.id}) removed` })
  }

  for (const [id, stack] of headStacks) {
    const old = baseStacks.get(id)
    if (!old) {
      changes.push({ kind: 'stack-added', subject: id, detail: `stack ${id} added: ${stack.access}, accounts ${stack.accounts.join(', ')}` })
      continue
    }
    // A stack's space means something only where both versions use OIDC.
    appendAll(changes, stackChanges(old, stack, base !== null && base.spacelift.oidc !== null && head.spacelift.oidc !== null))
  }
  for (const [id] of baseStacks) {
    if (!headStacks.has(id)) changes.push({ kind: 'stack-removed', subject: id, detail: `stack ${id} removed` })
  }
  return changes
}

function stackChanges(old: StackDeclaration, stack: StackDeclaration, compareSpace: boolean): DeclarationChange[] {
  const changes: DeclarationChange[] = []
  const before = new Set(old.accounts)
  const after = new Set(stack.accounts)
  const added = stack.accounts.filter((a) => !before.has(a))
  const removed = old.accounts.filter((a) => !after.has(a))
  if (added.length || removed.length) {
    const parts = [added.length ? `+${added.join(', +')}` : '', removed.length ? `-${removed.join(', -')}` : ''].filter(Boolean)
    changes.push({ kind: 'stack-accounts-changed', subject: stack.id, detail: `stack ${stack.id} accounts: ${parts.join(' ')}` })
  }
  // How the stack gets its credentials (auth both) and the space in its OIDC sub.
  const oidcDiffs = [
    old.auth !== stack.auth ? `auth: ${old.auth} -> ${stack.auth}` : '',
    compareSpace && old.space !== stack.space ? `space: ${old.space} -> ${stack.space}` : ''
  ].filter(Boolean)
  if (oidcDiffs.length > 0) {
    changes.push({ kind: 'stack-oidc-changed', subject: stack.id, detail: `stack ${stack.id} ${oidcDiffs.join('; ')}` })
  }
  if (old.access !== stack.access) {
    changes.push({ kind: 'stack-access-changed', subject: stack.id, detail: `stack ${stack.id} access: ${old.access} -> ${stack.access}` })
  }
  return changes
}
