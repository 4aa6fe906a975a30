/** The action's analysis on the bundled example: report, plan verdicts, and annotations of widening roles. */
import { describe, expect, it } from '@jest/globals'
import { readFileSync } from 'node:fs'
import { resolve } from 'node:path'
import { analyse } from '../../src/action/analyse.js'
import { syntheticAccountsYaml } from '../../src/config/synthetic.js'

const EXAMPLE = 'examples/acme'

describe('analyse', () => {
  it('annotates the accounts.yaml entry of every role that widens', async () => {
    const headText = readFileSync(`${EXAMPLE}/accounts.yaml`, 'utf8')
    const result = await analyse({
      headText,
      baseText: readFileSync(`${EXAMPLE}/accounts.base.yaml`, 'utf8'),
      hasBase: true,
      configPath: 'accounts.yaml',
      existingDir: resolve(`${EXAMPLE}/existing`),
      quota: 2048,
      plans: [{ stack: 'app-prod', path: resolve(`${EXAMPLE}/plans/app-prod.plan.json`) }]
    })
    expect(result.report?.summary.widening).toBe(3)
    const widening = result.diagnostics.filter((d) => d.message.includes('widens trust'))
    expect(widening.map((d) => d.path).sort()).toEqual(['accounts.security', 'accounts.vendor_logs', 'hub'])
    const lines = headText.split('\n')
    for (const d of widening) {
      expect(d.severity).toBe('warning')
      expect(d.file).toBe('accounts.yaml')
      const key = d.path === 'hub' ? 'hub:' : `${d.path.split('.')[1]}:`
      // The entry's first line, or the line of its key just above (locate gives the value's place).
      expect(`${lines[d.line - 2]}\n${lines[d.line - 1]}`).toContain(key)
    }
    expect(result.verdicts).toHaveLength(1)
    expect(result.verdicts[0]!.deny).toHaveLength(1)
  })

  it('returns the errors, and no report, for an invalid accounts.yaml', async () => {
    const result = await analyse({ headText: 'version: 2\n', baseText: null, hasBase: true, configPath: 'accounts.yaml', quota: 2048, plans: [] })
    expect(result.report).toBeNull()
    expect(result.diagnostics.some((d) => d.severity === 'error' && d.path === 'version')).toBe(true)
  })

  it("checks IAM's limits: a 300-account organisation on hub.permissions: exact is an error at the hub, with the remedy", async () => {
    const headText = syntheticAccountsYaml(300, 10)
    const result = await analyse({ headText, baseText: null, hasBase: true, configPath: 'accounts.yaml', quota: 2048, plans: [] })
    expect(result.report).toBeNull()
    const errors = result.diagnostics.filter((d) => d.severity === 'error')
    expect(errors).toHaveLength(1)
    expect(errors[0]).toMatchObject({ file: 'accounts.yaml', path: 'hub', line: headText.split('\n').indexOf('hub:') + 1 })
    expect(errors[0]!.message).toContain('hub.permissions: accounts')
    const compact = await analyse({
      headText: syntheticAccountsYaml(300, 10, { hubPermissions: 'accounts' }),
      baseText: null,
      hasBase: true,
      configPath: 'accounts.yaml',
      quota: 2048,
      plans: []
    })
    expect(compact.report?.summary.create).toBe(301)
  })
})
