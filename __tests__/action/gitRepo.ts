/** Temporary git repositories with a base and a head commit of accounts.yaml, for the action's tests. */
import { execFileSync } from 'node:child_process'
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'

export function git(cwd: string, ...args: string[]): string {
  return execFileSync('git', args, {
    cwd,
    encoding: 'utf8',
    env: { ...process.env, GIT_AUTHOR_NAME: 't', GIT_AUTHOR_EMAIL: 't@example.com', GIT_COMMITTER_NAME: 't', GIT_COMMITTER_EMAIL: 't@example.com' }
  }).trim()
}

export function commitFiles(cwd: string, files: Record<string, string>, message: string): string {
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(cwd, path)), { recursive: true })
    writeFileSync(join(cwd, path), text)
  }
  git(cwd, 'add', '-A')
  git(cwd, 'commit', '-q', '--allow-empty', '-m', message)
  return git(cwd, 'rev-parse', 'HEAD')
}

export interface PullRequestRepo {
  dir: string
  baseSha: string
  headSha: string
}

/** A repository whose `main` is the base; the head commit is on `feature` (checked out). */
export function pullRequestRepo(base: Record<string, string>, head: Record<string, string>): PullRequestRepo {
  const dir = mkdtempSync(join(tmpdir(), 'stack-accounts-git-'))
  git(dir, 'init', '-q', '-b', 'main')
  const baseSha = commitFiles(dir, { 'README.md': 'infra\n', ...base }, 'base')
  git(dir, 'checkout', '-q', '-b', 'feature')
  const headSha = commitFiles(dir, head, 'head')
  return { dir, baseSha, headSha }
}

/**
 * As pull_request_target sees it: an "origin" holding the PR head only under refs/pull/N/head, and
 * a shallow clone of its base branch where the head commit is missing.
 */
export function baseOnlyCheckout(repo: PullRequestRepo, pullNumber: number): string {
  git(repo.dir, 'update-ref', `refs/pull/${pullNumber}/head`, repo.headSha)
  git(repo.dir, 'checkout', '-q', 'main')
  git(repo.dir, 'branch', '-q', '-D', 'feature')
  const clone = mkdtempSync(join(tmpdir(), 'stack-accounts-clone-'))
  git(clone, 'clone', '-q', '--depth=1', '--branch', 'main', `file://${repo.dir}`, '.')
  return clone
}
