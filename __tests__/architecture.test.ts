/**
 * The layers of src/ and which may import which. Data flows one way: accounts.yaml is read
 * (config), turned into the documents it implies (generate), compared with today's (existing,
 * trustPolicy, diff), rendered (report) and published (cli, action). A folder imports only the
 * folders listed for it here; README.md's Development section is written from this table.
 */
import { describe, expect, it } from '@jest/globals'
import { readdirSync, readFileSync } from 'node:fs'
import path from 'node:path'

const SRC = path.resolve(import.meta.dirname, '../src')

/** Folder (or entry file) -> the folders it may import. Listed bottom-up. */
export const LAYERS: Readonly<Record<string, readonly string[]>> = {
  common: [],
  iamDocument: ['common'],
  config: ['common'],
  trustPolicy: ['common', 'iamDocument'],
  planPolicy: ['common', 'config'],
  generate: ['common', 'iamDocument', 'config', 'planPolicy'],
  existing: ['common', 'iamDocument', 'config', 'generate'],
  diff: ['common', 'iamDocument', 'config', 'trustPolicy', 'generate', 'existing'],
  report: ['common', 'iamDocument', 'config', 'trustPolicy', 'generate', 'diff'],
  cli: ['common', 'iamDocument', 'config', 'trustPolicy', 'planPolicy', 'generate', 'existing', 'diff', 'report'],
  action: ['common', 'iamDocument', 'config', 'trustPolicy', 'planPolicy', 'generate', 'existing', 'diff', 'report'],
  'cli.ts': ['cli'],
  'index.ts': ['action']
}

/** Files outside src/ that src/ may import (data, not code). */
const OUTSIDE = new Set(['schema/accounts.schema.json', 'package.json'])

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name)
    if (entry.isDirectory()) return sourceFiles(full)
    return entry.name.endsWith('.ts') ? [full] : []
  })
}

/** Every module specifier of a file: static imports and re-exports, and import() of a literal. */
export function specifiers(text: string): string[] {
  const found: string[] = []
  for (const match of text.matchAll(/^\s*(?:import|export)\b[^'"]*?\bfrom\s*['"]([^'"]+)['"]/gms)) found.push(match[1] ?? '')
  for (const match of text.matchAll(/^\s*import\s*['"]([^'"]+)['"]/gm)) found.push(match[1] ?? '')
  for (const match of text.matchAll(/\bimport\(\s*['"]([^'"]+)['"]\s*\)/g)) found.push(match[1] ?? '')
  return found
}

/** The layer of a path under src/: its first folder, or the file itself at the top. */
function layerOf(relative: string): string {
  return relative.split('/')[0] ?? ''
}

export interface Violation {
  file: string
  imports: string
  why: string
}

/** What a file's imports break of the table. `file` is relative to src/. */
export function violations(file: string, text: string): Violation[] {
  const from = layerOf(file)
  const allowed = LAYERS[from]
  if (allowed === undefined) return [{ file, imports: '', why: `src/${from} is in no layer of the table` }]
  const result: Violation[] = []
  for (const specifier of specifiers(text)) {
    if (!specifier.startsWith('.')) continue
    const target = path.posix.normalize(path.posix.join(path.posix.dirname(file), specifier))
    if (target.startsWith('../')) {
      if (!OUTSIDE.has(target.slice(3))) result.push({ file, imports: specifier, why: `${target.slice(3)} is outside src/` })
      continue
    }
    const to = layerOf(target)
    if (to === from) continue
    if (!allowed.includes(to)) result.push({ file, imports: specifier, why: `${from} may not import ${to}` })
  }
  return result
}

describe('architecture', () => {
  const files = sourceFiles(SRC).map((file) => path.relative(SRC, file).split(path.sep).join('/'))

  it('every folder of src/ is a layer of the table, and the table names no missing folder', () => {
    const layers = new Set(files.map(layerOf))
    expect([...layers].sort()).toEqual(Object.keys(LAYERS).sort())
  })

  it('imports only point down the table', () => {
    const found = files.flatMap((file) => violations(file, readFileSync(path.join(SRC, file), 'utf8')))
    expect(found).toEqual([])
  })

  it('the table has no cycle: each layer imports only layers listed before it', () => {
    const order = Object.keys(LAYERS)
    for (const [layer, allowed] of Object.entries(LAYERS)) {
      for (const below of allowed) expect(order.indexOf(below)).toBeLessThan(order.indexOf(layer))
    }
  })

  it('a planted upward import is caught, in every form an import takes', () => {
    expect(violations('trustPolicy/compare.ts', "import type { DiffReport } from '../diff/diffReport.js'\n")).toEqual([
      { file: 'trustPolicy/compare.ts', imports: '../diff/diffReport.js', why: 'trustPolicy may not import diff' }
    ])
    expect(violations('common/json.ts', "export { x } from '../config/accounts.js'\n")).toHaveLength(1)
    expect(violations('config/load.ts', "const m = await import('../generate/iam/desiredIam.js')\n")).toHaveLength(1)
    expect(violations('report/style.ts', "import {\n  a,\n  b\n} from '../cli/runCli.js'\n")).toHaveLength(1)
    expect(violations('generate/hcl.ts', "import '../../bench/run.mjs'\n")).toHaveLength(1)
    expect(violations('diff/failOn.ts', "import { x } from './diffReport.js'\n")).toEqual([])
  })

  it('file names are camelCase, and no two files of src/ share a base name', () => {
    const names = files.map((file) => path.posix.basename(file))
    expect(names.filter((name) => !/^[a-z][a-zA-Z0-9]*\.ts$/.test(name))).toEqual([])
    expect(names.filter((name, i) => names.indexOf(name) !== i)).toEqual([])
  })

  it('the action entry loads only @actions/core before it knows there is something to analyse (YAML, ajv, the AWS SDK, Octokit come later)', () => {
    // Values only: `import type` is erased, and import() is what loads the rest on demand.
    const staticSpecifiers = (text: string) =>
      [...text.matchAll(/^\s*(?:import|export)\s+(?!type\b)[^'"]*?\bfrom\s*['"]([^'"]+)['"]/gms), ...text.matchAll(/^\s*import\s*['"]([^'"]+)['"]/gm)].map(
        (m) => m[1] ?? ''
      )
    const packages = new Set<string>()
    const seen = new Set<string>()
    const visit = (file: string): void => {
      if (seen.has(file)) return
      seen.add(file)
      for (const specifier of staticSpecifiers(readFileSync(path.join(SRC, file), 'utf8'))) {
        if (specifier.startsWith('.')) visit(path.posix.normalize(path.posix.join(path.posix.dirname(file), specifier)).replace(/\.js$/, '.ts'))
        else if (!specifier.startsWith('node:')) packages.add(specifier)
      }
    }
    visit('index.ts')
    expect(seen.has('action/main.ts')).toBe(true)
    expect([...packages]).toEqual(['@actions/core'])
  })
})
