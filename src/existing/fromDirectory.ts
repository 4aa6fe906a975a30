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
import { readRegularFile } from '../readRegularFile.js'
import { readdir, realpath } from 'node:fs/promises'
import path from 'node:path'
import type { Diagnostic } from '../diagnostics.js'
import { formatDiagnostic, InputError } from '../diagnostics.js'
import { compareStrings } from '../compareStrings.js'
import { mapWithConcurrency } from './concurrency.js'
import { extractPermissionPolicy, extractTrustPolicy, MAX_POLICY_FILE_BYTES, type Extracted } from '../policy/policyJson.js'
import {
  compareDiagnostics,
  roleKeyString,
  type ExistingRole,
  type ExistingSet,
  type RoleKey,
  uniqueRoles
} from './types.js'

export { MAX_POLICY_FILE_BYTES }
const READ_CONCURRENCY = 16
const ACCOUNT_DIR = /^\d{12}$/

export interface DirectoryReadOptions {
  /** Defaults to MAX_POLICY_FILE_BYTES. */
  maxFileBytes?: number
  concurrency?: number
}

/** One directory entry, as listed: its name relative to DIR and whether it is a file, directory or link. */
interface Entry {
  relative: string
  dirent: Dirent
}

export async function readExistingFromDirectory(
  dir: string,
  roles: RoleKey[],
  options: DirectoryReadOptions = {}
): Promise<ExistingSet> {
  const maxBytes = options.maxFileBytes ?? MAX_POLICY_FILE_BYTES
  const root = await resolveRoot(dir)
  const reader = new SafeReader(dir, root, maxBytes)

  const topLevel = await readdir(root, { withFileTypes: true })
  const accountDirs = new Map<string, Map<string, Entry>>()
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
          const code = (e as NodeJS.ErrnoException).code ?? String(e)
          throw new InputError([
            { severity: 'error', file: path.join(dir, d.name), path: '', line: 1, column: 1, message: `cannot list this directory (${code})` }
          ])
        }
        accountDirs.set(d.name, new Map(entries.map((e) => [e.name, { relative: `${d.name}/${e.name}`, dirent: e }])))
      } else {
        unexpected.push(d.isDirectory() ? `${d.name}/` : d.name)
      }
    })
  await Promise.all(listings)

  const consumed = new Set<string>()
  const errors: Diagnostic[] = []
  const tasks = uniqueRoles(roles).map((key) => ({ key, files: filesOfRole(key, accountDirs) }))
  for (const task of tasks) for (const f of Object.values(task.files)) if (f) consumed.add(f.relative)

  const loaded = await mapWithConcurrency(tasks, options.concurrency ?? READ_CONCURRENCY, async (task) => {
    const result = await loadRole(task.key, task.files, reader)
    errors.push(...result.diagnostics)
    return result.role
  })

  for (const entries of accountDirs.values()) {
    for (const e of entries.values()) {
      if (consumed.has(e.relative) || e.dirent.name.startsWith('.')) continue
      unexpected.push(e.dirent.isDirectory() ? `${e.relative}/` : e.relative)
    }
  }

  const rolesByKey = new Map<string, ExistingRole>()
  for (const role of loaded) rolesByKey.set(roleKeyString(role.key.accountId, role.key.role.name), role)
  return {
    roles: rolesByKey,
    unexpectedFiles: unexpected.sort(compareStrings),
    errors: errors.sort(compareDiagnostics)
  }
}

async function resolveRoot(dir: string): Promise<string> {
  try {
    const root = await realpath(dir)
    await readdir(root)
    return root
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code
    const why = code === 'ENOENT' ? 'does not exist' : code === 'ENOTDIR' ? 'is not a directory' : `cannot be read (${code ?? String(e)})`
    throw new InputError([
      { severity: 'error', file: dir, path: '', line: 1, column: 1, message: `the existing-policies directory ${why}` }
    ])
  }
}

interface RoleFiles {
  plain?: Entry
  trust?: Entry
  permissions?: Entry
}

function filesOfRole(key: RoleKey, accountDirs: Map<string, Map<string, Entry>>): RoleFiles {
  const entries = accountDirs.get(key.accountId)
  const find = (name: string): Entry | undefined => entries?.get(name)
  const files: RoleFiles = {}
  const plain = find(`${key.role.name}.json`)
  const trust = find(`${key.role.name}.trust.json`)
  if (plain) files.plain = plain
  if (trust) files.trust = trust
  if (key.kind === 'hub') {
    const permissions = find(`${key.role.name}.permissions.json`)
    if (permissions) files.permissions = permissions
  }
  return files
}

