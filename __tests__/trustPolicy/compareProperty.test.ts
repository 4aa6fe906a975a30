/**
 * Soundness of comparePolicies against the reference evaluator: whenever some request of the
 * finite universe is allowed by NEW and denied by OLD, comparePolicies must say widens: true.
 * Also: a policy compared with itself, or with a rewrite IAM reads the same way, shows no change,
 * and both have one canonical document, which the evaluator reads exactly as the policy.
 * FC_NUM_RUNS sets the number of pairs (10,000 by default; `npm run test:long` uses 200,000) and
 * FC_SEED the fast-check seed (a fixed default, so CI runs are reproducible; fast-check prints the
 * seed and path of a failure, and `fc.assert(..., { seed, path })` replays it).
 */
import { afterAll, describe, expect, it } from '@jest/globals'
import fc from 'fast-check'
import { canonicalPolicy } from '../../src/trustPolicy/canonical.js'
import { comparePolicies } from '../../src/trustPolicy/compare.js'
import { parsePolicy } from '../../src/trustPolicy/parse.js'
import { findWideningRequest } from '../support/referenceEvaluator.js'
import { asInput, Choices, CONTEXT_PARTITIONS, equivalentRewrite, pairArbitrary, randomPolicy, seedArbitrary, type PolicyPair } from './generators.js'

const DEFAULT_SEED = 20_250_601
const numRuns = Number(process.env.FC_NUM_RUNS ?? 10_000)
const seed = Number(process.env.FC_SEED ?? DEFAULT_SEED)
if (!Number.isSafeInteger(numRuns) || numRuns < 1) throw new Error(`FC_NUM_RUNS must be a positive integer (got ${process.env.FC_NUM_RUNS})`)
if (!Number.isSafeInteger(seed)) throw new Error(`FC_SEED must be an integer (got ${process.env.FC_SEED})`)
/** Jest's per-test limit, scaled for long runs (about 1 ms a pair here; generous for slow machines). */
const timeout = Math.max(60_000, numRuns * 10)
const stats = { pairs: 0, widening: 0, saidWidens: 0, falseAlarms: 0 }

afterAll(() => {
  const notWidening = stats.pairs - stats.widening
  const rate = notWidening ? (100 * stats.falseAlarms) / notWidening : 0
  console.info(
    `comparePolicies (seed ${seed}) over ${stats.pairs} pairs: ${stats.widening} widen in the universe, widens:true said ${stats.saidWidens} times; ` +
      `imprecision (widens:true where the evaluator finds no widening request): ${stats.falseAlarms}/${notWidening} = ${rate.toFixed(2)}%`
  )
})

/** The widening request for the pair, under Unicode case folding and, where non-ASCII text occurs, under A-Z folding too. */
function witnessFor(pair: PolicyPair) {
  const context = { partition: pair.partition }
  const unicode = findWideningRequest(pair.old, pair.new, context)
  if (unicode) return unicode
  // eslint-disable-next-line no-control-regex
  const nonAscii = /[^\u0000-\u007f]/.test(JSON.stringify([pair.old, pair.new]))
  return nonAscii ? findWideningRequest(pair.old, pair.new, { ...context, fold: 'ascii' }) : null
}

describe('comparePolicies against the reference evaluator', () => {
  it(
    'never says widens: false when NEW allows a request OLD denies',
    () => {
      fc.assert(
        fc.property(pairArbitrary, (pair) => {
          const context = { partition: pair.partition }
          const c = new Choices(pair.seed)
          const result = comparePolicies(parsePolicy(asInput(pair.old, c), 'old.json', context), parsePolicy(asInput(pair.new, c), 'new.json', context))
          const witness = witnessFor(pair)
          stats.pairs++
          if (witness) stats.widening++
          if (result.widens) stats.saidWidens++
          if (result.widens && !witness) stats.falseAlarms++
          if (witness && !result.widens) {
            throw new Error(
              `missed widening: ${JSON.stringify(witness)}\npartition=${pair.partition}\nold=${JSON.stringify(pair.old)}\nnew=${JSON.stringify(pair.new)}`
            )
          }
          // widens is carried by at least one change, and a change never widens when the policy does not.
          expect(result.changes.some((change) => change.widens)).toBe(result.widens)
          if (witness) expect(result.changes.length).toBeGreaterThan(0)
        }),
        { numRuns, seed }
      )
    },
    timeout
  )

  it(
    'finds no change between a policy and itself or a rewrite IAM reads the same way',
    () => {
      fc.assert(
        fc.property(seedArbitrary, (policySeed) => {
          const c = new Choices(policySeed)
          const partition = c.pick(CONTEXT_PARTITIONS)
          const context = { partition }
          const doc = randomPolicy(c)
          const rewritten = equivalentRewrite(doc, c, partition)
          // The rewrite really widens nothing for the evaluator.
          expect(findWideningRequest(doc, rewritten, context)).toBeNull()
          const parsed = parsePolicy(asInput(doc, c), 'a.json', context)
          expect(comparePolicies(parsed, parsePolicy(doc, 'a.json', context))).toEqual({ widens: false, changes: [] })
          expect(comparePolicies(parsed, parsePolicy(asInput(rewritten, c), 'b.json', context))).toEqual({ widens: false, changes: [] })
          expect(comparePolicies(parsePolicy(rewritten, 'b.json', context), parsed)).toEqual({ widens: false, changes: [] })
          // The canonical document is the same for both, and IAM reads it as the policy itself.
          const canonical = canonicalPolicy(parsed)
          expect(canonicalPolicy(parsePolicy(rewritten, 'b.json', context))).toEqual(canonical)
          expect(findWideningRequest(doc, canonical, context)).toBeNull()
          expect(findWideningRequest(canonical, doc, context)).toBeNull()
        }),
        { numRuns: Math.max(100, Math.floor(numRuns / 5)), seed }
      )
    },
    timeout
  )
})
