import { describe, it, expect } from '@jest/globals'
import { didYouMean, editDistance } from '../../src/config/didYouMean.js'

describe('editDistance', () => {
  it.each([
    ['', '', 0],
    ['abc', '', 3],
    ['region', 'regoin', 2],
    ['kitten', 'sitting', 3],
    ['stacks', 'stack', 1]
  ])('%s -> %s is %d', (a, b, distance) => {
    expect(editDistance(a, b)).toBe(distance)
    expect(editDistance(b, a)).toBe(distance)
  })
})

describe('didYouMean', () => {
  const keys = ['id', 'role', 'region', 'external_id']
  it('suggests close words and case/separator variants', () => {
    expect(didYouMean('regin', keys)).toBe('region')
    expect(didYouMean('External-ID', keys)).toBe('external_id')
    expect(didYouMean('rol', keys)).toBe('role')
  })
  it('stays quiet when nothing is close', () => {
    expect(didYouMean('owner', keys)).toBeUndefined()
    expect(didYouMean('x'.repeat(10_000), keys)).toBeUndefined()
    expect(didYouMean('ab', keys)).toBeUndefined()
  })
})
