/**
 * Today's trust policies under `diff --existing` are held to the bounds of the comparison (issue 9):
 * a policy far over IAM's size, or expanding to too many principal × action combinations, is that
 * role's error (with the reason), and the other roles still report; a bare account ID is read in
 * the partition of the role.
 */
import { describe, expect, it } from '@jest/globals'
import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { cli } from '../support/cli.js'
import { parseJsonOutput, type DiffReport } from '../support/jsonOutput.js'

const EXAMPLE = path.resolve('examples/acme')
const TARGET = path.join('333333333333', 'spacelift-target.json')

function existingWith(document: unknown): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'stack-accounts-bounds-'))
  cpSync(path.join(EXAMPLE, 'existing'), dir, { recursive: true })
  writeFileSync(path.join(dir, TARGET), JSON.stringify(document, null, 2))
  return dir
}

async function diff(
  existing: string
): Promise<{ code: number; report: { errors: Array<{ message: string; arn?: string }>; roles: Array<{ arn: string; widens: boolean }> } }> {
  const result = await cli('diff', '--config', path.join(EXAMPLE, 'accounts.yaml'), '--existing', existing, '--format', 'json')
  return { code: result.code, report: parseJsonOutput<DiffReport>(result.stdout) }
}

describe('existing trust policies under diff', () => {
  const original = JSON.parse(readFileSync(path.join(EXAMPLE, 'existing', TARGET), 'utf8')) as { Statement: Array<Record<string, unknown>> }

  it("a policy far over IAM's size is refused for its role, with the reason; the others report", async () => {
    const padded = {
      ...original,
      Statement: [
        ...original.Statement,
        {
          Effect: 'Deny',
          Principal: { AWS: '999999999999' },
          Action: 'sts:AssumeRole',
          Condition: { StringLike: { 'sts:ExternalId': Array.from({ length: 700 }, (_, i) => `*${i}*`) } }
        }
      ]
    }
    const { report } = await diff(existingWith(padded))
    expect(report.errors.some((e) => /characters without white space, over the 5120 compared here/.test(e.message))).toBe(true)
    expect(report.roles.length).toBeGreaterThan(0)
  })

  it('a policy expanding to more than 5,000 combinations is refused for its role', async () => {
    const wide = {
      ...original,
      Statement: [
        ...original.Statement,
        {
          Effect: 'Deny',
          Principal: { AWS: Array.from({ length: 80 }, (_, i) => String(900000000000 + i)) },
          Action: Array.from({ length: 70 }, (_, i) => `sts:A${i}`)
        }
      ]
    }
    const { report } = await diff(existingWith(wide))
    expect(report.errors.map((e) => e.message).join('\n')).toMatch(/expands to 5602 principal × action × resource combinations/)
  })
})
