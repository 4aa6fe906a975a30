/**
 * What a pull request itself changes under the `existing` directory: today's policies as the base
 * commit holds them are the baseline, so an edit in the PR never changes a role's verdict; each
 * edited policy file is compared base -> head with the same engines as the roles (trust policies
 * with src/trustPolicy/compare.ts, the hub's permission policy with permissionsComparison.ts), and a
 * widening edit counts toward `widens` and `fail-on` like any other. A file that cannot be read on
 * either side cannot be shown not to widen: it widens.
 */
import { InputError } from '../common/diagnostics.js'
import { readPolicyFile, type LoadedPolicy, type TreeEntry } from '../existing/assemble.js'
import { GitTreeReader, listGitTree, type GitListing, type GitTreeLocation } from '../existing/fromGit.js'
import { comparePolicies } from '../trustPolicy/compare.js'
import { isPolicyDocument } from '../iamDocument/types.js'
import { parsePolicy } from '../trustPolicy/parse.js'
import { extractPermissionPolicy, extractTrustPolicy } from '../iamDocument/read.js'
import type { ExistingEdit, ExistingEdits, PolicyChange } from './diffReport.js'
import { compareStrings } from '../common/compareStrings.js'
import { comparePermissionPolicies } from './permissionsComparison.js'

type Side = { listing: GitListing; reader: GitTreeReader; location: GitTreeLocation }

async function side(location: GitTreeLocation): Promise<Side> {
  const listing = await listGitTree(location)
  return { listing, reader: new GitTreeReader(location, listing.entries), location }
}

function policyKind(name: string): ExistingEdit['policy'] {
  if (name.endsWith('.permissions.json')) return 'permissions'
  if (name.endsWith('.json')) return 'trust'
  return 'other'
}

type Read = { state: 'absent' } | { state: 'ok'; loaded: LoadedPolicy } | { state: 'error'; message: string }

async function readSide(s: Side, entry: TreeEntry | undefined, policy: 'trust' | 'permissions'): Promise<Read> {
  if (!entry) return { state: 'absent' }
  const loaded = await readPolicyFile(entry, s.reader, policy === 'trust' ? extractTrustPolicy : extractPermissionPolicy)
  if (!loaded.ok) return { state: 'error', message: loaded.diagnostic.message }
  try {
    // The one typed reader for policy documents: anything it refuses cannot be compared.
    parsePolicy(loaded.document, loaded.file)
  } catch (error) {
    if (!(error instanceof InputError)) throw error
    return { state: 'error', message: error.diagnostics.map((d) => (d.path ? `${d.path}: ${d.message}` : d.message)).join('; ') }
  }
  return { state: 'ok', loaded }
}

function compareSides(policy: 'trust' | 'permissions', before: LoadedPolicy | null, after: LoadedPolicy | null): { widens: boolean; changes: PolicyChange[] } {
  if (after === null) return { widens: false, changes: [{ kind: 'file-removed', detail: 'the PR deletes this policy file', widens: false }] }
  if (policy === 'permissions') {
    // Both were read with the policy reader (readable() above): only their type is carried here.
    if (!isPolicyDocument(after.document) || (before !== null && !isPolicyDocument(before.document))) {
      return { widens: true, changes: [{ kind: 'unreadable', detail: 'a permission policy file is not a policy document', widens: true }] }
    }
    return comparePermissionPolicies(before !== null && isPolicyDocument(before.document) ? before.document : null, after.document)
  }
  if (before === null) {
    return { widens: true, changes: [{ kind: 'file-added', detail: 'the PR adds this trust policy file: everything it allows is new', widens: true }] }
  }
  const { changes, widens } = comparePolicies(parsePolicy(before.document, before.file), parsePolicy(after.document, after.file))
  return { changes, widens }
}

function entryOf(s: Side, relative: string): TreeEntry | undefined {
  const [dir = '', name = ''] = relative.split('/')
  return s.listing.accountDirs.get(dir)?.get(name)
}

/** Compares `path` at the base and head commits; null when the PR leaves it as it is. */
export async function existingEdits(cwd: string, path: string, baseCommit: string, headCommit: string): Promise<ExistingEdits | null> {
  if (baseCommit === headCommit) return null
  const base = await side({ cwd, commit: baseCommit, path })
  let head: Side
  try {
    head = await side({ cwd, commit: headCommit, path })
  } catch (error) {
    // The PR made the directory unreadable (a file or a link in its place): that cannot be shown not to widen.
    if (!(error instanceof InputError)) throw error
    const detail = `the pull request's ${path} cannot be read, so it cannot be shown not to widen: ${error.message}`
    return {
      path,
      base: baseCommit,
      head: headCommit,
      widens: true,
      files: [{ file: path, status: 'modified', policy: 'other', widens: true, changes: [{ kind: 'unreadable', detail, widens: true }] }]
    }
  }
  const changed = new Set<string>()
  for (const [p, e] of head.listing.entries) {
    const other = base.listing.entries.get(p)
    if (!other || other.oid !== e.oid || other.kind !== e.kind) changed.add(p)
  }
  for (const p of base.listing.entries.keys()) if (!head.listing.entries.has(p)) changed.add(p)
  const paths = [...changed].sort(compareStrings)
  const policyPaths = paths.filter((p) => policyKind(p) !== 'other')
  await base.reader.prefetch(policyPaths.flatMap((p) => entryOf(base, p) ?? []))
  await head.reader.prefetch(policyPaths.flatMap((p) => entryOf(head, p) ?? []))

  const files: ExistingEdit[] = []
  for (const p of paths) {
    const policy = policyKind(p)
    const status: ExistingEdit['status'] = !base.listing.entries.has(p) ? 'added' : !head.listing.entries.has(p) ? 'removed' : 'modified'
    const file = `${path.replace(/\/+$/, '')}/${p}`
    if (policy === 'other') {
      files.push({
        file,
        status,
        policy,
        widens: false,
        changes: [{ kind: 'not-a-policy', detail: 'not a policy file name (<role>.json, .trust.json, .permissions.json); not compared', widens: false }]
      })
      continue
    }
    const before = await readSide(base, entryOf(base, p), policy)
    const after = await readSide(head, entryOf(head, p), policy)
    const unreadable = [before, after].filter((r): r is { state: 'error'; message: string } => r.state === 'error')
    if (unreadable.length && after.state !== 'absent') {
      const detail = unreadable.map((r) => r.message).join('; ')
      files.push({
        file,
        status,
        policy,
        widens: true,
        changes: [{ kind: 'unreadable', detail: `cannot be compared, so it cannot be shown not to widen: ${detail}`, widens: true }]
      })
      continue
    }
    const { widens, changes } = compareSides(policy, before.state === 'ok' ? before.loaded : null, after.state === 'ok' ? after.loaded : null)
    files.push({ file, status, policy, widens, changes })
  }
  if (files.length === 0) return null
  return { path, base: baseCommit, head: headCommit, widens: files.some((f) => f.widens), files }
}
