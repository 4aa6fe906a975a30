/**
 * buildDiffReport skips the semantic comparison when a role's existing trust policy is the same
 * JSON as the desired one (keys in any order): the answer must be what the comparison gives.
 */
import { describe, expect, it } from '@jest/globals'
import { buildDiffReport } from '../../src/diff/buildReport.js'
import type { ExistingRole, ExistingSet } from '../../src/existing/existingPolicies.js'
import { roleKeyString } from '../../src/existing/existingPolicies.js'
import { desiredIam } from '../../src/generate/iam/desiredIam.js'
import type { DesiredRole } from '../../src/generate/iam/desiredIamTypes.js'
import { comparePolicies } from '../../src/trustPolicy/compare.js'
import { parsePolicy } from '../../src/trustPolicy/parse.js'
import { buildDeclaration, hubOf } from '../support/declaration.js'

/** The same JSON value with every object's keys in reverse order. */
function reversedKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(reversedKeys)
  if (value === null || typeof value !== 'object') return value
  return Object.fromEntries(
    Object.entries(value)
      .reverse()
      .map(([k, v]) => [k, reversedKeys(v)])
  )
}

function existingSet(roles: DesiredRole[], trust: (role: DesiredRole) => unknown): ExistingSet {
  const map = new Map<string, ExistingRole>()
  for (const role of roles) {
    const key = { kind: role.kind, accountId: role.accountId, role: role.role }
    map.set(roleKeyString(role.accountId, role.role.name), { key, trustPolicy: trust(role), source: `${role.accountId}/${role.role.name}.json` })
  }
  return { roles: map, unexpectedFiles: [], errors: [] }
}

describe('buildDiffReport on existing policies equal to the desired ones', () => {
  const declaration = buildDeclaration({ spacelift: { sessionTags: true } })
  const desired = desiredIam(declaration)
  const roles = [hubOf(desired), ...desired.targets]

  it('reports every role unchanged, as the semantic comparison of a policy with itself does', () => {
    const report = buildDiffReport({ declaration, desired, existing: existingSet(roles, (r) => reversedKeys(r.trustPolicy)), warnings: [] })
    expect(report.roles.length).toBe(roles.length)
    for (const role of report.roles) {
      expect(role).toMatchObject({ status: 'unchanged', widens: false, changes: [] })
      const policy = parsePolicy(role.desired, 'desired')
      expect(comparePolicies(policy, policy)).toEqual({ widens: false, changes: [] })
    }
    expect(report.summary).toEqual({ create: 0, update: 0, unchanged: roles.length, widening: 0 })
  })

  it('still compares semantically when one value differs', () => {
    const changed = (r: DesiredRole): unknown => {
      if (r.kind !== 'target') return r.trustPolicy
      const copy = structuredClone(r.trustPolicy) as { Statement: Array<{ Principal: unknown }> }
      copy.Statement[0]!.Principal = { AWS: 'arn:aws:iam::999999999999:root' }
      return copy
    }
    const report = buildDiffReport({ declaration, desired, existing: existingSet(roles, changed), warnings: [] })
    const targets = report.roles.filter((r) => r.kind === 'target')
    expect(targets.length).toBeGreaterThan(0)
    for (const role of targets) expect(role.status).toBe('update')
    expect(report.roles.find((r) => r.kind === 'hub')?.status).toBe('unchanged')
  })
})
