import { describe, expect, it } from '@jest/globals'
import { existsSync, readFileSync } from 'node:fs'
import { parse } from 'yaml'

interface ActionYml {
  runs: { using: string; main: string }
  inputs: Record<string, { description: string; default?: string }>
  outputs: Record<string, { description: string }>
}

const root = new URL('../../', import.meta.url)
const action = parse(readFileSync(new URL('action.yml', root), 'utf8')) as ActionYml

/** The first column (input names, in backticks) of the first table under `## Inputs`, with its default column. */
function inputsTable(markdown: string): Map<string, string> {
  const start = markdown.search(/^## Inputs\s*$/m)
  if (start < 0) throw new Error('no "## Inputs" section')
  const rest = markdown.slice(start).split('\n').slice(1)
  const next = rest.findIndex((l) => /^## /.test(l))
  const rows = (next < 0 ? rest : rest.slice(0, next)).filter((l) => l.startsWith('|'))
  const header = rows[0]?.split('|').map((c) => c.trim()) ?? []
  expect(header[1]).toBe('Input')
  const table = new Map<string, string>()
  for (const row of rows.slice(2)) {
    const cells = row.split(/(?<!\\)\|/).map((c) => c.trim())
    if (cells[1] === 'Output') break
    const name = /^`([^`]+)`$/.exec(cells[1] ?? '')?.[1]
    if (name) table.set(name, (cells[2] ?? '').replace(/^`|`$/g, ''))
    else if (table.size > 0) break
  }
  return table
}

function expectAgreement(markdown: string): void {
  const table = inputsTable(markdown)
  expect([...table.keys()].sort()).toEqual(Object.keys(action.inputs).sort())
  for (const [name, input] of Object.entries(action.inputs)) expect(table.get(name)).toBe(input.default ?? '')
}

describe('action.yml', () => {
  it('runs the bundle on node24 and documents every input and output', () => {
    expect(action.runs).toEqual({ using: 'node24', main: 'dist/index.js' })
    for (const name of ['config', 'existing', 'github-token', 'fail-on']) expect(action.inputs[name]?.description).toBeTruthy()
    expect(action.inputs.config?.default).toBe('accounts.yaml')
    expect(action.inputs['fail-on']?.default).toBe('widening')
    expect(action.inputs['github-token']?.default).toBe('${{ github.token }}')
    expect(Object.keys(action.outputs).sort()).toEqual(['comment-url', 'has-changes', 'report', 'stale-providers', 'widens'])
  })

  it('agrees with docs/inputs-table.md', () => {
    expectAgreement(readFileSync(new URL('docs/inputs-table.md', root), 'utf8'))
  })

  it('agrees with the README inputs table', () => {
    const readme = new URL('README.md', root)
    if (!existsSync(readme)) throw new Error('README.md is missing: paste docs/inputs-table.md under "## Inputs"')
    expectAgreement(readFileSync(readme, 'utf8'))
  })
})
