/**
 * The action's `stack-dirs`: each stack's copied providers.tf, read from git at the commit the
 * action judges (the pull request's head, the workflow's commit on push), never from the working
 * tree. The tree is walked one directory at a time with `git ls-tree` (exact names, no pathspec
 * matching): a symbolic link or a submodule on the way, or as the copy, is refused (Terraform would
 * read where the link points, which the pull request chooses; git's `<commit>:<path>` would not
 * follow it), as is a copy larger than the bound. A path that is not there is a missing copy.
 */
import { InputError } from '../common/diagnostics.js'
import { isFullCommitSha } from '../common/gitSha.js'
import { runGit } from '../common/runGit.js'
import { MAX_PROVIDERS_COPY_BYTES, PROVIDERS_FILE, readProvidersCopy, type ProvidersCopy, type StackDir } from '../diff/stackProviders.js'
import { checkRelativePath } from './inputs.js'

const INPUT = 'Input "stack-dirs"'

/** A directory with many entries still lists; beyond this it is refused, not cut. */
const MAX_LISTING_BYTES = 16 * 1024 * 1024

interface TreeEntry {
  mode: string
  oid: string
  size: number
}

type Listings = Map<string, Promise<Map<string, TreeEntry> | null>>

/** The entries of the directory `dir` (relative to cwd, "" for cwd itself) at `commit`, by name; null when it is not a directory there. */
function listDirectory(cwd: string, commit: string, dir: string, listings: Listings): Promise<Map<string, TreeEntry> | null> {
  const key = `${commit}:${dir}`
  let listing = listings.get(key)
  if (listing === undefined) listings.set(key, (listing = listDirectoryOnce(cwd, commit, dir)))
  return listing
}

async function listDirectoryOnce(cwd: string, commit: string, dir: string): Promise<Map<string, TreeEntry> | null> {
  // --full-tree: run in a subdirectory (working-directory), ls-tree would otherwise filter the tree
  // named by `<commit>:./<dir>` by that subdirectory's prefix again, and list nothing.
  const listing = await runGit(cwd, ['ls-tree', '--full-tree', '-z', '-l', `${commit}:./${dir}`], MAX_LISTING_BYTES)
  if (listing.code !== 0) return null
  const entries = new Map<string, TreeEntry>()
  for (const record of listing.stdout.split('\0')) {
    const tab = record.indexOf('\t')
    if (tab < 0) continue
    const [mode = '', , oid = '', size = '-'] = record.slice(0, tab).split(/ +/)
    entries.set(record.slice(tab + 1), { mode, oid, size: size === '-' ? 0 : Number(size) })
  }
  return entries
}

function describeMode(mode: string): string | null {
  if (mode === '120000') return 'a symbolic link'
  if (mode === '160000') return 'a submodule'
  return null
}

/**
 * The copy of one stack at `commit`: `path` is a directory there (the copy is its providers.tf,
 * whatever the directory's name) or a `.tf` file.
 */
export async function readProvidersCopyAtCommit(cwd: string, commit: string, dir: StackDir, listings: Listings = new Map()): Promise<ProvidersCopy> {
  if (!isFullCommitSha(commit)) throw new Error(`Not a commit id: ${commit}`)
  const given = `${INPUT} ${dir.stack}=${dir.path}`
  const at = commit.slice(0, 12)
  const segments = checkRelativePath('stack-dirs', dir.path)
    .split('/')
    .filter((s) => s !== '' && s !== '.')
  const asFile = dir.path.endsWith('.tf')
  const missing = (why: string): ProvidersCopy => ({ ...dir, file: asFile ? dir.path : `${dir.path.replace(/\/+$/, '')}/${PROVIDERS_FILE}`, text: null, why })

  let parent = ''
  let entry: TreeEntry | null = { mode: '040000', oid: '', size: 0 }
  for (const segment of segments) {
    const entries = await listDirectory(cwd, commit, parent, listings)
    const found = entries?.get(segment)
    const here = parent === '' ? segment : `${parent}/${segment}`
    if (found === undefined) return missing(`no ${here} at ${at}`)
    const odd = describeMode(found.mode)
    if (odd !== null)
      throw new InputError(`${given}: ${here} is ${odd} at ${at}; the check reads only regular files and directories (Terraform would read what it points to)`)
    entry = found
    parent = here
    if (found.mode !== '040000') break
  }
  if (parent !== segments.join('/')) return missing(`${parent} is not a directory at ${at}`)

  let file = dir.path
  if (entry?.mode === '040000') {
    const inside = await listDirectory(cwd, commit, parent, listings)
    const copy = inside?.get(PROVIDERS_FILE)
    file = `${parent === '' ? '.' : parent}/${PROVIDERS_FILE}`
    if (copy === undefined) return { ...dir, file, text: null, why: `no ${file} at ${at}` }
    const odd = describeMode(copy.mode)
    if (odd !== null) throw new InputError(`${given}: ${file} is ${odd} at ${at}; the copy must be a regular file`)
    if (copy.mode === '040000') throw new InputError(`${given}: ${file} is a directory at ${at}, not a file`)
    entry = copy
  } else if (!asFile) {
    throw new InputError(
      `${given}: ${dir.path} is neither a directory nor a .tf file at ${at}; give the stack's Terraform root directory or its copy of ${PROVIDERS_FILE}`
    )
  }
  if (entry === null || entry.size > MAX_PROVIDERS_COPY_BYTES) {
    throw new InputError(
      `${given}: ${file} is ${entry?.size ?? '?'} bytes at ${at}, over the ${MAX_PROVIDERS_COPY_BYTES}-byte limit for a copied ${PROVIDERS_FILE}; refused`
    )
  }
  const blob = await runGit(cwd, ['cat-file', 'blob', entry.oid], MAX_PROVIDERS_COPY_BYTES + 64 * 1024)
  if (blob.code !== 0) throw new Error(`git cat-file blob ${entry.oid}: ${blob.stderr.trim()}`)
  return { ...dir, file, text: blob.stdout }
}

/**
 * Every copy at `commit`; with no commit (no git checkout, outside a pull request), from the
 * working directory as the CLI reads them.
 */
export async function readProvidersCopies(cwd: string, commit: string | null, dirs: readonly StackDir[]): Promise<ProvidersCopy[]> {
  const copies: ProvidersCopy[] = []
  // Directories the copies share (stacks/, the working directory) are listed once.
  const listings: Listings = new Map()
  for (const dir of dirs) {
    if (commit !== null) copies.push(await readProvidersCopyAtCommit(cwd, commit, dir, listings))
    else {
      const copy = readProvidersCopy({ stack: dir.stack, path: `${cwd}/${checkRelativePath('stack-dirs', dir.path)}` }, INPUT)
      copies.push({ ...copy, path: dir.path, file: copy.file.slice(cwd.length + 1) })
    }
  }
  return copies
}
