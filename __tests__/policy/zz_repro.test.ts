import { it } from '@jest/globals'
import { Choices, randomPolicy } from './generators.js'
import { canonicalPolicy } from '../../src/policy/canonical.js'
import { parsePolicy } from '../../src/policy/parse.js'
it('repro', () => {
  const c = new Choices(410358648)
  const doc = randomPolicy(c)
  console.log(JSON.stringify(doc), '\n', JSON.stringify(canonicalPolicy(parsePolicy(doc, 'a'))))
})
