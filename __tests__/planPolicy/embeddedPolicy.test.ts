import { describe, expect, it } from '@jest/globals'
import { execFileSync } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { AFTER_PLAN_HOOK_SOURCE, PLAN_POLICY_SOURCE } from '../../src/planPolicy/generated/policySource.js'

describe('generated/policySource.ts (scripts/embed-policy.mjs)', () => {
  it('holds exactly the plan policy and the hook of policies/ (run node scripts/embed-policy.mjs when this fails)', () => {
    // The plan policy as Spacelift takes it: policies/plan/*.rego joined into one body.
    expect(PLAN_POLICY_SOURCE).toBe(execFileSync('node', ['scripts/join-policy.mjs'], { encoding: 'utf8' }))
    expect(AFTER_PLAN_HOOK_SOURCE).toBe(readFileSync('policies/hook/after_plan.sh', 'utf8'))
  })
})
