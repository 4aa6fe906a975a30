import { describe, expect, it } from '@jest/globals'
import type { ConfigPath } from '../../src/config/model.js'
import { formatPath } from '../../src/config/model.js'
import { formatDiagnostic } from '../../src/diagnostics.js'
import { desiredIam } from '../../src/iam/desired.js'
import { DEFAULT_TRUST_POLICY_QUOTA, policySize, trustPolicyQuotaDiagnostics } from '../../src/iam/quota.js'
import { policyJson } from '../../src/render/iamTerraformFiles.js'
import { buildDeclaration, manyStacks } from '../support/declaration.js'

/** A locator that knows a few paths, as the YAML loader's would. */
function locator(known: Record<string, [number, number]>): (path: ConfigPath) => { line: number; column: number } | null {
  return (path) => {
    const hit = known[formatPath(path)]
    return hit ? { line: hit[0], column: hit[1] } : null
  }
}

describe('policySize', () => {
  it('counts JSON characters without white space', () => {
    // {"Version":"2012-10-17","Statement":[]} counted by hand: 39 characters.
    expect(policySize({ Version: '2012-10-17', Statement: [] })).toBe(39)
    const doc = desiredIam(buildDeclaration()).hub.trustPolicy
    expect(policySize(doc)).toBe(JSON.stringify(doc).length)
    expect(policyJson(doc).length).toBeGreaterThan(JSON.stringify(doc).length)
    expect(policySize(JSON.parse(policyJson(doc)))).toBe(policySize(doc))
  })
})

describe('trustPolicyQuotaDiagnostics', () => {
  const locate = locator({ 'hub.role': [9, 9], 'spacelift.session_tags': [6, 3] })

  /** The smallest number of read-write stacks whose exact-match hub trust policy exceeds the default quota. */
  function stacksOverQuota(): number {
    for (let n = 1; n < 200; n += 1) {
      const decl = buildDeclaration({ stacks: manyStacks(n, ['prod']) })
      if (policySize(desiredIam(decl).hub.trustPolicy) > DEFAULT_TRUST_POLICY_QUOTA) return n
    }
    throw new Error('never over quota')
  }

  it('reports a hub trust policy over 2,048 characters and external_id_match: stack brings it under', () => {
    const n = stacksOverQuota()
    const exact = buildDeclaration({ stacks: manyStacks(n, ['prod']) })
    const exactIam = desiredIam(exact)
    const size = policySize(exactIam.hub.trustPolicy)
    expect(size).toBeGreaterThan(2048)

    const diagnostics = trustPolicyQuotaDiagnostics(exactIam, DEFAULT_TRUST_POLICY_QUOTA, locate, 'accounts.yaml')
    expect(diagnostics).toHaveLength(1)
    const [d] = diagnostics
    expect(d).toMatchObject({ severity: 'error', file: 'accounts.yaml', path: 'hub.role', line: 9, column: 9 })
    expect(d!.message).toContain('arn:aws:iam::111111111111:role/spacelift-hub')
    expect(d!.message).toContain(new Intl.NumberFormat('en-US').format(size))
    expect(d!.message).toContain('2,048')
    expect(d!.message).toContain('external_id_match: stack')
    expect(d!.message).toContain('Service Quotas')
    expect(d!.message).toContain('--trust-policy-quota')
    expect(formatDiagnostic(d!)).toMatch(/^accounts\.yaml:9:9: hub\.role: the trust policy of the hub role /)

    const stackMode = buildDeclaration({ spacelift: { externalIdMatch: 'stack' }, stacks: manyStacks(n, ['prod']) })
    const stackIam = desiredIam(stackMode)
    expect(policySize(stackIam.hub.trustPolicy)).toBeLessThanOrEqual(2048)
    expect(trustPolicyQuotaDiagnostics(stackIam, DEFAULT_TRUST_POLICY_QUOTA, locate, 'accounts.yaml')).toEqual([])
  })

  it('accepts the same policy under a raised quota, and is silent exactly at the quota', () => {
    const iam = desiredIam(buildDeclaration({ stacks: manyStacks(stacksOverQuota(), ['prod']) }))
    const size = policySize(iam.hub.trustPolicy)
    expect(trustPolicyQuotaDiagnostics(iam, 4096, locate, 'accounts.yaml')).toEqual([])
    expect(trustPolicyQuotaDiagnostics(iam, size, locate, 'accounts.yaml')).toEqual([])
    expect(trustPolicyQuotaDiagnostics(iam, size - 1, locate, 'accounts.yaml')).toHaveLength(1)
  })

  it('does not suggest external_id_match: stack when it cannot help', () => {
    const decl = buildDeclaration({ spacelift: { externalIdMatch: 'stack' }, stacks: manyStacks(80, ['prod']) })
    const iam = desiredIam(decl)
    const [d] = trustPolicyQuotaDiagnostics(iam, DEFAULT_TRUST_POLICY_QUOTA, locate, 'accounts.yaml')
    expect(d!.message).toContain('cannot shorten it further')
    expect(d!.message).not.toContain('Remedies: set spacelift.external_id_match')
  })

  it('reports a target trust policy that session tags make too large, at the account', () => {
    const decl = buildDeclaration({ spacelift: { sessionTags: true }, stacks: manyStacks(120, ['staging']) })
    const diagnostics = trustPolicyQuotaDiagnostics(desiredIam(decl), DEFAULT_TRUST_POLICY_QUOTA, locator({}), 'accounts.yaml')
    const target = diagnostics.find((d) => d.message.includes('target role'))
    expect(target).toMatchObject({ path: 'accounts.staging.role', line: 1, column: 1 })
    expect(target!.message).toContain('arn:aws:iam::333333333333:role/spacelift-target')
    expect(target!.message).toContain('120 stacks')
  })
})
