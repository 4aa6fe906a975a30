import { describe, expect, it } from '@jest/globals'
import type { ConfigPath } from '../../src/config/accounts.js'
import { formatPath } from '../../src/config/accounts.js'
import { formatDiagnostic } from '../../src/common/diagnostics.js'
import { desiredIam } from '../../src/generate/iam/desiredIam.js'
import type { Declaration } from '../../src/config/accounts.js'
import type { Diagnostic } from '../../src/common/diagnostics.js'
import { DEFAULT_TRUST_POLICY_QUOTA, iamLimitDiagnostics, policySize } from '../../src/generate/iam/iamQuota.js'
import { policyJson } from '../../src/generate/iamTerraformFiles.js'
import type { PolicyDocument } from '../../src/iamDocument/types.js'
import { buildDeclaration, manyStacks, hubOf } from '../support/declaration.js'
import { parseJsonOutput } from '../support/jsonOutput.js'

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
    const doc = hubOf(desiredIam(buildDeclaration())).trustPolicy
    expect(policySize(doc)).toBe(JSON.stringify(doc).length)
    expect(policyJson(doc).length).toBeGreaterThan(JSON.stringify(doc).length)
    expect(policySize(parseJsonOutput<PolicyDocument>(policyJson(doc)))).toBe(policySize(doc))
  })
})

describe('iamLimitDiagnostics: trust policies', () => {
  const locate = locator({ 'hub.role': [9, 9], spacelift: [3, 1], 'spacelift.session_tags': [6, 3] })
  const check = (decl: Declaration, quota: number, where = locate): Diagnostic[] =>
    iamLimitDiagnostics(decl, desiredIam(decl), { trustPolicyQuota: quota, locate: where, file: 'accounts.yaml' })

  /** The smallest number of read-write stacks whose exact-match hub trust policy exceeds the default quota. */
  function stacksOverQuota(): number {
    for (let n = 1; n < 200; n += 1) {
      const decl = buildDeclaration({ stacks: manyStacks(n, ['prod']) })
      if (policySize(hubOf(desiredIam(decl)).trustPolicy) > DEFAULT_TRUST_POLICY_QUOTA) return n
    }
    throw new Error('never over quota')
  }

  it('reports a hub trust policy over 2,048 characters and external_id_match: stack brings it under', () => {
    const n = stacksOverQuota()
    const exact = buildDeclaration({ stacks: manyStacks(n, ['prod']) })
    const exactIam = desiredIam(exact)
    const size = policySize(hubOf(exactIam).trustPolicy)
    expect(size).toBeGreaterThan(2048)

    const diagnostics = check(exact, DEFAULT_TRUST_POLICY_QUOTA)
    expect(diagnostics).toHaveLength(1)
    const [d] = diagnostics
    // external_id_match is not written: the error is at spacelift:, where the remedy goes
    expect(d).toMatchObject({ severity: 'error', file: 'accounts.yaml', path: 'spacelift', line: 3, column: 1 })
    expect(d!.message).toContain('arn:aws:iam::111111111111:role/spacelift-hub')
    expect(d!.message).toContain(new Intl.NumberFormat('en-US').format(size))
    expect(d!.message).toContain('2,048')
    expect(d!.message).toContain('external_id_match: stack')
    expect(d!.message).toContain('Service Quotas')
    expect(d!.message).toContain('--trust-policy-quota')
    expect(d!.message).toContain('spacelift.external_id_match: integration')
    expect(formatDiagnostic(d!)).toMatch(/^accounts\.yaml:3:1: spacelift: the trust policy of the hub role /)

    const stackMode = buildDeclaration({ spacelift: { externalIdMatch: 'stack' }, stacks: manyStacks(n, ['prod']) })
    const stackIam = desiredIam(stackMode)
    expect(policySize(hubOf(stackIam).trustPolicy)).toBeLessThanOrEqual(2048)
    expect(policySize(hubOf(stackIam).trustPolicy)).toBeLessThanOrEqual(2048)
    expect(check(stackMode, DEFAULT_TRUST_POLICY_QUOTA)).toEqual([])
  })

  it('accepts the same policy under a raised quota, and is silent exactly at the quota', () => {
    const decl = buildDeclaration({ stacks: manyStacks(stacksOverQuota(), ['prod']) })
    const size = policySize(hubOf(desiredIam(decl)).trustPolicy)
    expect(check(decl, 4096)).toEqual([])
    expect(check(decl, size)).toEqual([])
    expect(check(decl, size - 1)).toHaveLength(1)
  })

  it('suggests only the forms that fit, and integration when stack cannot help', () => {
    const decl = buildDeclaration({ spacelift: { externalIdMatch: 'stack' }, stacks: manyStacks(200, ['prod']) })
    const [d] = check(decl, DEFAULT_TRUST_POLICY_QUOTA, locator({ 'spacelift.external_id_match': [5, 22] }))
    expect(d).toMatchObject({ path: 'spacelift.external_id_match', line: 5, column: 22 })
    expect(d!.message).toContain('With external_id_match: stack it holds 200 external IDs for 200 stacks')
    expect(d!.message).toContain('spacelift.external_id_match: integration')
    expect(d!.message).not.toContain('external_id_match: stack (')
    // 200 stacks are over 4,096 too: raising the quota is not offered
    expect(d!.message).not.toContain('Service Quotas')
    const integration = buildDeclaration({ spacelift: { externalIdMatch: 'integration' }, stacks: manyStacks(200, ['prod']) })
    expect(check(integration, DEFAULT_TRUST_POLICY_QUOTA)).toEqual([])
  })

  it('says integration_id is needed when the integration form would fit without one set', () => {
    const decl = buildDeclaration({ spacelift: { integrationId: null }, stacks: manyStacks(200, ['prod']) })
    const [d] = check(decl, DEFAULT_TRUST_POLICY_QUOTA)
    expect(d!.message).toMatch(/spacelift\.external_id_match: integration \(\d+ characters; needs spacelift\.integration_id\)/)
  })

  it('reports a target trust policy that session tags make too large, at the account', () => {
    const decl = buildDeclaration({ spacelift: { sessionTags: true }, stacks: manyStacks(120, ['staging']) })
    const diagnostics = check(
      { ...decl, spacelift: { ...decl.spacelift, externalIdMatch: 'integration' } },
      DEFAULT_TRUST_POLICY_QUOTA,
      locator({ 'accounts.staging': [14, 3] })
    )
    expect(diagnostics).toHaveLength(1)
    const [target] = diagnostics
    expect(target).toMatchObject({ path: 'accounts.staging', line: 14, column: 3 })
    expect(target!.message).toContain('arn:aws:iam::333333333333:role/spacelift-target (account staging 333333333333)')
    expect(target!.message).toContain('120 stacks')
    // names the stacks
    expect(target!.message).toContain('service-stack-0001, service-stack-0002')
    expect(target!.message).toContain('service-stack-0120.')
    expect(target!.message).toContain('let fewer stacks list this account')
  })
})
