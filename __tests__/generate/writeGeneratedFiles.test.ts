import { describe, expect, it, beforeEach } from '@jest/globals'
import { mkdtempSync, readFileSync, writeFileSync, existsSync, mkdirSync, readdirSync, rmSync, symlinkSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { InputError } from '../../src/common/diagnostics.js'
import { MANIFEST_NAME, writeGeneratedFiles } from '../../src/generate/writeGeneratedFiles.js'
import { readJsonFile, type RenderManifest } from '../support/jsonOutput.js'

describe('writeGeneratedFiles', () => {
  let out: string
  beforeEach(() => {
    out = path.join(mkdtempSync(path.join(tmpdir(), 'sa-out-')), 'out')
  })

  it('writes files into nested directories and records a manifest', async () => {
    const result = await writeGeneratedFiles(
      out,
      new Map([
        ['iam/1/a.json', '{}\n'],
        ['b.tf', 'x\n']
      ])
    )
    expect(result.written).toEqual(['b.tf', 'iam/1/a.json'])
    expect(readFileSync(path.join(out, 'iam/1/a.json'), 'utf8')).toBe('{}\n')
    const manifest = readJsonFile<RenderManifest>(path.join(out, MANIFEST_NAME))
    expect(Object.keys(manifest.files)).toEqual(['b.tf', 'iam/1/a.json'])
  })

  it('reports identical files as unchanged on a re-render', async () => {
    await writeGeneratedFiles(out, new Map([['a', '1']]))
    const again = await writeGeneratedFiles(out, new Map([['a', '1']]))
    expect(again).toEqual({ written: [], unchanged: ['a'], removed: [], keptStale: [], removedDirectories: [] })
  })

  it('replaces files it wrote and removes the ones no longer generated', async () => {
    await writeGeneratedFiles(
      out,
      new Map([
        ['a', '1'],
        ['old', 'x']
      ])
    )
    const result = await writeGeneratedFiles(out, new Map([['a', '2']]))
    expect(result.written).toEqual(['a'])
    expect(result.removed).toEqual(['old'])
    expect(existsSync(path.join(out, 'old'))).toBe(false)
  })

  it('removes a directory the removed files leave empty, and each parent it empties, but never the output directory', async () => {
    await writeGeneratedFiles(
      out,
      new Map([
        ['terraform/app/providers.tf', 'a'],
        ['terraform/iam/main.tf', 'b'],
        ['deep/er/still/x', 'c'],
        ['top', 'd']
      ])
    )
    const result = await writeGeneratedFiles(out, new Map([['terraform/iam/main.tf', 'b']]))
    expect(result.removed).toEqual(['deep/er/still/x', 'terraform/app/providers.tf', 'top'])
    expect(result.removedDirectories).toEqual(['deep/er/still', 'deep/er', 'terraform/app', 'deep'])
    expect(readdirSync(out).sort()).toEqual([MANIFEST_NAME, 'terraform'])
    expect(readdirSync(path.join(out, 'terraform'))).toEqual(['iam'])
    // Emptied of everything generated: the output directory itself stays, with its manifest.
    const last = await writeGeneratedFiles(out, new Map())
    expect(last.removedDirectories).toEqual(['terraform/iam', 'terraform'])
    expect(readdirSync(out)).toEqual([MANIFEST_NAME])
  })

  it('leaves a directory that holds anything else: a file of yours, an edited stale file, a hidden file, a link', async () => {
    const files = new Map([
      ['yours/old', 'x'],
      ['stale/old', 'x'],
      ['hidden/old', 'x'],
      ['linked/old', 'x']
    ])
    await writeGeneratedFiles(out, files)
    writeFileSync(path.join(out, 'yours/notes.md'), 'mine')
    writeFileSync(path.join(out, 'stale/old'), 'edited')
    writeFileSync(path.join(out, 'hidden/.keep'), '')
    symlinkSync('/nonexistent', path.join(out, 'linked/dangling'))
    const result = await writeGeneratedFiles(out, new Map())
    expect(result.removed).toEqual(['hidden/old', 'linked/old', 'yours/old'])
    expect(result.keptStale).toEqual(['stale/old'])
    expect(result.removedDirectories).toEqual([])
    expect(readdirSync(out).sort()).toEqual([MANIFEST_NAME, 'hidden', 'linked', 'stale', 'yours'])
    expect(readFileSync(path.join(out, 'yours/notes.md'), 'utf8')).toBe('mine')
  })

  it('does not remove a directory a generated file still needs, nor one that was never its own', async () => {
    mkdirSync(path.join(out, 'empty-of-yours'), { recursive: true })
    await writeGeneratedFiles(
      out,
      new Map([
        ['keep/a', '1'],
        ['keep/sub/b', '2']
      ])
    )
    const result = await writeGeneratedFiles(out, new Map([['keep/a', '1']]))
    expect(result.removedDirectories).toEqual(['keep/sub'])
    expect(existsSync(path.join(out, 'empty-of-yours'))).toBe(true)
    expect(readFileSync(path.join(out, 'keep/a'), 'utf8')).toBe('1')
  })

  it('keeps a stale file that was edited since it was generated', async () => {
    await writeGeneratedFiles(
      out,
      new Map([
        ['a', '1'],
        ['old', 'x']
      ])
    )
    writeFileSync(path.join(out, 'old'), 'edited by hand')
    const result = await writeGeneratedFiles(out, new Map([['a', '1']]))
    expect(result.keptStale).toEqual(['old'])
    expect(readFileSync(path.join(out, 'old'), 'utf8')).toBe('edited by hand')
  })

  it('refuses to overwrite a file it did not write, and writes nothing at all', async () => {
    mkdirSync(out, { recursive: true })
    writeFileSync(path.join(out, 'mine.tf'), 'user content')
    await expect(
      writeGeneratedFiles(
        out,
        new Map([
          ['a', '1'],
          ['mine.tf', 'generated']
        ])
      )
    ).rejects.toThrow(InputError)
    expect(readFileSync(path.join(out, 'mine.tf'), 'utf8')).toBe('user content')
    expect(existsSync(path.join(out, 'a'))).toBe(false)
  })

  it('refuses to overwrite a generated file edited since, unless forced', async () => {
    await writeGeneratedFiles(out, new Map([['a', '1']]))
    writeFileSync(path.join(out, 'a'), 'hand edit')
    await expect(writeGeneratedFiles(out, new Map([['a', '2']]))).rejects.toThrow(/edited since/)
    await writeGeneratedFiles(out, new Map([['a', '2']]), { force: true })
    expect(readFileSync(path.join(out, 'a'), 'utf8')).toBe('2')
  })

  it('refuses paths that leave the output directory', async () => {
    await expect(writeGeneratedFiles(out, new Map([['../escape', 'x']]))).rejects.toThrow(/outside the output directory/)
    expect(existsSync(path.join(out, '..', 'escape'))).toBe(false)
  })

  it('refuses an output path that is a file', async () => {
    mkdirSync(path.dirname(out), { recursive: true })
    writeFileSync(out, 'a file')
    await expect(writeGeneratedFiles(out, new Map([['a', '1']]))).rejects.toThrow(/not a directory/)
  })
  it('looks at each directory once, yet at every one: a link deeper down is refused, and nothing is written', async () => {
    const files = new Map([
      ['iam/1/a.json', '1'],
      ['iam/1/b.json', '1'],
      ['iam/2/a.json', '1'],
      ['top', '1']
    ])
    await writeGeneratedFiles(out, files)
    const outside = mkdtempSync(path.join(tmpdir(), 'sa-outside-'))
    rmSync(path.join(out, 'iam', '2'), { recursive: true })
    symlinkSync(outside, path.join(out, 'iam', '2'))
    const changed = new Map([...files].map(([relative]) => [relative, '2']))
    await expect(writeGeneratedFiles(out, changed, { force: true })).rejects.toThrow(/iam\/2: is a symbolic link/)
    expect(readdirSync(outside)).toEqual([])
    expect(readFileSync(path.join(out, 'iam/1/a.json'), 'utf8')).toBe('1')
    expect(readFileSync(path.join(out, 'top'), 'utf8')).toBe('1')
  })

  it('passes over a stale file whose directory is gone, and leaves no temporary file behind', async () => {
    await writeGeneratedFiles(
      out,
      new Map([
        ['gone/old', 'x'],
        ['kept/a', '1']
      ])
    )
    rmSync(path.join(out, 'gone'), { recursive: true })
    const result = await writeGeneratedFiles(
      out,
      new Map([
        ['kept/a', '2'],
        ['kept/new/b', '3']
      ])
    )
    expect(result).toEqual({ written: ['kept/a', 'kept/new/b'], unchanged: [], removed: [], keptStale: [], removedDirectories: [] })
    expect(readdirSync(path.join(out, 'kept')).sort()).toEqual(['a', 'new'])
    expect(readdirSync(out).sort()).toEqual([MANIFEST_NAME, 'kept'])
    expect(readFileSync(path.join(out, 'kept/new/b'), 'utf8')).toBe('3')
  })
})
