import { describe, expect, it } from '@jest/globals'
import { readFileSync } from 'node:fs'
import { AFTER_PLAN_HOOK_SOURCE, PLAN_POLICY_SOURCE } from '../../src/planPolicy/generated/policySource.js'

describe('generated/policySource.ts (scripts/embed-policy.mjs)', () => {
  it('holds exactly the plan policy and the hook of policies/ (run node scripts/embed-policy.mjs when this fails)', () => {
    expect(PLAN_POLICY_SOURCE).toBe(readFileSync('policies/plan/stack_accounts.rego', 'utf8'))
    expect(AFTER_PLAN_HOOK_SOURCE).toBe(readFileSync('policies/hook/after_plan.sh', 'utf8'))
  })
})
