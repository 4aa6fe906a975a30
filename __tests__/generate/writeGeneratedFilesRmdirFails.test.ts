/**
 * An emptied directory that cannot be removed (a mount point: EBUSY; a parent the user may not
 * write: EACCES) comes after the files were written and removed. It must not end the render there:
 * the manifest would not record the files just written (the next render would refuse them as "not
 * written by stack-accounts"), and the message would say "nothing was written". rmdir's failure is
 * injected (as root, in a container, neither can be produced for real); everything else is the
 * real file system.
 */
import { describe, expect, it, jest } from '@jest/globals'
import { mkdtempSync, readdirSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'

const real = await import('node:fs')
const refused = new Set<string>()
jest.unstable_mockModule('node:fs', () => ({
  ...real,
  default: real,
  rmdirSync: (target: string) => {
    if (refused.has(path.basename(target))) throw Object.assign(new Error(`EBUSY: resource busy or locked, rmdir '${target}'`), { code: 'EBUSY' })
    real.rmdirSync(target)
  }
}))
const { MANIFEST_NAME, writeGeneratedFiles } = await import('../../src/generate/writeGeneratedFiles.js')

describe('writeGeneratedFiles, an emptied directory that cannot be removed', () => {
  it('stays; the render still completes and records what it wrote', async () => {
    const out = path.join(mkdtempSync(path.join(tmpdir(), 'sa-out-')), 'out')
    await writeGeneratedFiles(
      out,
      new Map([
        ['terraform/app/providers.tf', 'a'],
        ['terraform/gone/providers.tf', 'g'],
        ['terraform/iam/main.tf', 'b']
      ])
    )
    refused.add('app')
    const next = new Map([
      ['terraform/iam/main.tf', 'b2'],
      ['terraform/new/providers.tf', 'n']
    ])
    const result = await writeGeneratedFiles(out, next)
    expect(result.written).toEqual(['terraform/iam/main.tf', 'terraform/new/providers.tf'])
    expect(result.removed).toEqual(['terraform/app/providers.tf', 'terraform/gone/providers.tf'])
    expect(result.removedDirectories).toEqual(['terraform/gone'])
    expect(readdirSync(path.join(out, 'terraform')).sort()).toEqual(['app', 'iam', 'new'])
    expect(readdirSync(path.join(out, 'terraform/app'))).toEqual([])
    // The manifest records the files written: rendering the same again changes nothing.
    refused.clear()
    const again = await writeGeneratedFiles(out, next)
    expect(again.unchanged).toEqual(['terraform/iam/main.tf', 'terraform/new/providers.tf'])
    expect(readdirSync(out).sort()).toEqual([MANIFEST_NAME, 'terraform'])
  })
})
