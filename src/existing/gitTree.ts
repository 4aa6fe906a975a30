/**
 * Reading a commit's files from git as data: `git ls-tree` / `git cat-file`, run through execFile
 * with an argument array (no shell, nothing from the repository is executed), output bounded.
 * Paths are relative to the working directory git runs in and may not climb out of it ("..").
 */
import { spawn } from 'node:child_process'
import { InputError } from '../common/diagnostics.js'
import type { EntryKind } from './assemble.js'
import { isFullCommitSha } from '../common/gitSha.js'
import { GIT_ENV, runGit } from '../common/runGit.js'

/** A listing of tens of thousands of files fits; anything beyond is refused, not truncated. */
export const MAX_LISTING_BYTES = 64 * 1024 * 1024

/** A path inside the repository, relative to cwd, as git's `<rev>:./<path>` syntax wants it. */
export function treePath(path: string): string {
  const normalised = path
    .replace(/\\/g, '/')
    .replace(/^(\.\/)+/, '')
    .replace(/\/+$/, '')
  if (normalised.startsWith('/') || /^[A-Za-z]:/.test(normalised) || normalised.split('/').includes('..') || /[\0\n\r]/.test(normalised)) {
    throw new InputError(`${path}: must be a path inside the repository (relative, without "..")`)
  }
  return normalised === '' || normalised === '.' ? '../git/' : `./${normalised}`
}

/** The full commit id a revision names (a branch, tag, sha, HEAD~1 ...); an InputError when there is none. */
export async function resolveCommit(cwd: string, rev: string): Promise<string> {
  if (rev === '' || rev.startsWith('-') || /[\0\s]/.test(rev)) throw new InputError(`--existing-ref ${JSON.stringify(rev)}: not a git revision`)
  const result = await runGit(cwd, ['rev-parse', '--verify', '--quiet', `${rev}^{commit}`])
  const sha = result.stdout.trim()
  if (result.code !== 0 || !isFullCommitSha(sha)) throw new InputError(`--existing-ref ${rev}: no such commit in the git repository at ${cwd}`)
  return sha
}

export interface GitTreeEntry {
  /** Relative to the listed directory, "/" separated. */
  path: string
  kind: EntryKind
  oid: string
  /** Bytes, for blobs; 0 otherwise. */
  size: number
}

function kindOfMode(mode: string): EntryKind {
  if (mode === '100644' || mode === '100755') return 'file'
  if (mode === '040000') return 'directory'
  if (mode === '120000') return 'symlink'
  return 'other'
}

/**
 * Every entry below `path` at `commit` (recursively, directories included); null when the commit has
 * no such path. An InputError when the path is a file, or the commit is missing.
 */
export async function gitTree(cwd: string, commit: string, path: string): Promise<GitTreeEntry[] | null> {
  if (!isFullCommitSha(commit)) throw new InputError(`not a commit id: ${commit}`)
  const present = await runGit(cwd, ['cat-file', '-e', `${commit}^{commit}`])
  if (present.code !== 0) throw new InputError(`commit ${commit} is not in the git repository at ${cwd}`)
  const name = `${commit}:${treePath(path)}`
  const type = await runGit(cwd, ['cat-file', '-t', name])
  if (type.code !== 0) return null
  if (type.stdout.trim() !== 'tree') throw new InputError(`${path} is not a directory at ${commit.slice(0, 12)}`)
  const listing = await runGit(cwd, ['ls-tree', '-r', '-t', '-z', '-l', '--full-tree', name], MAX_LISTING_BYTES).catch((e: unknown) => {
    throw new InputError(`${path} at ${commit.slice(0, 12)} cannot be listed: ${e instanceof Error ? e.message : String(e)}`)
  })
  if (listing.code !== 0) throw new InputError(`${path} at ${commit.slice(0, 12)} cannot be listed: ${listing.stderr.trim()}`)
  const entries: GitTreeEntry[] = []
  for (const record of listing.stdout.split('\0')) {
    if (record === '') continue
    const tab = record.indexOf('\t')
    const [mode = '', , oid = '', size = '-'] = record.slice(0, tab).split(/ +/)
    entries.push({ path: record.slice(tab + 1), kind: kindOfMode(mode), oid, size: size === '-' ? 0 : Number(size) })
  }
  return entries
}

/** The contents of the given blobs, by object id, read in one `git cat-file --batch`. */
export function readBlobs(cwd: string, oids: readonly string[]): Promise<Map<string, Buffer>> {
  const wanted = [...new Set(oids)].filter((o) => isFullCommitSha(o))
  if (wanted.length === 0) return Promise.resolve(new Map<string, Buffer>())
  return new Promise((resolve, reject) => {
    const child = spawn('git', ['cat-file', '--batch'], { cwd, env: { ...process.env, ...GIT_ENV }, windowsHide: true, stdio: ['pipe', 'pipe', 'ignore'] })
    const chunks: Buffer[] = []
    child.stdout.on('data', (d: Buffer) => chunks.push(d))
    child.on('error', (e) => reject(new InputError(`git cat-file failed: ${e.message}`)))
    child.on('close', () => {
      const out = Buffer.concat(chunks)
      const blobs = new Map<string, Buffer>()
      let at = 0
      while (at < out.length) {
        const eol = out.indexOf(0x0a, at)
        if (eol < 0) break
        const [oid = '', type = '', size = ''] = out.subarray(at, eol).toString('utf8').split(' ')
        at = eol + 1
        if (type === 'missing' || size === '') continue
        const length = Number(size)
        if (type === 'blob') blobs.set(oid, out.subarray(at, at + length))
        at += length + 1
      }
      resolve(blobs)
    })
    child.stdin.on('error', () => undefined)
    child.stdin.end(wanted.join('\n') + '\n')
  })
}
