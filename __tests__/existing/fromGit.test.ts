/**
 * Today's policies as a git commit holds them (the action's baseline, `diff --existing-ref`): read
 * from git as data, never from the working tree, and what a PR changes there compared base -> head.
 * Real git repositories in temporary directories.
 */
import { describe, expect, it } from '@jest/globals'
import { cpSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { existingEdits } from '../../src/diff/existingEdits.js'
import { readExistingFromGit } from '../../src/existing/fromGit.js'
import { roleKeyString, type RoleKey } from '../../src/existing/existingPolicies.js'
import { cliIn } from '../support/cli.js'
import { parseJsonOutput, type DiffReport } from '../support/jsonOutput.js'
import { commitFiles, git } from '../action/gitRepo.js'

const EXAMPLE = path.resolve('examples/acme')
const target = (accountId: string, name = 'spacelift-target'): RoleKey => ({ kind: 'target', accountId, role: { path: '/spacelift/', name } })
const OPEN_TRUST = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { AWS: '*' }, Action: 'sts:AssumeRole' }] }
const json = (value: unknown): string => `${JSON.stringify(value, null, 2)}\n`

/** A repository whose first commit holds the example's accounts.yaml and existing policies under infra/iam. */
function exampleRepo(): { dir: string; base: string } {
  const dir = mkdtempSync(path.join(tmpdir(), 'sa-git-existing-'))
  git(dir, 'init', '-q', '-b', 'main')
  mkdirSync(path.join(dir, 'infra'))
  cpSync(path.join(EXAMPLE, 'existing'), path.join(dir, 'infra', 'iam'), { recursive: true })
  cpSync(path.join(EXAMPLE, 'accounts.yaml'), path.join(dir, 'infra', 'accounts.yaml'))
  const base = commitFiles(dir, {}, 'base')
  return { dir, base }
}

describe('readExistingFromGit', () => {
  it('reads the directory as the commit holds it, not as the working tree has it', async () => {
    const { dir, base } = exampleRepo()
    writeFileSync(path.join(dir, 'infra/iam/333333333333/spacelift-target.json'), json(OPEN_TRUST))
    const set = await readExistingFromGit({ cwd: path.join(dir, 'infra'), commit: base, path: 'iam' }, [target('333333333333'), target('999999999999')])
    const role = set.roles.get(roleKeyString('333333333333', 'spacelift-target'))
    expect(JSON.stringify(role?.trustPolicy)).toContain('spacelift-hub')
    expect(JSON.stringify(role?.trustPolicy)).not.toContain('"*"')
    expect(role?.source).toBe(`iam/333333333333/spacelift-target.json at ${base.slice(0, 12)}`)
    expect(set.roles.get(roleKeyString('999999999999', 'spacelift-target'))?.trustPolicy).toBeNull()
    expect(set.unexpectedFiles).toContain('444444444444/spacelift-target.json')
    expect(set.errors).toEqual([])
  })

  it('refuses a symbolic link committed in place of a policy, for its role only', async () => {
    const { dir } = exampleRepo()
    rmSync(path.join(dir, 'infra/iam/333333333333/spacelift-target.json'))
    symlinkSync('/etc/passwd', path.join(dir, 'infra/iam/333333333333/spacelift-target.json'))
    const commit = commitFiles(dir, {}, 'link')
    const set = await readExistingFromGit({ cwd: dir, commit, path: 'infra/iam' }, [target('333333333333'), target('444444444444')])
    expect(set.roles.get(roleKeyString('333333333333', 'spacelift-target'))?.error).toMatch(/symbolic link in git; refused/)
    expect(set.roles.get(roleKeyString('444444444444', 'spacelift-target'))?.trustPolicy).not.toBeNull()
  })

  it('says so, and compares every role with nothing, when the commit has no such directory', async () => {
    const { dir, base } = exampleRepo()
    const set = await readExistingFromGit({ cwd: dir, commit: base, path: 'nowhere' }, [target('333333333333')])
    expect(set.roles.get(roleKeyString('333333333333', 'spacelift-target'))?.trustPolicy).toBeNull()
    expect(set.errors).toEqual([expect.objectContaining({ severity: 'warning', message: expect.stringMatching(/no such directory at/) })])
  })
})

