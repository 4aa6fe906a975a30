/**
 * `render --out DIR` never writes through what it did not create: real symbolic links, FIFOs,
 * directories where files go, read-only directories, tampered manifests. Each refusal is exit 2
 * with the path, and leaves everything outside DIR (and, before any write, inside it) untouched.
 */
import { describe, expect, it } from '@jest/globals'
import { execFileSync } from 'node:child_process'
import { chmodSync, existsSync, lstatSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { cli } from '../support/cli.js'
import { readJsonFile, type RenderManifest } from '../support/jsonOutput.js'

const CONFIG = 'examples/acme/accounts.yaml'
const temp = () => mkdtempSync(path.join(tmpdir(), 'sa-out-'))
const render = (out: string, ...more: string[]) => cli('render', '--config', CONFIG, '--out', out, ...more)
const MANIFEST = '.stack-accounts-manifest.json'

function expectRefused(result: { code: number; stderr: string }, pathPart: string | RegExp): void {
  expect(result.code).toBe(2)
  if (typeof pathPart === 'string') expect(result.stderr).toContain(pathPart)
  else expect(result.stderr).toMatch(pathPart)
  expect(result.stderr).not.toMatch(/internal error|\n\s+at /)
}

describe('render --out DIR and what it did not create', () => {
  it('refuses a symlinked subdirectory: nothing lands outside DIR', async () => {
    const out = temp()
    const outside = temp()
    symlinkSync(outside, path.join(out, 'terraform'))
    const result = await render(out)
    expectRefused(result, path.join(out, 'terraform'))
    expect(result.stderr).toMatch(/symbolic link/)
    expect(readdirSync(outside)).toEqual([])
    // Checked before any write: nothing else was written either.
    expect(readdirSync(out)).toEqual(['terraform'])
  })

  it('refuses a tampered manifest that names a file outside DIR, or a path through a link, and deletes nothing', async () => {
    const out = temp()
    expect((await render(out)).code).toBe(0)
    const outside = temp()
    const victim = path.join(outside, 'precious.txt')
    writeFileSync(victim, 'keep me\n')
    const hash = execFileSync('sha256sum', [victim], { encoding: 'utf8' }).split(' ')[0]
    const manifest = readJsonFile<RenderManifest>(path.join(out, MANIFEST))
    for (const entry of [path.relative(out, victim), victim, 'link/precious.txt', 'iam/./x', 'iam\\..\\x']) {
      symlinkSync(outside, path.join(out, 'link'))
      writeFileSync(path.join(out, MANIFEST), JSON.stringify({ ...manifest, files: { ...manifest.files, [entry]: hash } }))
      const result = await render(out)
      expect(result.code).toBe(2)
      expect(result.stderr).not.toMatch(/internal error|\n\s+at /)
      expect(readFileSync(victim, 'utf8')).toBe('keep me\n')
      execFileSync('rm', [path.join(out, 'link')])
    }
  })

  it('writes through an unpredictable temporary name: a link planted at <file>.<pid>.tmp is not followed', async () => {
    const out = temp()
    expect((await render(out)).code).toBe(0)
    const outside = temp()
    const victim = path.join(outside, 'victim.txt')
    writeFileSync(victim, 'untouched\n')
    // Make providers.tf stale so that it is rewritten, and plant the link at the old predictable name.
    const target = path.join(out, 'terraform', 'app-prod', 'providers.tf')
    const manifest = readJsonFile<RenderManifest>(path.join(out, MANIFEST))
    writeFileSync(target, 'old\n')
    manifest.files['terraform/app-prod/providers.tf'] = execFileSync('sha256sum', [target], { encoding: 'utf8' }).split(' ')[0] as string
    writeFileSync(path.join(out, MANIFEST), JSON.stringify(manifest))
    for (let pid = process.pid - 5; pid <= process.pid + 5; pid++) symlinkSync(victim, `${target}.${pid}.tmp`)
    expect((await render(out)).code).toBe(0)
    expect(readFileSync(victim, 'utf8')).toBe('untouched\n')
    expect(readFileSync(target, 'utf8')).toMatch(/provider "aws"/)
    expect(lstatSync(target).isFile()).toBe(true)
    // No temporary file is left behind.
    expect(readdirSync(path.dirname(target)).filter((n) => n.endsWith('.tmp') && !lstatSync(path.join(path.dirname(target), n)).isSymbolicLink())).toEqual([])
  })

  it('refuses a symlink in place of a generated file, or of the manifest', async () => {
    const out = temp()
    const outside = temp()
    mkdirSync(path.join(out, 'spacelift'))
    symlinkSync(path.join(outside, 'integration.tf'), path.join(out, 'spacelift', 'integration.tf'))
    expectRefused(await render(out, '--force'), path.join(out, 'spacelift', 'integration.tf'))
    expect(existsSync(path.join(outside, 'integration.tf'))).toBe(false)

    const second = temp()
    symlinkSync(path.join(outside, 'manifest.json'), path.join(second, MANIFEST))
    expectRefused(await render(second), path.join(second, MANIFEST))
    expect(existsSync(path.join(outside, 'manifest.json'))).toBe(false)
  })

  it('reports a FIFO or a directory where a file goes as exit 2 with the path', async () => {
    const out = temp()
    mkdirSync(path.join(out, 'spacelift'))
    execFileSync('mkfifo', [path.join(out, 'spacelift', 'integration.tf')])
    expectRefused(await render(out, '--force'), /spacelift\/integration\.tf: is not a regular file/)

    const other = temp()
    mkdirSync(path.join(other, 'spacelift', 'integration.tf'), { recursive: true })
    expectRefused(await render(other, '--force'), /spacelift\/integration\.tf: is a directory where a generated file goes/)
  })

  it('reports a file where a directory goes as exit 2 with the path', async () => {
    const out = temp()
    writeFileSync(path.join(out, 'iam'), 'not a directory\n')
    expectRefused(await render(out, '--force'), /iam: is not a directory, but a generated file goes below it/)
    expect(readFileSync(path.join(out, 'iam'), 'utf8')).toBe('not a directory\n')
  })

  // root writes into read-only directories: the case can only be shown as another user.
  ;(process.getuid?.() === 0 ? it.skip : it)('reports a read-only directory as exit 2 with the path', async () => {
    const out = temp()
    mkdirSync(path.join(out, 'iam'))
    chmodSync(path.join(out, 'iam'), 0o555)
    try {
      expectRefused(await render(out), /iam\/\d{12}: cannot create this directory \(EACCES\)/)
    } finally {
      chmodSync(path.join(out, 'iam'), 0o755)
    }
  })
})
