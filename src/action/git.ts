/**
 * Reads accounts.yaml from git as data, never checking it out or running anything from it:
 * `git cat-file` on `<sha>:./<path>` with an argument array (no shell), output bounded at 5 MB.
 * The PR head is fetched first when the checkout lacks it (pull_request_target checks out the base).
 */
import { readRegularFile } from '../common/readRegularFile.js'
import { join } from 'node:path'
import { InputError } from '../common/diagnostics.js'
import { checkRelativePath } from './inputs.js'
import { isFullCommitSha } from '../common/gitSha.js'
import { MAX_CONFIG_BYTES } from '../config/accounts.js'
import { runGit, type GitResult } from '../common/runGit.js'

function git(cwd: string, args: readonly string[]): Promise<GitResult> {
  return runGit(cwd, args, MAX_CONFIG_BYTES + 64 * 1024)
}

function objectName(sha: string, path: string): string {
  if (!(sha === 'HEAD' || isFullCommitSha(sha))) throw new Error(`Not a commit id: ${sha}`)
  return `${sha}:./${checkRelativePath('config', path)}`
}

export async function hasCommit(cwd: string, sha: string): Promise<boolean> {
  return (await git(cwd, ['cat-file', '-e', `${sha}^{commit}`])).code === 0
}

/**
 * The file at `path` in commit `sha`, or null when the commit has no such file. Throws when the
 * commit itself is missing or the file is larger than 5 MB.
 */
export async function readAtCommit(cwd: string, sha: string, path: string): Promise<string | null> {
  const name = objectName(sha, path)
  if (!(await hasCommit(cwd, sha))) throw new Error(`Commit ${sha} is not in the checkout.`)
  const type = await git(cwd, ['cat-file', '-t', name])
  if (type.code !== 0) return null
  if (type.stdout.trim() !== 'blob') throw new InputError(`${path} is not a file at ${sha.slice(0, 12)}.`)
  const size = await git(cwd, ['cat-file', '-s', name])
  if (size.code !== 0) throw new Error(`git cat-file -s ${name}: ${size.stderr.trim()}`)
  if (Number(size.stdout.trim()) > MAX_CONFIG_BYTES) {
    throw new InputError(`${path} is larger than ${MAX_CONFIG_BYTES / 1024 / 1024} MB at ${sha.slice(0, 12)}; refusing to read it.`)
  }
  const blob = await git(cwd, ['cat-file', 'blob', name])
  if (blob.code !== 0) throw new Error(`git cat-file blob ${name}: ${blob.stderr.trim()}`)
  return blob.stdout
}

/** Makes sure the PR head commit is present, fetching it (by id, then by pull/N/head) when not. */
export async function ensureCommit(cwd: string, sha: string, pullNumber: number): Promise<void> {
  if (await hasCommit(cwd, sha)) return
  const attempts = [
    ['fetch', '--no-tags', '--no-recurse-submodules', '--depth=1', 'origin', sha],
    ['fetch', '--no-tags', '--no-recurse-submodules', '--depth=1', 'origin', `+refs/pull/${pullNumber}/head`]
  ]
  const failures: string[] = []
  for (const args of attempts) {
    const result = await git(cwd, args)
    if (result.code === 0 && (await hasCommit(cwd, sha))) return
    failures.push(result.stderr.trim().split('\n').slice(-1)[0] ?? '')
  }
  throw new Error(`Cannot fetch the pull request head ${sha}: ${failures.filter(Boolean).join('; ') || 'not found'}`)
}

export interface ConfigVersions {
  headText: string | null
  /** null when the base has no such file (a new file) or there is no base (push, schedule). */
  baseText: string | null
  hasBase: boolean
}

/** Both sides of a pull request: head (fetched when missing) and base. */
export async function readPullRequestConfigs(cwd: string, path: string, pr: { headSha: string; baseSha: string; number: number }): Promise<ConfigVersions> {
  await ensureCommit(cwd, pr.headSha, pr.number)
  const headText = await readAtCommit(cwd, pr.headSha, path)
  if (!(await hasCommit(cwd, pr.baseSha))) await ensureCommit(cwd, pr.baseSha, pr.number)
  const baseText = await readAtCommit(cwd, pr.baseSha, path)
  return { headText, baseText, hasBase: true }
}

/** The config at the workflow's commit; the working tree file when git cannot give it. */
export async function readRevisionConfig(cwd: string, path: string, sha: string): Promise<ConfigVersions> {
  for (const rev of [sha, 'HEAD']) {
    if ((rev === 'HEAD' || isFullCommitSha(rev)) && (await hasCommit(cwd, rev).catch(() => false))) {
      return { headText: await readAtCommit(cwd, rev, path), baseText: null, hasBase: false }
    }
  }
  const file = join(cwd, checkRelativePath('config', path))
  const reading = readRegularFile(file, MAX_CONFIG_BYTES)
  if (!reading.ok && reading.reason === 'missing') return { headText: null, baseText: null, hasBase: false }
  if (!reading.ok && reading.reason === 'too-large') throw new InputError(`${path} is larger than ${MAX_CONFIG_BYTES / 1024 / 1024} MB; refusing to read it.`)
  if (!reading.ok) throw new InputError(`${path}: ${reading.message}`)
  return { headText: reading.text, baseText: null, hasBase: false }
}

/**
 * Where today's policies come from for the `existing` input: the PR's BASE commit (the head only
 * to list what the PR changes there), or the workflow's commit on push / schedule. Never the
 * working tree, which a pull request controls. Empty (read the directory) only when git has no
 * such commit, outside a pull request.
 */
export async function existingLocation(
  cwd: string,
  path: string,
  event: { kind: 'pull_request'; baseSha: string; headSha: string } | { kind: 'revision'; sha: string } | { kind: string }
): Promise<{ existingGit?: { cwd: string; path: string; baseline: string; head?: string } }> {
  const relative = checkRelativePath('existing', path)
  if (event.kind === 'pull_request' && 'baseSha' in event && 'headSha' in event) {
    // readPullRequestConfigs made sure both commits are present.
    return { existingGit: { cwd, path: relative, baseline: event.baseSha, head: event.headSha } }
  }
  const sha = event.kind === 'revision' && 'sha' in event && isFullCommitSha(event.sha) ? event.sha : null
  for (const rev of sha ? [sha, 'HEAD'] : ['HEAD']) {
    const resolved = await git(cwd, ['rev-parse', '--verify', '--quiet', `${rev}^{commit}`]).catch(() => null)
    const commit = resolved?.code === 0 ? resolved.stdout.trim() : ''
    if (isFullCommitSha(commit)) return { existingGit: { cwd, path: relative, baseline: commit } }
  }
  return {}
}