async function loadRole(
  key: RoleKey,
  files: RoleFiles,
  reader: SafeReader
): Promise<{ role: ExistingRole; diagnostics: Diagnostic[] }> {
  const diagnostics: Diagnostic[] = []
  const role: ExistingRole = { key, trustPolicy: null, source: null }
  const failed = (d: Diagnostic): void => {
    diagnostics.push(d)
    const message = formatDiagnostic(d)
    role.error = role.error ? `${role.error}; ${message}` : message
    ;(role.errorDiagnostics ??= []).push(d)
  }

  const candidates = [files.trust, files.plain].filter((f): f is Entry => f !== undefined)
  const trusts = await Promise.all(candidates.map((f) => readPolicy(f, reader, extractTrustPolicy)))
  for (const t of trusts) {
    if (!t.ok) failed(t.diagnostic)
  }
  const good = trusts.filter((t): t is LoadedPolicy => t.ok)
  if (!role.error && good.length === 2 && !jsonEqual(good[0]?.document, good[1]?.document)) {
    const [a, b] = good as [LoadedPolicy, LoadedPolicy]
    failed(diagnostic(b.file, `both ${b.file} and ${a.file} exist and hold different policies for role ${key.role.name}; keep one`))
  } else if (!role.error && good[0]) {
    role.trustPolicy = good[0].document
    role.source = good[0].file
    if (good[0].rolePath !== undefined && good[0].rolePath !== key.role.path) {
      diagnostics.push({
        ...diagnostic(good[0].file, `role ${key.role.name} exists with path ${good[0].rolePath}, accounts.yaml declares ${key.role.path}`, 'Role.Path'),
        severity: 'warning'
      })
    }
  }

  if (key.kind === 'hub') {
    if (files.permissions) {
      const p = await readPolicy(files.permissions, reader, extractPermissionPolicy)
      if (p.ok) {
        role.permissionPolicy = p.document
      } else {
        failed(p.diagnostic)
      }
    } else {
      role.permissionPolicy = null
    }
  }
  return { role, diagnostics }
}

type LoadedPolicy = { ok: true; file: string; document: Record<string, unknown>; rolePath?: string }

async function readPolicy(
  entry: Entry,
  reader: SafeReader,
  extract: (text: string) => Extracted
): Promise<LoadedPolicy | { ok: false; diagnostic: Diagnostic }> {
  const file = reader.displayPath(entry.relative)
  const read = await reader.readText(entry)
  if (!read.ok) return { ok: false, diagnostic: diagnostic(file, read.message) }
  const result = extract(read.text)
  if (!result.ok) {
    const d = diagnostic(file, result.message, result.path)
    if (result.syntax) {
      d.line = result.syntax.line
      d.column = result.syntax.column
    }
    return { ok: false, diagnostic: d }
  }
  return result.rolePath === undefined
    ? { ok: true, file, document: result.document }
    : { ok: true, file, document: result.document, rolePath: result.rolePath }
}

function diagnostic(file: string, message: string, at = ''): Diagnostic {
  return { severity: 'error', file, path: at, line: 1, column: 1, message }
}

/** Reads files below one root, refusing links that lead out of it, special files and oversized files. */
class SafeReader {
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
    return target !== null && (await readdir(target).then(() => true, () => false))
  }

  async readText(entry: Entry): Promise<{ ok: true; text: string } | { ok: false; message: string }> {
    let target = path.join(this.root, ...entry.relative.split('/'))
    if (entry.dirent.isSymbolicLink()) {
      const inside = await this.insideTarget(entry.relative)
      if (inside === null) return { ok: false, message: 'the file is a symbolic link that leads outside the directory; refused' }
      target = inside
    } else if (!entry.dirent.isFile()) {
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


function jsonEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false
  if (Array.isArray(a) !== Array.isArray(b)) return false
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((x, i) => jsonEqual(x, b[i]))
  const ka = Object.keys(a).sort()
  const kb = Object.keys(b).sort()
  const ra = a as Record<string, unknown>
  const rb = b as Record<string, unknown>
  return ka.length === kb.length && ka.every((k, i) => k === kb[i] && jsonEqual(ra[k], rb[k]))
}
