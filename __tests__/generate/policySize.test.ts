/** policySize counts code points of the JSON without white space, whatever the strings hold. */
import { describe, expect, it } from '@jest/globals'
import { policySize } from '../../src/generate/iam/iamQuota.js'
import type { PolicyDocument } from '../../src/iamDocument/types.js'

/** The definition, one character at a time. */
function byDefinition(document: PolicyDocument): number {
  let size = 0
  for (const char of JSON.stringify(document)) if (!/\s/u.test(char)) size += 1
  return size
}

const withSid = (sid: string): PolicyDocument => ({
  Version: '2012-10-17',
  Statement: [{ Sid: sid, Effect: 'Allow', Action: 'sts:AssumeRole', Resource: '*' }]
})

describe('policySize', () => {
  it.each([
    ['plain', 'Plain'],
    ['Unicode white space inside a string', 'a b\u00a0c\u2028d\u3000e\ufeff'],
    ['characters outside the BMP (one each)', '\u{1F600}\u{1F4A9}x'],
    ['a lone surrogate', '\ud800x'],
    ['escaped control characters', '\t\n\u000b']
  ])('%s', (_name, sid) => {
    expect(policySize(withSid(sid))).toBe(byDefinition(withSid(sid)))
  })

  it('counts a character outside the BMP once, not as two UTF-16 units', () => {
    expect(policySize(withSid('\u{1F600}'))).toBe(policySize(withSid('x')))
  })
})
