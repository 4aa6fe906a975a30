/**
 * Today's policies as a git commit holds them (the action's baseline: the pull request's BASE
 * commit; the CLI's `diff --existing DIR --existing-ref REF`). Read from git as data, never from
 * the working tree the pull request may have rewritten: `git ls-tree` lists the directory at the
 * commit, `git cat-file --batch` reads the blobs; both through execFile with an argument array (no
 * shell), output bounded. Symbolic links and submodules in the tree are refused for their role,
 * as special files are on disk.
 */
import { assembleExisting, ACCOUNT_DIR, type ReadResult, type TreeEntry, type TreeListing, type TreeReader } from './assemble.js'
import { MAX_POLICY_FILE_BYTES } from '../iamDocument/read.js'
import { gitTree, readBlobs, type GitTreeEntry } from './gitTree.js'
import type { ExistingSet, RoleKey } from './existingPolicies.js'

export interface GitTreeLocation {
  /** A directory inside the repository; git runs there and `path` is relative to it. */
  cwd: string
  /** A full commit id (resolved beforehand). */
  commit: string
  /** The directory of policies, relative to cwd, without "..". */
  path: string
}

export interface GitListing extends TreeListing {
  entries: Map<string, GitTreeEntry>
  /** False when the commit has no such directory. */
  exists: boolean
}

/** The directory at the commit, as account directories and their entries (depth 2); deeper levels are one entry. */
export async function listGitTree(location: GitTreeLocation): Promise<GitListing> {
  const tree = await gitTree(location.cwd, location.commit, location.path)
  const accountDirs = new Map<string, Map<string, TreeEntry>>()
  const unexpected: string[] = []
  const entries = new Map<string, GitTreeEntry>()
  if (tree === null) return { accountDirs, unexpected, entries, exists: false }
  for (const entry of tree) {
    const parts = entry.path.split('/')
    if (parts.length === 1) {
      const name = parts[0] as string
      if (name.startsWith('.')) continue
      if (entry.kind === 'directory' && ACCOUNT_DIR.test(name)) {
        if (!accountDirs.has(name)) accountDirs.set(name, new Map())
      } else {
        unexpected.push(entry.kind === 'directory' ? `${name}/` : name)
      }
    } else if (parts.length === 2) {
      const [dir, name] = parts as [string, string]
      if (!ACCOUNT_DIR.test(dir)) continue
      entries.set(entry.path, entry)
      let listing = accountDirs.get(dir)
      if (!listing) accountDirs.set(dir, (listing = new Map<string, TreeEntry>()))
      listing.set(name, { relative: entry.path, name, kind: entry.kind })
    }
  }
  return { accountDirs, unexpected, entries, exists: true }
}

/**
 * What one reader takes from git in all: a pull request may add thousands of files of a megabyte
 * each; past this, further files are refused (and so cannot be shown not to widen).
 */
export const MAX_TOTAL_BLOB_BYTES = 256 * 1024 * 1024

/** Reads blobs of one listed commit tree, bounded in size, all at once through `git cat-file --batch`. */
export class GitTreeReader implements TreeReader {
  private readonly texts = new Map<string, ReadResult>()
  private budget = MAX_TOTAL_BLOB_BYTES
  constructor(
    private readonly location: GitTreeLocation,
    private readonly entries: Map<string, GitTreeEntry>,
    private readonly maxBytes = MAX_POLICY_FILE_BYTES
  ) {}

  displayPath(relative: string): string {
    return `${this.location.path.replace(/\/+$/, '')}/${relative} at ${this.location.commit.slice(0, 12)}`
  }

  async prefetch(wanted: readonly TreeEntry[]): Promise<void> {
    const blobs: GitTreeEntry[] = []
    for (const e of wanted) {
      const entry = this.entries.get(e.relative)
      if (!entry || this.texts.has(e.relative)) continue
      const refused =
        refusal(entry, this.maxBytes) ??
        (entry.size > this.budget ? `more than ${MAX_TOTAL_BLOB_BYTES / 1024 / 1024} MB of policy files to read; refused` : null)
      if (refused) {
        this.texts.set(e.relative, { ok: false, message: refused })
        continue
      }
      this.budget -= entry.size
      blobs.push(entry)
    }
    const contents = await readBlobs(
      this.location.cwd,
      blobs.map((b) => b.oid)
    )
    for (const entry of blobs) {
      const bytes = contents.get(entry.oid)
      if (bytes === undefined) {
        this.texts.set(entry.path, { ok: false, message: 'git cannot read this file' })
        continue
      }
      try {
        this.texts.set(entry.path, { ok: true, text: new TextDecoder('utf-8', { fatal: true }).decode(bytes) })
      } catch {
        this.texts.set(entry.path, { ok: false, message: 'the file is not valid UTF-8 text' })
      }
    }
  }

  async readText(entry: TreeEntry): Promise<ReadResult> {
    if (!this.texts.has(entry.relative)) await this.prefetch([entry])
    return this.texts.get(entry.relative) ?? { ok: false, message: 'git cannot read this file' }
  }
}

function refusal(entry: GitTreeEntry, maxBytes: number): string | null {
  if (entry.kind === 'symlink') return 'the file is a symbolic link in git; refused'
  if (entry.kind !== 'file') return 'the entry is not a regular file in git; refused'
  if (entry.size > maxBytes) {
    return `the file is ${entry.size} bytes, larger than the ${maxBytes}-byte limit for a policy file (IAM trust policies are at most 4,096 characters); refused`
  }
  return null
}

export async function readExistingFromGit(location: GitTreeLocation, roles: RoleKey[]): Promise<ExistingSet> {
  const listing = await listGitTree(location)
  const reader = new GitTreeReader(location, listing.entries)
  const set = await assembleExisting(listing, roles, reader, 16)
  if (!listing.exists) {
    set.errors.push({
      severity: 'warning',
      file: location.path,
      path: '',
      line: 1,
      column: 1,
      message: `there is no such directory at ${location.commit.slice(0, 12)}: every role is compared with nothing (to be created)`
    })
  }
  return set
}
