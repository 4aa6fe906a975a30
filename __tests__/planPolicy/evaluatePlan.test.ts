import { describe, it, expect, beforeAll } from '@jest/globals'
import { evaluatePlanPolicy, loadPlanPolicy } from '../../src/planPolicy/evaluatePlan.js'
import { spaceliftPlanInput } from '../../src/planPolicy/planInput.js'
import { syntheticPlan, syntheticRoleArn } from '../../src/planPolicy/syntheticPlan.js'
import { initialMemoryPages } from '../../src/planPolicy/wasmPolicy.js'
import { buildDeclaration } from '../support/declaration.js'
import { buildPolicyWasm, fixturePlans, LEGACY_ROLE_ARN, legacyDeclaration } from './planSupport.js'

let wasm: string
beforeAll(() => {
  wasm = buildPolicyWasm()
})

const plan = (prefix: string) => {
  const found = fixturePlans().find((p) => p.name.startsWith(prefix))
  if (!found) throw new Error(`no fixture ${prefix}`)
  return found.plan
}

describe('the plan policy compiled to WebAssembly, on real plans', () => {
  it('allows a provider whose constant role is declared for the stack', async () => {
    const verdict = await evaluatePlanPolicy(legacyDeclaration(), plan('stack-accounts_declared-role'), 'app-legacy', wasm)
    expect(verdict).toEqual({ deny: [], warn: [] })
  })

  it('denies a provider whose role is given by a variable (the plan shows only its references)', async () => {
    const verdict = await evaluatePlanPolicy(legacyDeclaration(), plan('terraform-compliance_issue-249'), 'app-legacy', wasm)
    expect(verdict.deny).toEqual([expect.stringContaining('an expression referring to var.role_arn, which the plan does not show')])
  })

  it('denies the same plan on a stack the role is not declared for, naming the role, the stack and the fix', async () => {
    const verdict = await evaluatePlanPolicy(legacyDeclaration(), plan('stack-accounts_declared-role'), 'app-prod', wasm)
    expect(verdict.deny).toHaveLength(1)
    const [message] = verdict.deny as [string]
    expect(message).toContain(LEGACY_ROLE_ARN)
    expect(message).toContain('"app-prod"')
    expect(message).toContain('arn:aws:iam::222222222222:role/spacelift-target')
    expect(message).toContain('stacks.app-prod.accounts')
  })

  it('denies a labelled stack that accounts.yaml does not declare', async () => {
    const verdict = await evaluatePlanPolicy(legacyDeclaration(), plan('terraform-json_120_basic'), 'ghost-stack', wasm)
    expect(verdict.deny).toHaveLength(1)
    expect(verdict.deny[0]).toContain('"ghost-stack"')
    expect(verdict.deny[0]).toContain('stacks:')
  })

  it('denies AWS providers that assume no role for managed resources (hub credentials)', async () => {
    const verdict = await evaluatePlanPolicy(legacyDeclaration(), plan('terraform-compliance_module-scoped'), 'app-legacy', wasm)
    expect(verdict.deny.length).toBeGreaterThan(0)
    for (const message of verdict.deny) {
      expect(message).toContain('assumes no role')
      expect(message).toContain(LEGACY_ROLE_ARN)
    }
  })

  it('reports nothing for plans that use no AWS provider', async () => {
    const verdict = await evaluatePlanPolicy(legacyDeclaration(), plan('opentofu_show-json_provider-aliasing'), 'app-legacy', wasm)
    expect(verdict).toEqual({ deny: [], warn: [] })
  })

  it('denies AWS provider configurations without a role even where no resource shows using them', async () => {
    // Ephemeral resources do not show in the plan's configuration: a provider may be used anyway.
    const verdict = await evaluatePlanPolicy(legacyDeclaration(), plan('terraform-json_120_basic'), 'app-legacy', wasm)
    expect(verdict.deny.map((message) => message.slice(0, 58))).toEqual([
      'stack-accounts: provider configuration "aws" assumes no ro',
      'stack-accounts: provider configuration "aws.east" assumes '
    ])
  })

  it('returns sorted, unique messages', async () => {
    const verdict = await evaluatePlanPolicy(legacyDeclaration(), plan('terraform-compliance_module-scoped'), 'app-prod', wasm)
    expect(verdict.deny).toEqual([...new Set(verdict.deny)].sort())
    expect(verdict.warn).toEqual([...new Set(verdict.warn)].sort())
  })

  it('evaluates a full Spacelift plan-policy input as it is (its stack, its labels)', async () => {
    const wrapped = await evaluatePlanPolicy(legacyDeclaration(), plan('checkov'), 'nobody', wasm)
    const input = spaceliftPlanInput(plan('checkov'), 'nobody') as { spacelift: { stack: { labels: string[] } } }
    input.spacelift.stack.labels = []
    const asIs = await evaluatePlanPolicy(legacyDeclaration(), input, 'app-legacy', wasm)
    expect(wrapped.deny).toHaveLength(1)
    expect(asIs.deny).toHaveLength(1)
    expect(asIs.deny[0]).toContain('"nobody"')
    expect(asIs.deny[0]).not.toEqual(wrapped.deny[0])
  })
})

describe('synthetic plans', () => {
  const accounts = ['222222222222', '333333333333', '444444444444']
  const declaring = (ids: string[]) =>
    buildDeclaration({
      accounts: Object.fromEntries(ids.map((id, i) => [`acct${i}`, { id }])),
      stacks: { big: { accounts: ids.map((_, i) => `acct${i}`) } }
    })

  it('allows a plan whose every provider assumes a declared role and whose roles trust declared accounts', async () => {
    const policy = await loadPlanPolicy(declaring(accounts), wasm)
    expect(policy.evaluate(spaceliftPlanInput(syntheticPlan(200, accounts), 'big'))).toEqual({ deny: [], warn: [] })
  })

  it('denies the provider and the trust policies of an account the stack may not reach', async () => {
    const policy = await loadPlanPolicy(declaring(accounts.slice(0, 2)), wasm)
    const verdict = policy.evaluate(spaceliftPlanInput(syntheticPlan(200, accounts), 'big'))
    expect(verdict.deny.some((m) => m.includes(syntheticRoleArn('444444444444')) && m.includes('"aws.a2"'))).toBe(true)
    expect(verdict.deny.some((m) => m.includes('aws_iam_role') && m.includes('444444444444'))).toBe(true)
    expect(verdict.deny.every((m) => m.includes('444444444444'))).toBe(true)
  })

  it('gives one instance the same verdicts as fresh ones when inputs grow past its memory', async () => {
    const policy = await loadPlanPolicy(declaring(accounts.slice(0, 2)), wasm)
    const sizes = [10, 2000, 10]
    const verdicts = sizes.map((n) => policy.evaluate(spaceliftPlanInput(syntheticPlan(n, accounts), 'big')))
    const fresh = await Promise.all(
      sizes.map(async (n) => (await loadPlanPolicy(declaring(accounts.slice(0, 2)), wasm)).evaluate(spaceliftPlanInput(syntheticPlan(n, accounts), 'big')))
    )
    expect(verdicts).toEqual(fresh)
    expect(verdicts[1]?.deny.length).toBeGreaterThan(0)
    expect(initialMemoryPages(0)).toBeLessThan(initialMemoryPages(10 * 1024 * 1024))
  })
})
