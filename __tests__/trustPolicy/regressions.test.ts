/**
 * Counterexamples the property test found (regressions.json: the pair, the partition the comparison
 * was told, and the request NEW allows and OLD denies), kept so that they are checked on every run
 * whatever the seed. The first six were found by running the property test of issue 9 against the
 * comparison as it was before (FC_SEED 1 to 6): role paths and sessions, partitions, bare IDs,
 * case folding beyond ASCII. Add new ones here as the property test finds them.
 */
import { describe, expect, it } from '@jest/globals'
import { readFileSync } from 'node:fs'
import { comparePolicies } from '../../src/trustPolicy/compare.js'
import { parsePolicy } from '../../src/trustPolicy/parse.js'
import { findWideningRequest, isAllowed, type TrustRequest } from '../support/referenceEvaluator.js'

interface Regression {
  seed: number
  partition: string | null
  old: unknown
  new: unknown
  request: TrustRequest
  evaluatedPartition: string
}

const cases = JSON.parse(readFileSync(new URL('./regressions.json', import.meta.url), 'utf8')) as Regression[]

describe('counterexamples kept from the property test', () => {
  it.each(cases.map((c) => [c.seed, c] as const))('pair of seed %d widens, and is said to', (_seed, c) => {
    const context = { partition: c.evaluatedPartition }
    expect(isAllowed(c.new, c.request, context)).toBe(true)
    expect(isAllowed(c.old, c.request, context)).toBe(false)
    expect(findWideningRequest(c.old, c.new, { partition: c.partition })).not.toBeNull()
    const result = comparePolicies(parsePolicy(c.old, 'old.json', { partition: c.partition }), parsePolicy(c.new, 'new.json', { partition: c.partition }))
    expect(result.widens).toBe(true)
  })
})
