/**
 * Writes generated files into an output directory without losing anything the user had:
 * a manifest (`.stack-accounts-manifest.json`) records what was generated and its hash, so a later
 * render may replace or remove only files it wrote itself and that nobody edited since. Anything
 * else is refused (or, with `force`, overwritten) before a single file is touched.
 *
 * It never writes through what it did not create. The output directory is resolved once; every
 * path below it (generated files and manifest entries alike) is checked before anything is
 * written: inside the directory, no "..", no symbolic link on the way, a regular file or nothing
 * at the end. Each directory is looked at once (a missing one has nothing below it). Each file is
 * written to a temporary file with an unpredictable name, created exclusively (O_EXCL,
 * O_NOFOLLOW), then renamed over the target. While writing, each directory on the way is made or
 * checked again once, before the first write or removal in it, and each file again just before it
 * is written or removed. Filesystem problems are input errors (exit 2) naming the path.
 */
import { createHash, randomBytes } from 'node:crypto'
import {
  closeSync,
  constants,
  fstatSync,
  lstatSync,
  mkdirSync,
  openSync,
  promises as fs,
  readFileSync,
  renameSync,
  rmdirSync,
  rmSync,
  type Stats,
  unlinkSync,
  writeFileSync
} from 'node:fs'
import path from 'node:path'
import { InputError } from '../common/diagnostics.js'
import { errnoCode, errorMessage } from '../common/errno.js'
import { plural } from '../common/plural.js'

export const MANIFEST_NAME = '.stack-accounts-manifest.json'
/** Generated files are kilobytes; a file far bigger at a generated path is not one of ours. */
const MAX_EXISTING_BYTES = 16 * 1024 * 1024

export interface WriteResult {
  written: string[]
  unchanged: string[]
  removed: string[]
  /** Files a previous render wrote that are no longer generated but were edited since: left in place. */
  keptStale: string[]
  /** Directories that held only removed files, removed with them (deepest first). */
  removedDirectories: string[]
}

interface Manifest {
  generator: 'stack-accounts'
  files: Record<string, string>
}

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex')

/** Where a directory stands, once looked at. */
type DirectoryState = 'directory' | 'missing'

/**
 * The output directory, resolved once; every operation below goes through it. File-system calls
 * are synchronous: thousands of small files cost several times more through `fs/promises`.
 */
class OutputDir {
  /** Directories looked at while checking (before anything is written), each once. */
  private readonly checked = new Map<string, DirectoryState>()
  /** Directories made or looked at again while writing, just before the first write or removal in them. */
  private readonly ready = new Set<string>()
  /** Unpredictable part of every temporary name (with a counter: each name is used once). */
  private readonly nonce = randomBytes(12).toString('hex')
  private temporaries = 0

  private constructor(
    /** As the user gave it, for messages. */
    readonly given: string,
    /** Its real path. */
    readonly root: string
  ) {}

  static async open(given: string): Promise<OutputDir> {
    const stat = await fs.stat(given).catch((e: unknown) => (errnoCode(e) === 'ENOENT' ? null : Promise.reject(e instanceof Error ? e : new Error(String(e)))))
    if (stat && !stat.isDirectory()) throw new InputError(`--out ${given}: exists and is not a directory`)
    if (!stat) await fs.mkdir(given, { recursive: true })
    return new OutputDir(given, await fs.realpath(given))
  }

  display(relative: string): string {
    return path.join(this.given, ...relative.split('/'))
  }

  fail(relative: string, why: string): never {
    throw new InputError(`render: ${this.display(relative)}: ${why}; nothing was written`)
  }

  /** A relative path as stored in the manifest or generated: "/" separated, normalised, inside. */
  checkRelative(relative: string, what: string): void {
    if (
      typeof relative !== 'string' ||
      relative === '' ||
      relative.includes('\\') ||
      relative.includes('\0') ||
      path.posix.isAbsolute(relative) ||
      path.posix.normalize(relative) !== relative ||
      relative.split('/').some((part) => part === '..' || part === '.' || part === '')
    ) {
      throw new InputError(
        `render: ${what} ${JSON.stringify(relative)} is outside the output directory ${this.given} (absolute, or with "..", "." or empty segments); refused, nothing was written`
      )
    }
  }

  /** lstat of `relative`, or null when nothing is there. */
  private lstat(relative: string): Stats | null {
    try {
      return lstatSync(path.join(this.root, relative))
    } catch (e) {
      if (errnoCode(e) === 'ENOENT') return null
      return this.fail(relative, `cannot be examined (${errnoCode(e)})`)
    }
  }

  /** A directory on the way to a generated file must be a real directory, not a symbolic link. */
  private checkDirectory(relative: string, stat: Stats): void {
    if (stat.isSymbolicLink()) this.fail(relative, 'is a symbolic link; render never writes through a link it did not create')
    if (!stat.isDirectory()) this.fail(relative, 'is not a directory, but a generated file goes below it')
  }

