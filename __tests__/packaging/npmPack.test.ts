/**
 * The published package: `npm pack` (offline, as a release would) yields a tarball whose `bin`
 * runs from an empty directory with nothing installed: dist/cli/index.js is a self-contained
 * bundle beside dist/policy/plan.wasm, and the package declares no dependency to install.
 * It packs the committed dist/ (rebuild with `npm run bundle` first when the sources changed).
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import { execFileSync, spawnSync } from 'node:child_process'
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'

const ROOT = process.cwd()
let work: string
let packed: { files: { path: string }[]; filename: string }
let bin: string

beforeAll(() => {
  work = mkdtempSync(path.join(tmpdir(), 'sa-pack-'))
  const out = execFileSync('npm', ['pack', '--json', '--pack-destination', work], {
    cwd: ROOT,
    encoding: 'utf8',
    env: { ...process.env, npm_config_offline: 'true', npm_config_audit: 'false', npm_config_fund: 'false', npm_config_update_notifier: 'false' }
  })
  packed = (JSON.parse(out) as (typeof packed)[])[0]!
  const empty = path.join(work, 'empty')
  mkdirSync(empty)
  execFileSync('tar', ['-xzf', path.join(work, packed.filename), '-C', empty])
  bin = path.join(
    empty,
    'package',
    (JSON.parse(readFileSync(path.join(empty, 'package', 'package.json'), 'utf8')) as { bin: Record<string, string> }).bin['stack-accounts']!
  )
}, 120_000)

afterAll(() => {
  if (work) rmSync(work, { recursive: true, force: true })
})

/** Runs the packed bin in a directory holding only what the test copies there, with no node_modules above it. */
function run(cwd: string, ...args: string[]) {
  const result = spawnSync(process.execPath, [bin, ...args], { cwd, encoding: 'utf8', env: { PATH: process.env.PATH ?? '', HOME: cwd } })
  return { code: result.status, stdout: result.stdout, stderr: result.stderr }
}

describe('npm pack', () => {
  it('packs the CLI bundle, the compiled policy, the schema and licences, under the scoped name, with nothing to install', () => {
    const manifest = JSON.parse(readFileSync(path.join(path.dirname(path.dirname(path.dirname(bin))), 'package.json'), 'utf8')) as Record<string, unknown>
    expect(manifest.name).toBe('@stack-accounts/cli')
    expect(manifest.private).toBeUndefined()
    expect(manifest.dependencies).toBeUndefined()
    expect(packed.filename).toMatch(/^stack-accounts-cli-\d+\.\d+\.\d+\.tgz$/)
    const files = packed.files.map((f) => f.path).sort()
    expect(files).toEqual(
      expect.arrayContaining([
        'dist/cli/index.js',
        'dist/cli/package.json',
        'dist/policy/plan.wasm',
        'dist/licenses.txt',
        'schema/accounts.schema.json',
        'LICENSE',
        'README.md'
      ])
    )
    // Not the action's bundle, the sources or the tests.
    expect(files.filter((f) => f.startsWith('src/') || f.startsWith('__tests__/') || f === 'dist/index.js')).toEqual([])
  })

  it('runs validate, render and check-plan from an empty directory', () => {
    const dir = path.join(work, 'project')
    mkdirSync(dir)
    copyFileSync(path.join(ROOT, 'examples/acme/accounts.yaml'), path.join(dir, 'accounts.yaml'))
    copyFileSync(path.join(ROOT, 'examples/acme/plans/app-prod.plan.json'), path.join(dir, 'plan.json'))
    const version = run(dir, '--version')
    expect([version.code, version.stdout.trim()]).toEqual([
      0,
      (JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { version: string }).version
    ])
    expect(run(dir, 'validate')).toMatchObject({ code: 0, stderr: '' })
    expect(run(dir, 'render', '--out', 'generated')).toMatchObject({ code: 0 })
    expect(readdirSync(path.join(dir, 'generated')).sort()).toEqual(expect.arrayContaining(['iam', 'spacelift', 'terraform']))
    const plan = run(dir, 'check-plan', '--plan', 'plan.json', '--stack', 'app-prod', '--format', 'json')
    expect(plan.stderr).toBe('')
    expect(JSON.parse(plan.stdout)).toEqual({ deny: expect.any(Array), warn: expect.any(Array) })
  })
})
