/**
 * The part of reading today's policies that does not care where the files live (a directory on
 * disk, or a tree of a git commit): which files belong to which role, reading each through one
 * typed reader (src/iamDocument/read.ts), and what is left over. The listing and the reading of
 * bytes are the source's job (fromDirectory.ts, fromGit.ts).
 */
import type { Diagnostic } from '../common/diagnostics.js'
import { formatDiagnostic } from '../common/diagnostics.js'
import { compareStrings } from '../common/compareStrings.js'
import { mapWithConcurrency } from './concurrency.js'
import { extractPermissionPolicy, extractTrustPolicy, type Extracted } from '../iamDocument/read.js'
import { compareDiagnostics, roleKeyString, type ExistingRole, type ExistingSet, type RoleKey, uniqueRoles } from './existingPolicies.js'
import { appendAll } from '../common/append.js'
import { jsonEqual } from '../common/json.js'

export const ACCOUNT_DIR = /^\d{12}$/

export type EntryKind = 'file' | 'directory' | 'symlink' | 'other'

/** One entry of an account directory: its name relative to the root ("/" separated) and its kind. */
export interface TreeEntry {
  relative: string
  name: string
  kind: EntryKind
}

export type ReadResult = { ok: true; text: string } | { ok: false; message: string }

export interface TreeReader {
  /** How a file is named in messages. */
  displayPath(relative: string): string
  readText(entry: TreeEntry): Promise<ReadResult>
  /** Called once with every file that will be read, before the reads (a git source reads them in one batch). */
  prefetch?(entries: readonly TreeEntry[]): Promise<void>
}

export interface TreeListing {
  /** Account directory name -> its entries by name. */
  accountDirs: Map<string, Map<string, TreeEntry>>
  /** Top-level entries that are not account directories ("name/" for directories). */
  unexpected: string[]
}

export async function assembleExisting(listing: TreeListing, roles: readonly RoleKey[], reader: TreeReader, concurrency: number): Promise<ExistingSet> {
  const { accountDirs } = listing
  const unexpected = [...listing.unexpected]
  const consumed = new Set<string>()
  const errors: Diagnostic[] = []
  const tasks = uniqueRoles(roles).map((key) => ({ key, files: filesOfRole(key, accountDirs) }))
  const toRead: TreeEntry[] = []
  for (const task of tasks) {
    for (const f of Object.values(task.files) as TreeEntry[]) {
      consumed.add(f.relative)
      toRead.push(f)
    }
  }
  if (reader.prefetch) await reader.prefetch(toRead)

  const loaded = await mapWithConcurrency(tasks, concurrency, async (task) => {
    const result = await loadRole(task.key, task.files, reader)
    appendAll(errors, result.diagnostics)
    return result.role
  })

  for (const entries of accountDirs.values()) {
    for (const e of entries.values()) {
      if (consumed.has(e.relative) || e.name.startsWith('.')) continue
      unexpected.push(e.kind === 'directory' ? `${e.relative}/` : e.relative)
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

/** Role names whose plain file `<name>.json` is another role's `.trust.json` or `.permissions.json`. */
const AMBIGUOUS_PLAIN_NAME = /\.(trust|permissions)$/

interface RoleFiles {
  plain?: TreeEntry
  trust?: TreeEntry
  permissions?: TreeEntry
}

function filesOfRole(key: RoleKey, accountDirs: Map<string, Map<string, TreeEntry>>): RoleFiles {
  const entries = accountDirs.get(key.accountId)
  const find = (name: string): TreeEntry | undefined => entries?.get(name)
  const files: RoleFiles = {}
  // `X.trust.json` / `X.permissions.json` are role X's files; for a role named `X.trust` or
  // `X.permissions` the plain name would be one of them, so only its `.trust.json` is its own.
  const plain = AMBIGUOUS_PLAIN_NAME.test(key.role.name) ? undefined : find(`${key.role.name}.json`)
  const trust = find(`${key.role.name}.trust.json`)
  if (plain) files.plain = plain
  if (trust) files.trust = trust
  if (key.kind === 'hub') {
    const permissions = find(`${key.role.name}.permissions.json`)
    if (permissions) files.permissions = permissions
  }
  return files
}

async function loadRole(key: RoleKey, files: RoleFiles, reader: TreeReader): Promise<{ role: ExistingRole; diagnostics: Diagnostic[] }> {
  const diagnostics: Diagnostic[] = []
  const role: ExistingRole = { key, trustPolicy: null, source: null }
  const failed = (d: Diagnostic): void => {
    diagnostics.push(d)
    const message = formatDiagnostic(d)
    role.error = role.error ? `${role.error}; ${message}` : message
    ;(role.errorDiagnostics ??= []).push(d)
  }

  const candidates = [files.trust, files.plain].filter((f): f is TreeEntry => f !== undefined)
  const trusts = await Promise.all(candidates.map((f) => readPolicyFile(f, reader, extractTrustPolicy)))
  for (const t of trusts) {
    if (!t.ok) failed(t.diagnostic)
  }
  const good = trusts.filter((t): t is LoadedPolicy => t.ok)
  if (!role.error && good.length === 2 && !jsonEqual(good[0]?.document, good[1]?.document)) {
    const [a, b] = good as [LoadedPolicy, LoadedPolicy]
    failed(fileDiagnostic(b.file, `both ${b.file} and ${a.file} exist and hold different policies for role ${key.role.name}; keep one`))
  } else if (!role.error && good[0]) {
    role.trustPolicy = good[0].document
    role.source = good[0].file
    if (good[0].rolePath !== undefined && good[0].rolePath !== key.role.path) {
      diagnostics.push({
        ...fileDiagnostic(good[0].file, `role ${key.role.name} exists with path ${good[0].rolePath}, accounts.yaml declares ${key.role.path}`, 'Role.Path'),
        severity: 'warning'
      })
    }
  }

  if (key.kind === 'hub') {
    if (files.permissions) {
      const p = await readPolicyFile(files.permissions, reader, extractPermissionPolicy)
      if (p.ok) {
        role.permissionPolicy = p.document
        role.permissionSource = p.file
      } else {
        failed(p.diagnostic)
      }
    } else if (role.trustPolicy === null && !role.error) {
      // The role does not exist, so neither does its permission policy.
      role.permissionPolicy = null
    }
    // Otherwise the role exists and DIR keeps no permission policy for it: left undefined, "not
    // compared" (a missing file says nothing about what the role may do).
  }
  return { role, diagnostics }
}

export type LoadedPolicy = { ok: true; file: string; document: Record<string, unknown>; rolePath?: string }

/** Reads one policy file through the typed reader: a document, or a positioned diagnostic. */
export async function readPolicyFile(
  entry: TreeEntry,
  reader: TreeReader,
  extract: (text: string) => Extracted
): Promise<LoadedPolicy | { ok: false; diagnostic: Diagnostic }> {
  const file = reader.displayPath(entry.relative)
  const read = await reader.readText(entry)
  if (!read.ok) return { ok: false, diagnostic: fileDiagnostic(file, read.message) }
  const result = extract(read.text)
  if (!result.ok) {
    const d = fileDiagnostic(file, result.message, result.path)
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

export function fileDiagnostic(file: string, message: string, at = ''): Diagnostic {
  return { severity: 'error', file, path: at, line: 1, column: 1, message }
}