  /** What a directory below the root is (root: ""), checked with everything on the way; once each. */
  private directory(relative: string): DirectoryState {
    if (relative === '' || relative === '.') return 'directory'
    let state = this.checked.get(relative)
    if (state) return state
    state = 'missing'
    if (this.directory(path.posix.dirname(relative)) === 'directory') {
      const stat = this.lstat(relative)
      if (stat) this.checkDirectory(relative, stat)
      if (stat) state = 'directory'
    }
    this.checked.set(relative, state)
    return state
  }

  /** The file at `relative` (its directories already checked) is a regular file, or missing. */
  private checkFile(relative: string): 'file' | 'missing' {
    const stat = this.lstat(relative)
    if (!stat) return 'missing'
    if (stat.isSymbolicLink()) this.fail(relative, 'is a symbolic link; render never writes through a link it did not create')
    if (stat.isDirectory()) this.fail(relative, 'is a directory where a generated file goes')
    if (!stat.isFile()) this.fail(relative, 'is not a regular file (a FIFO, socket or device); refused')
    return 'file'
  }

  /** The text of the regular file at `relative` (checked: no link on the way), or null when missing. */
  read(relative: string): string | null {
    if (this.directory(path.posix.dirname(relative)) === 'missing' || this.checkFile(relative) === 'missing') return null
    let fd
    try {
      fd = openSync(path.join(this.root, relative), constants.O_RDONLY | constants.O_NOFOLLOW | constants.O_NONBLOCK)
    } catch (e) {
      this.fail(relative, `cannot be read (${errnoCode(e)})`)
    }
    try {
      const stat = fstatSync(fd)
      if (!stat.isFile()) this.fail(relative, 'is not a regular file; refused')
      if (stat.size > MAX_EXISTING_BYTES) return `\0too large: ${stat.size}`
      return readFileSync(fd, 'utf8')
    } catch (e) {
      if (e instanceof InputError) throw e
      this.fail(relative, `cannot be read (${errnoCode(e)})`)
    } finally {
      closeSync(fd)
    }
  }

  /**
   * Checks again, once while writing, the directories on the way to a file: each a real directory.
   * With `make`, creates those that are missing, one by one; without, returns false if one is.
   */
  private prepare(relative: string, make: boolean): boolean {
    if (relative === '' || relative === '.' || this.ready.has(relative)) return true
    if (!this.prepare(path.posix.dirname(relative), make)) return false
    if (make) {
      try {
        // Made here: a new real directory (mkdir does not follow a link where it creates).
        mkdirSync(path.join(this.root, relative))
        this.ready.add(relative)
        return true
      } catch (e) {
        if (errnoCode(e) !== 'EEXIST') this.fail(relative, `cannot create this directory (${errnoCode(e)})`)
      }
    }
    const stat = this.lstat(relative)
    if (!stat) return make ? this.fail(relative, 'disappeared while it was being written') : false
    this.checkDirectory(relative, stat)
    this.ready.add(relative)
    return true
  }

  /** Writes through a temporary file with an unpredictable name, created exclusively, then renamed. */
  write(relative: string, content: string): void {
    this.prepare(path.posix.dirname(relative), true)
    this.checkFile(relative)
    const target = path.join(this.root, relative)
    const temporary = path.join(path.dirname(target), `.${path.basename(target)}.${this.nonce}${this.temporaries++}.tmp`)
    let fd
    try {
      fd = openSync(temporary, constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL | constants.O_NOFOLLOW, 0o644)
    } catch (e) {
      this.fail(relative, `cannot be written (${errnoCode(e)})`)
    }
    try {
      writeFileSync(fd, content)
      closeSync(fd)
      renameSync(temporary, target)
    } catch (e) {
      try {
        closeSync(fd)
      } catch {
        // already closed
      }
      rmSync(temporary, { force: true })
      this.fail(relative, `cannot be written (${errnoCode(e)})`)
    }
  }

  /**
   * Removes the directory at `relative` if it is empty; false when it is not (or is gone, or is no
   * longer a directory of ours). rmdir removes only an empty directory and never follows a link.
   * Any other failure (a mount point, a parent the user may not write) leaves the directory too:
   * this comes after the files were written and removed, so failing here would leave the manifest
   * unwritten (the next render would refuse the files just written) and say nothing was written.
   */
  removeIfEmpty(relative: string): boolean {
    if (!this.prepare(relative, false)) return false
    try {
      rmdirSync(path.join(this.root, relative))
      return true
    } catch {
      return false
    }
  }

  remove(relative: string): void {
    if (!this.prepare(path.posix.dirname(relative), false) || this.checkFile(relative) === 'missing') return
    try {
      unlinkSync(path.join(this.root, relative))
    } catch (e) {
      this.fail(relative, `cannot be removed (${errnoCode(e)})`)
    }
  }
}

