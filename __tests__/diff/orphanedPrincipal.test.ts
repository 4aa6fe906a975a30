/**
 * A trust policy read back with a unique ID (AROA…) in place of the hub role's ARN: the hub role it
 * named was deleted (and maybe created again). diff and the PR comment say what that means.
 */
import { describe, expect, it } from '@jest/globals'
import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { cli } from '../support/cli.js'
import { parseJsonOutput, type DiffReport } from '../support/jsonOutput.js'

const EXAMPLE = 'examples/acme'
const ROLE_ID = 'AROA3XFRBF23EXAMPLE7'

function existingWithOrphan(): string {
  const dir = path.join(mkdtempSync(path.join(tmpdir(), 'sa-orphan-')), 'existing')
  cpSync(`${EXAMPLE}/existing`, dir, { recursive: true })
  const file = path.join(dir, '333333333333/spacelift-target.json')
  const text = readFileSync(file, 'utf8').replaceAll('arn:aws:iam::111111111111:role/spacelift/spacelift-hub', ROLE_ID)
  expect(text).toContain(ROLE_ID)
  writeFileSync(file, text)
  return dir
}

describe('diff on a trust policy that names a deleted role by its unique ID', () => {
  const existing = existingWithOrphan()

  it('reports the finding on the role in JSON, and the change widens (the role of that name is trusted anew)', async () => {
    const result = await cli('diff', '--config', `${EXAMPLE}/accounts.yaml`, '--existing', existing, '--format', 'json')
    expect(result.code).toBe(0)
    const role = parseJsonOutput<DiffReport>(result.stdout).roles.find((r) => r.account_id === '333333333333')
    expect(role?.status).toBe('update')
    expect(role?.widens).toBe(true)
    const finding = role?.findings?.find((f) => f.code === 'ORPHANED_PRINCIPAL')
    expect(finding?.message).toContain(`${ROLE_ID} is the unique ID of a deleted role`)
    expect(finding?.message).toContain('no longer exists')
    expect(finding?.message).toContain('must be saved again')
  })

  it('says so in the text report and in the PR comment (markdown)', async () => {
    const text = await cli('diff', '--config', `${EXAMPLE}/accounts.yaml`, '--existing', existing)
    expect(text.stdout).toContain(`${ROLE_ID} is the unique ID of a deleted role`)
    const markdown = await cli('diff', '--config', `${EXAMPLE}/accounts.yaml`, '--existing', existing, '--format', 'markdown')
    expect(markdown.stdout).toContain(`${ROLE_ID} is the unique ID of a deleted role`)
    expect(markdown.stdout).toContain('must be saved again')
    expect(markdown.stdout).toContain('`ORPHANED_PRINCIPAL`')
  })
})
