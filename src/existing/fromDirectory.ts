/**
 * `diff --existing DIR`: the trust policies that exist today, saved as files (CONTRACT §3).
 *
 *   DIR/<account_id>/<role_name>.json or DIR/<account_id>/<role_name>.trust.json   trust policy
 *   DIR/<hub_id>/<hub_role_name>.permissions.json                                  hub permission policy
 *
 * A missing file means the role does not exist yet. DIR usually comes from the pull request under
 * review, so its content is treated as hostile: each account directory is listed once, files are
 * opened without following symlinks unless the link resolves inside DIR, each file is bounded in
 * size, and reads run with bounded concurrency. A broken file is reported for its role; the other
 * roles still load.
 */
import { readdirSync, type Dirent } from 'node:fs'
import { readRegularFile } from '../common/readRegularFile.js'
import { readdir, realpath } from 'node:fs/promises'
import path from 'node:path'
import { InputError } from '../common/diagnostics.js'
import { MAX_POLICY_FILE_BYTES } from '../iamDocument/read.js'
import { ACCOUNT_DIR, assembleExisting, type EntryKind, type ReadResult, type TreeEntry, type TreeReader } from './assemble.js'
import type { ExistingSet, RoleKey } from './existingPolicies.js'
import { errnoCode } from '../common/errno.js'

export { MAX_POLICY_FILE_BYTES }
const READ_CONCURRENCY = 16

export interface DirectoryReadOptions {
  /** Defaults to MAX_POLICY_FILE_BYTES. */
  maxFileBytes?: number
  concurrency?: number
}

function kindOf(dirent: Dirent): EntryKind {
  return dirent.isFile() ? 'file' : dirent.isDirectory() ? 'directory' : dirent.isSymbolicLink() ? 'symlink' : 'other'
}

export async function readExistingFromDirectory(dir: string, roles: RoleKey[], options: DirectoryReadOptions = {}): Promise<ExistingSet> {
  const maxBytes = options.maxFileBytes ?? MAX_POLICY_FILE_BYTES
  const root = await resolveRoot(dir)
  const reader = new SafeReader(dir, root, maxBytes)

  const topLevel = await readdir(root, { withFileTypes: true })
  const accountDirs = new Map<string, Map<string, TreeEntry>>()
  const unexpected: string[] = []
  const listings = topLevel
    .filter((d) => !d.name.startsWith('.'))
    .map(async (d) => {
      if (ACCOUNT_DIR.test(d.name) && (await reader.isDirectoryInside(d))) {
        // Synchronous, as the reads below: see SafeReader.readText.
        let entries: Dirent[]
        try {
          entries = readdirSync(path.join(root, d.name), { withFileTypes: true })
        } catch (e) {
          const code = errnoCode(e)
          throw new InputError([
            { severity: 'error', file: path.join(dir, d.name), path: '', line: 1, column: 1, message: `cannot list this directory (${code})` }
          ])
        }
        accountDirs.set(d.name, new Map(entries.map((e) => [e.name, { relative: `${d.name}/${e.name}`, name: e.name, kind: kindOf(e) }])))
      } else {
        unexpected.push(d.isDirectory() ? `${d.name}/` : d.name)
      }
    })
  await Promise.all(listings)
  return assembleExisting({ accountDirs, unexpected }, roles, reader, options.concurrency ?? READ_CONCURRENCY)
}

async function resolveRoot(dir: string): Promise<string> {
  try {
    const root = await realpath(dir)
    await readdir(root)
    return root
  } catch (e) {
    const code = errnoCode(e)
    const why = code === 'ENOENT' ? 'does not exist' : code === 'ENOTDIR' ? 'is not a directory' : `cannot be read (${code})`
    throw new InputError([{ severity: 'error', file: dir, path: '', line: 1, column: 1, message: `the existing-policies directory ${why}` }])
  }
}

/** Reads files below one root, refusing links that lead out of it, special files and oversized files. */
class SafeReader implements TreeReader {
  constructor(
    private readonly given: string,
    private readonly root: string,
    private readonly maxBytes: number
  ) {}

  displayPath(relative: string): string {
    return path.join(this.given, ...relative.split('/'))
  }

  async isDirectoryInside(dirent: Dirent): Promise<boolean> {
    if (dirent.isDirectory()) return true
    if (!dirent.isSymbolicLink()) return false
    const target = await this.insideTarget(dirent.name)
    return (
      target !== null &&
      (await readdir(target).then(
        () => true,
        () => false
      ))
    )
  }

  async readText(entry: TreeEntry): Promise<ReadResult> {
    let target = path.join(this.root, ...entry.relative.split('/'))
    if (entry.kind === 'symlink') {
      const inside = await this.insideTarget(entry.relative)
      if (inside === null) return { ok: false, message: 'the file is a symbolic link that leads outside the directory; refused' }
      target = inside
    } else if (entry.kind !== 'file') {
      return { ok: false, message: 'the file is not a regular file; refused' }
    }
    // Synchronous calls: one read of a small local file costs less than the thread-pool round trip
    // of its asynchronous form, and an organisation has thousands of them (five round trips a file
    // made `diff` at 5,000 accounts spend more time here than reading and parsing everything
    // else; see BENCHMARKS.md).
    const reading = readRegularFile(target, this.maxBytes, { noFollow: true })
    if (reading.ok) return reading
    if (reading.reason === 'not-regular') return { ok: false, message: 'the file is not a regular file; refused' }
    if (reading.reason === 'too-large') return { ok: false, message: tooBig(reading.size, this.maxBytes) }
    if (reading.reason === 'missing') return { ok: false, message: 'the file cannot be read (ENOENT)' }
    return { ok: false, message: reading.message }
  }

  /** The real path of a link below the root when it stays inside the root; null otherwise. */
  private async insideTarget(relative: string): Promise<string | null> {
    try {
      const real = await realpath(path.join(this.root, ...relative.split('/')))
      const fromRoot = path.relative(this.root, real)
      if (fromRoot === '' || fromRoot.startsWith('..') || path.isAbsolute(fromRoot)) return null
      return real
    } catch {
      return null
    }
  }
}

function tooBig(size: number, max: number): string {
  return `the file is ${size} bytes, larger than the ${max}-byte limit for a policy file (IAM trust policies are at most 4,096 characters); refused`
}