describe('existingEdits', () => {
  it('compares what the PR changes under the directory base -> head with the trust engine', async () => {
    const { dir, base } = exampleRepo()
    const head = commitFiles(
      dir,
      {
        'infra/iam/333333333333/spacelift-target.json': json(OPEN_TRUST),
        'infra/iam/777777777777/spacelift-target.json': json(OPEN_TRUST),
        'infra/iam/notes.txt': 'hello\n'
      },
      'head'
    )
    const edits = await existingEdits(path.join(dir, 'infra'), 'iam', base, head)
    expect(edits?.widens).toBe(true)
    const byFile = new Map(edits?.files.map((f) => [f.file, f]))
    expect(byFile.get('iam/333333333333/spacelift-target.json')).toMatchObject({ status: 'modified', policy: 'trust', widens: true })
    expect(byFile.get('iam/777777777777/spacelift-target.json')).toMatchObject({ status: 'added', widens: true })
    // Only account directories hold policies: a top-level file is not listed as an edit.
    expect(byFile.has('iam/notes.txt')).toBe(false)
  })

  it('does not call a narrowing edit or a deletion widening, and a malformed head file widens', async () => {
    const { dir, base } = exampleRepo()
    const narrower = commitFiles(dir, { 'infra/iam/666666666666/spacelift-target.json': json({ Version: '2012-10-17', Statement: [] }) }, 'narrow')
    rmSync(path.join(dir, 'infra/iam/444444444444/spacelift-target.json'))
    const head = commitFiles(dir, {}, 'delete')
    const edits = await existingEdits(dir, 'infra/iam', base, head)
    expect(edits?.files.map((f) => [f.file, f.status, f.widens])).toEqual([
      ['infra/iam/444444444444/spacelift-target.json', 'removed', false],
      ['infra/iam/666666666666/spacelift-target.json', 'modified', false]
    ])
    const broken = commitFiles(
      dir,
      { 'infra/iam/111111111111/spacelift-hub.permissions.json': json({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 5, Resource: '*' }] }) },
      'broken'
    )
    const brokenEdits = await existingEdits(dir, 'infra/iam', narrower, broken)
    expect(brokenEdits?.files[0]).toMatchObject({
      policy: 'permissions',
      widens: true,
      changes: [expect.objectContaining({ kind: 'unreadable', detail: expect.stringMatching(/Statement\[0\]\.Action/) })]
    })
  })
})

describe('existingEdits when the PR replaces the directory', () => {
  it('widens when the head has a link or a file where the directory was', async () => {
    const { dir, base } = exampleRepo()
    rmSync(path.join(dir, 'infra/iam'), { recursive: true })
    symlinkSync('/etc', path.join(dir, 'infra/iam'))
    const head = commitFiles(dir, {}, 'link')
    const edits = await existingEdits(dir, 'infra/iam', base, head)
    expect(edits).toMatchObject({ widens: true, files: [{ file: 'infra/iam', widens: true, changes: [{ kind: 'unreadable' }] }] })
  })
})

describe('diff --existing DIR --existing-ref REF', () => {
  it('reads DIR at the revision: a rewritten working tree cannot hide a widening', async () => {
    const { dir } = exampleRepo()
    const cwd = path.join(dir, 'infra')
    const generated = mkdtempSync(path.join(tmpdir(), 'sa-render-'))
    expect((await cliIn(cwd, 'render', '--config', path.join(cwd, 'accounts.yaml'), '--out', generated)).code).toBe(0)
    // The working tree's iam/ now says today's policies are exactly what accounts.yaml wants.
    rmSync(path.join(cwd, 'iam'), { recursive: true })
    cpSync(path.join(generated, 'iam'), path.join(cwd, 'iam'), { recursive: true })
    const fromTree = await cliIn(
      cwd,
      'diff',
      '--config',
      path.join(cwd, 'accounts.yaml'),
      '--existing',
      path.join(cwd, 'iam'),
      '--format',
      'json',
      '--fail-on',
      'widening'
    )
    expect(parseJsonOutput<DiffReport>(fromTree.stdout).summary.widening).toBe(0)
    const fromRef = await cliIn(
      cwd,
      'diff',
      '--config',
      path.join(cwd, 'accounts.yaml'),
      '--existing',
      'iam',
      '--existing-ref',
      'main',
      '--format',
      'json',
      '--fail-on',
      'widening'
    )
    expect(fromRef.code).toBe(1)
    const report = parseJsonOutput<DiffReport>(fromRef.stdout)
    expect(report.summary.widening).toBeGreaterThan(0)
    expect(report.roles.find((r) => r.account_id === '333333333333')?.source).toMatch(/^iam\/333333333333\/spacelift-target\.json at [0-9a-f]{12}$/)
  })

  it('refuses a revision that is not one, an option-like one, a path outside the repository, and a ref without --existing', async () => {
    const { dir } = exampleRepo()
    const cases: [string[], RegExp][] = [
      [['--existing', 'infra/iam', '--existing-ref', 'no-such-branch'], /no such commit/],
      [['--existing', 'infra/iam', '--existing-ref=--output=/tmp/x'], /not a git revision/],
      [['--existing', '../iam', '--existing-ref', 'main'], /inside the git repository/],
      [['--existing-ref', 'main'], /goes with --existing/]
    ]
    for (const [args, message] of cases) {
      const result = await cliIn(dir, 'diff', '--config', path.join(dir, 'infra/accounts.yaml'), ...args)
      expect(result.code).toBe(2)
      expect(result.stderr).toMatch(message)
      expect(result.stderr).not.toMatch(/\n\s+at /)
    }
  })
})
