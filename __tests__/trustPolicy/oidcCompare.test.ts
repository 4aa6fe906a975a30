/**
 * Spacelift OIDC trust policies compared (diff/compare): Federated principals and StringLike on
 * <host>:sub read semantically, each verdict checked against the reference evaluator.
 */
import { describe, expect, it } from '@jest/globals'
import { comparePolicies } from '../../src/trustPolicy/compare.js'
import { parsePolicy } from '../../src/trustPolicy/parse.js'
import { findWideningRequest } from '../support/referenceEvaluator.js'

const HOST = 'acme.app.spacelift.io'
const PROVIDER = `arn:aws:iam::111111111111:oidc-provider/${HOST}`

function trust(subs: string[], options: { provider?: string; aud?: string | null; actions?: string[] } = {}) {
  const sub = { StringLike: { [`${HOST}:sub`]: subs } }
  return {
    Version: '2012-10-17',
    Statement: [
      {
        Effect: 'Allow',
        Principal: { Federated: options.provider ?? PROVIDER },
        Action: options.actions ?? 'sts:AssumeRoleWithWebIdentity',
        Condition: options.aud === null ? sub : { StringEquals: { [`${HOST}:aud`]: options.aud ?? HOST }, ...sub }
      }
    ]
  }
}

function verdict(before: unknown, after: unknown): { widens: boolean; evaluator: boolean } {
  const context = { partition: 'aws' }
  const result = comparePolicies(parsePolicy(before, 'old.json', context), parsePolicy(after, 'new.json', context))
  return { widens: result.widens, evaluator: findWideningRequest(before, after, context) !== null }
}

const READ = 'space:*:stack:a:run_type:*:scope:read'
const ANY_SCOPE = 'space:*:stack:a:run_type:*:scope:*'

describe('comparing Spacelift OIDC trust', () => {
  it.each([
    ['scope:read to scope:*', trust([READ]), trust([ANY_SCOPE])],
    ['one stack to every stack', trust([ANY_SCOPE]), trust(['space:*:stack:*:run_type:*:scope:*'])],
    ['a pinned space to any space', trust(['space:root:stack:a:run_type:*:scope:*']), trust([ANY_SCOPE])],
    ['another stack added', trust([ANY_SCOPE]), trust([ANY_SCOPE, 'space:*:stack:b:run_type:*:scope:*'])],
    ['another provider', trust([ANY_SCOPE]), trust([ANY_SCOPE], { provider: `arn:aws:iam::111111111111:oidc-provider/evil.app.spacelift.io` })],
    ['the audience condition dropped', trust([ANY_SCOPE]), trust([ANY_SCOPE], { aud: null })],
    ['another audience', trust([ANY_SCOPE]), trust([ANY_SCOPE], { aud: 'evil.app.spacelift.io' })],
    ['sts:TagSession added', trust([ANY_SCOPE]), trust([ANY_SCOPE], { actions: ['sts:AssumeRoleWithWebIdentity', 'sts:TagSession'] })]
  ])('says widens for %s, as the evaluator does', (_name, before, after) => {
    expect(verdict(before, after)).toEqual({ widens: true, evaluator: true })
  })

  it.each([
    ['scope:* to scope:read', trust([ANY_SCOPE]), trust([READ])],
    ['a stack removed', trust([ANY_SCOPE, 'space:*:stack:b:run_type:*:scope:*']), trust([ANY_SCOPE])],
    ['the space pinned', trust([ANY_SCOPE]), trust(['space:root:stack:a:run_type:*:scope:*'])],
    ['the same patterns reordered', trust([READ, 'space:*:stack:b:run_type:*:scope:*']), trust(['space:*:stack:b:run_type:*:scope:*', READ])]
  ])('does not say widens for %s', (_name, before, after) => {
    expect(verdict(before, after)).toEqual({ widens: false, evaluator: false })
  })
})