function readManifest(out: OutputDir): Manifest {
  const text = out.read(MANIFEST_NAME)
  if (text === null) return { generator: 'stack-accounts', files: {} }
  const refuse = (): never => {
    throw new InputError(`${out.display(MANIFEST_NAME)}: not a stack-accounts manifest; remove it or render into another directory`)
  }
  let parsed: unknown
  try {
    parsed = JSON.parse(text)
  } catch {
    return refuse()
  }
  if (typeof parsed !== 'object' || parsed === null || (parsed as Manifest).generator !== 'stack-accounts') return refuse()
  const files = (parsed as Manifest).files
  if (typeof files !== 'object' || files === null || Array.isArray(files)) return refuse()
  const checked: Record<string, string> = {}
  for (const [relative, hash] of Object.entries(files)) {
    out.checkRelative(relative, `${MANIFEST_NAME} entry`)
    if (relative === MANIFEST_NAME) out.fail(relative, 'the manifest lists itself; refused')
    if (typeof hash !== 'string' || !/^[0-9a-f]{64}$/.test(hash)) {
      throw new InputError(
        `${out.display(MANIFEST_NAME)}: entry ${JSON.stringify(relative)} has no valid sha-256; remove the manifest or render into another directory`
      )
    }
    checked[relative] = hash
  }
  return { generator: 'stack-accounts', files: checked }
}

export async function writeGeneratedFiles(outDir: string, files: ReadonlyMap<string, string>, options: { force?: boolean } = {}): Promise<WriteResult> {
  try {
    return writeInto(await OutputDir.open(outDir), files, options)
  } catch (error) {
    if (error instanceof InputError) throw error
    const code = errnoCode(error)
    if (/^E[A-Z]+$/.test(code)) throw new InputError(`render: ${outDir}: ${code} (${errorMessage(error)})`)
    throw error
  }
}

/**
 * A directory that held only removed files (a stack dropped from accounts.yaml leaves
 * `terraform/<stack>/` behind) goes with them, and so does each parent it empties; the output
 * directory itself stays. A directory with anything else in it, yours included, stays.
 */
function removeEmptiedDirectories(out: OutputDir, result: WriteResult, files: ReadonlyMap<string, string>): void {
  const candidates = new Set<string>()
  for (const relative of result.removed) {
    for (let dir = path.posix.dirname(relative); dir !== '.'; dir = path.posix.dirname(dir)) candidates.add(dir)
  }
  // Deepest first, so a parent is tried after its children; a directory that still holds a
  // generated file is not even tried.
  const needed = new Set<string>()
  for (const relative of files.keys()) {
    for (let dir = path.posix.dirname(relative); dir !== '.'; dir = path.posix.dirname(dir)) needed.add(dir)
  }
  const ordered = [...candidates].filter((dir) => !needed.has(dir)).sort((a, b) => b.split('/').length - a.split('/').length || a.localeCompare(b))
  for (const dir of ordered) if (out.removeIfEmpty(dir)) result.removedDirectories.push(dir)
}

function writeInto(out: OutputDir, files: ReadonlyMap<string, string>, options: { force?: boolean }): WriteResult {
  const manifest = readManifest(out)
  const result: WriteResult = { written: [], unchanged: [], removed: [], keptStale: [], removedDirectories: [] }
  const conflicts: string[] = []
  const toWrite: [string, string][] = []
  const sorted = [...files].sort(([a], [b]) => a.localeCompare(b))

  // Every path is checked before anything is written.
  for (const [relative, content] of sorted) {
    out.checkRelative(relative, 'generated file')
    const current = out.read(relative)
    if (current === content) {
      result.unchanged.push(relative)
      continue
    }
    const generatedBefore = manifest.files[relative]
    if (current !== null && !options.force && (generatedBefore === undefined || generatedBefore !== sha256(current))) {
      conflicts.push(
        generatedBefore === undefined ? `${relative}: exists and was not written by stack-accounts` : `${relative}: was edited since stack-accounts wrote it`
      )
      continue
    }
    toWrite.push([relative, content])
  }
  const stale: [string, string, string | null][] = []
  for (const [relative, hash] of Object.entries(manifest.files).sort(([a], [b]) => a.localeCompare(b))) {
    if (files.has(relative)) continue
    stale.push([relative, hash, out.read(relative)])
  }
  if (conflicts.length) {
    throw new InputError(
      `render: refusing to overwrite ${plural(conflicts.length, 'file')} in ${out.given} (nothing was written; use --force to overwrite):\n  ` +
        conflicts.join('\n  ')
    )
  }

  for (const [relative, content] of toWrite) {
    out.write(relative, content)
    result.written.push(relative)
  }

  for (const [relative, hash, current] of stale) {
    if (current === null) continue
    if (sha256(current) === hash) {
      out.remove(relative)
      result.removed.push(relative)
    } else {
      result.keptStale.push(relative)
    }
  }
  removeEmptiedDirectories(out, result, files)

  const next: Manifest = { generator: 'stack-accounts', files: {} }
  for (const [relative, content] of sorted) next.files[relative] = sha256(content)
  for (const relative of result.keptStale) next.files[relative] = manifest.files[relative]!
  out.write(MANIFEST_NAME, JSON.stringify(next, null, 2) + '\n')
  return result
}
