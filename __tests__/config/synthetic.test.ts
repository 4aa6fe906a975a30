import { describe, it, expect } from '@jest/globals'
import { parseConfigText } from '../../src/config/load.js'
import { syntheticAccountsYaml } from '../../src/config/synthetic.js'

describe('syntheticAccountsYaml', () => {
  it('is deterministic', () => {
    expect(syntheticAccountsYaml(30, 7)).toBe(syntheticAccountsYaml(30, 7))
  })

  it('yields a valid file where every account is reached and every stack lists one', () => {
    for (const [accounts, stacks] of [
      [1, 1],
      [3, 10],
      [30, 7]
    ] as const) {
      const result = parseConfigText(syntheticAccountsYaml(accounts, stacks), 'synthetic.yaml')
      expect(result.diagnostics).toEqual([])
      expect(result.declaration?.accounts).toHaveLength(accounts)
      expect(result.declaration?.stacks).toHaveLength(stacks)
      expect(result.declaration?.stacks.every((s) => s.accounts.length > 0)).toBe(true)
    }
  })

  it('parses and validates a 5,000-account file', () => {
    const text = syntheticAccountsYaml(5000, 250)
    const result = parseConfigText(text, 'big.yaml')
    expect(result.diagnostics).toEqual([])
    const declaration = result.declaration
    expect(declaration?.accounts).toHaveLength(5000)
    expect(declaration?.stacks).toHaveLength(250)
    expect(new Set(declaration?.accounts.map((a) => a.id)).size).toBe(5000)
    expect(declaration?.accounts.filter((a) => a.externalId !== null)).toHaveLength(500)
    expect(declaration?.stacks.filter((s) => s.access === 'read-only')).toHaveLength(62)
    expect(result.locate(['accounts', 'acct_05000', 'id']).line).toBe(text.split('\n').indexOf('  acct_05000:') + 2)
  })

  it('still reports errors positioned in a 5,000-account file', () => {
    const text = syntheticAccountsYaml(5000, 250).replace('id: "200000004000"', 'id: "200000000001"')
    const result = parseConfigText(text, 'big.yaml')
    expect(result.declaration).toBeNull()
    expect(result.diagnostics.map((d) => `${d.path}: ${d.message}`)).toEqual([
      "accounts.acct_04000.id: account 200000000001 is already declared as 'acct_00001' (line 16): use one alias per account"
    ])
  })

  it('refuses sizes it cannot generate', () => {
    expect(() => syntheticAccountsYaml(0, 1)).toThrow(RangeError)
    expect(() => syntheticAccountsYaml(1, 0)).toThrow(RangeError)
  })
})
