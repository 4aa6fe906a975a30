/**
 * Writes generated files into an output directory without losing anything the user had:
 * a manifest (`.stack-accounts-manifest.json`) records what was generated and its hash, so a later
 * render may replace or remove only files it wrote itself and that nobody edited since. Anything
 * else is refused (or, with `force`, overwritten) before a single file is touched.
 */
import { createHash } from 'node:crypto'
import { promises as fs } from 'node:fs'
import path from 'node:path'
import { InputError } from '../diagnostics.js'
import { readRegularFile } from '../readRegularFile.js'

export const MANIFEST_NAME = '.stack-accounts-manifest.json'

export interface WriteResult {
  written: string[]
  unchanged: string[]
  removed: string[]
  /** Files a previous render wrote that are no longer generated but were edited since: left in place. */
  keptStale: string[]
}

interface Manifest {
  generator: 'stack-accounts'
  files: Record<string, string>
}

/** Larger than anything render writes; a bigger file where it writes is not its own. */
const MAX_EXISTING_OUTPUT_BYTES = 64 * 1024 * 1024

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex')

/** A file render wrote before (or that stands where it would write): a regular file, read with a bound; null when absent. */
async function readText(file: string): Promise<string | null> {
  const reading = readRegularFile(file, MAX_EXISTING_OUTPUT_BYTES, { what: 'for a file render compares before replacing it' })
  if (reading.ok) return reading.text
  if (reading.reason === 'missing') return null
  throw new InputError(`${file}: ${reading.message}`)
}

async function readManifest(outDir: string): Promise<Manifest> {
  const text = await readText(path.join(outDir, MANIFEST_NAME))
  if (text === null) return { generator: 'stack-accounts', files: {} }
  try {
    const parsed = JSON.parse(text) as Manifest
    if (parsed.generator === 'stack-accounts' && parsed.files && typeof parsed.files === 'object') return parsed
  } catch {
    // fall through
  }
  throw new InputError(`${path.join(outDir, MANIFEST_NAME)}: not a stack-accounts manifest; remove it or render into another directory`)
}

function assertSafeRelative(relative: string): void {
  const normal = path.posix.normalize(relative)
  if (path.isAbsolute(relative) || normal.startsWith('../') || normal === '..' || normal !== relative) {
    throw new Error(`refusing to write outside the output directory: ${relative}`)
  }
}

export async function writeGeneratedFiles(outDir: string, files: ReadonlyMap<string, string>, options: { force?: boolean } = {}): Promise<WriteResult> {
  const stat = await fs.stat(outDir).catch(() => null)
  if (stat && !stat.isDirectory()) throw new InputError(`--out ${outDir}: exists and is not a directory`)
  const manifest = await readManifest(outDir)
  const result: WriteResult = { written: [], unchanged: [], removed: [], keptStale: [] }
  const conflicts: string[] = []
  const toWrite: [string, string][] = []

  for (const [relative, content] of [...files].sort(([a], [b]) => a.localeCompare(b))) {
    assertSafeRelative(relative)
    const current = await readText(path.join(outDir, relative))
    if (current === content) {
      result.unchanged.push(relative)
      continue
    }
    const generatedBefore = manifest.files[relative]
    if (current !== null && !options.force && (generatedBefore === undefined || generatedBefore !== sha256(current))) {
      conflicts.push(
        generatedBefore === undefined
          ? `${relative}: exists and was not written by stack-accounts`
          : `${relative}: was edited since stack-accounts wrote it`
      )
      continue
    }
    toWrite.push([relative, content])
  }
  if (conflicts.length) {
    throw new InputError(
      `render: refusing to overwrite ${conflicts.length} file${conflicts.length === 1 ? '' : 's'} in ${outDir} (nothing was written; use --force to overwrite):\n  ` +
        conflicts.join('\n  ')
    )
  }

  for (const [relative, content] of toWrite) {
    const target = path.join(outDir, relative)
    await fs.mkdir(path.dirname(target), { recursive: true })
    const temporary = `${target}.${process.pid}.tmp`
    await fs.writeFile(temporary, content)
    await fs.rename(temporary, target)
    result.written.push(relative)
  }

  for (const [relative, hash] of Object.entries(manifest.files).sort(([a], [b]) => a.localeCompare(b))) {
    if (files.has(relative)) continue
    assertSafeRelative(relative)
    const current = await readText(path.join(outDir, relative))
    if (current === null) continue
    if (sha256(current) === hash) {
      await fs.rm(path.join(outDir, relative))
      result.removed.push(relative)
    } else {
      result.keptStale.push(relative)
    }
  }

  const next: Manifest = { generator: 'stack-accounts', files: {} }
  for (const [relative, content] of [...files].sort(([a], [b]) => a.localeCompare(b))) next.files[relative] = sha256(content)
  for (const relative of result.keptStale) next.files[relative] = manifest.files[relative]!
  await fs.mkdir(outDir, { recursive: true })
  await fs.writeFile(path.join(outDir, MANIFEST_NAME), JSON.stringify(next, null, 2) + '\n')
  return result
}
