/**
 * The stale-copy check of copied `providers.tf` (`diff --stack-dir <stack>=<path>`, the action's
 * `stack-dirs`): users copy `terraform/<stack>/providers.tf`, as `render` writes it, into each
 * stack's Terraform root; after an accounts.yaml change the copy is out of step. Each copy is
 * compared with what `render` writes for its stack now: the file render writes, unchanged (CRLF line
 * ends and spaces, tabs and line ends at the end of the file aside). The status rests on that exact comparison
 * only; the `detail` of a stale copy (which provider blocks differ, else the first differing line)
 * is a cheap, best-effort reading that never decides anything.
 */
import { statSync } from 'node:fs'
import { join } from 'node:path'
import type { Declaration } from '../config/accounts.js'
import { didYouMean } from '../config/didYouMean.js'
import { InputError } from '../common/diagnostics.js'
import { errnoCode } from '../common/errno.js'
import { plural } from '../common/plural.js'
import { readRegularFile } from '../common/readRegularFile.js'
import { stackProvidersRenderer } from '../generate/terraform/providers.js'
import type { StackProvidersCheck } from './diffReport.js'

/** The name of the copy in a stack directory: the name `render` gives it. */
export const PROVIDERS_FILE = 'providers.tf'

/**
 * A copy larger than this is refused (input error) before it is read: a generated providers.tf
 * is about 350 bytes per account the stack reaches, so 8 MiB holds a stack reaching over 20,000.
 */
export const MAX_PROVIDERS_COPY_BYTES = 8 * 1024 * 1024

/** Spacelift stack IDs (slugs), as accounts.yaml's schema has them. */
const STACK_ID = /^[a-z0-9][a-z0-9-_]*$/

/** One `<stack>=<path>` as given. */
export interface StackDir {
  stack: string
  /** As given: a directory (the copy is `<path>/providers.tf`) or a file ending in `.tf`. */
  path: string
}

/** A copy as read: its text, or null when it does not exist (`why` says what is missing). */
export interface ProvidersCopy extends StackDir {
  /** The file compared: `path` itself or `path/providers.tf`. */
  file: string
  text: string | null
  why?: string
}

/**
 * `<stack>=<path>` values (`what` names the option or input in messages): the syntax, a stack ID
 * of Spacelift's form, a path, each stack once. Which stacks accounts.yaml declares is checked
 * by `checkDeclaredStacks`, once it is read.
 */
export function parseStackDirs(values: readonly string[], what: string): StackDir[] {
  const dirs: StackDir[] = []
  const seen = new Map<string, string>()
  for (const value of values) {
    const eq = value.indexOf('=')
    const stack = eq < 0 ? '' : value.slice(0, eq)
    const path = eq < 0 ? '' : value.slice(eq + 1)
    if (eq < 0 || !STACK_ID.test(stack) || path === '' || /[\0\n\r]/.test(path)) {
      throw new InputError(
        `${what} ${JSON.stringify(value)}: give <stack>=<path>, a Spacelift stack ID (lower-case letters, digits, - and _) and the directory (or .tf file) of its copied ${PROVIDERS_FILE}`
      )
    }
    const earlier = seen.get(stack)
    if (earlier !== undefined) {
      throw new InputError(`${what} ${JSON.stringify(value)}: stack ${stack} is given twice (also ${JSON.stringify(earlier)}); give each stack once`)
    }
    seen.set(stack, value)
    dirs.push({ stack, path })
  }
  return dirs
}

/** Every stack named must be declared: render writes no providers.tf for any other. */
export function checkDeclaredStacks(decl: Declaration, dirs: readonly StackDir[], what: string): void {
  const declared = decl.stacks.map((s) => s.id)
  const known = new Set(declared)
  const unknown = dirs.filter((d) => !known.has(d.stack))
  if (unknown.length === 0) return
  throw new InputError(
    unknown.map((d) => {
      const near = didYouMean(d.stack, declared)
      return {
        severity: 'error' as const,
        file: '',
        path: '',
        line: 0,
        column: 0,
        message: `${what} ${d.stack}=${d.path}: stack ${JSON.stringify(d.stack)} is not declared in accounts.yaml${near ? `; did you mean ${JSON.stringify(near)}?` : ''}`
      }
    })
  )
}

/**
 * A copy from disk (the CLI). A directory, whatever its name, holds the copy as `providers.tf`;
 * anything else must be a `.tf` file. Symbolic links are followed, as Terraform follows them. A
 * copy that does not exist is `text: null`; one that is not a regular file, too large, not UTF-8
 * or unreadable is an input error naming the option and the file.
 */
export function readProvidersCopy(dir: StackDir, what: string): ProvidersCopy {
  const given = `${what} ${dir.stack}=${dir.path}`
  let isDirectory = false
  try {
    isDirectory = statSync(dir.path).isDirectory()
  } catch (error) {
    const code = errnoCode(error)
    if (code !== 'ENOENT' && code !== 'ENOTDIR') throw new InputError(`${given}: ${dir.path} cannot be read (${code})`)
    if (!dir.path.endsWith('.tf')) return { ...dir, file: join(dir.path, PROVIDERS_FILE), text: null, why: `no directory ${dir.path}` }
  }
  if (!isDirectory && !dir.path.endsWith('.tf')) {
    throw new InputError(
      `${given}: ${dir.path} is neither a directory nor a .tf file; give the stack's Terraform root directory or its copy of ${PROVIDERS_FILE}`
    )
  }
  const file = isDirectory ? join(dir.path, PROVIDERS_FILE) : dir.path
  // The byte-order mark kept: it makes the copy stale, as it does read from git (the action).
  const reading = readRegularFile(file, MAX_PROVIDERS_COPY_BYTES, { what: `for a copied ${PROVIDERS_FILE}`, keepByteOrderMark: true })
  if (reading.ok) return { ...dir, file, text: reading.text }
  if (reading.reason === 'missing') return { ...dir, file, text: null, why: `no file ${file}` }
  throw new InputError(`${given}: ${file}: ${reading.message}`)
}

/** Each copy against what render writes for its stack now, in the order given. */
export function checkProvidersCopies(decl: Declaration, copies: readonly ProvidersCopy[]): StackProvidersCheck[] {
  checkDeclaredStacks(decl, copies, 'stack directory')
  const render = stackProvidersRenderer(decl)
  const stacks = new Map(decl.stacks.map((s) => [s.id, s]))
  return copies.map((copy) => {
    const base = { stack: copy.stack, path: copy.path, file: copy.file }
    if (copy.text === null) return { ...base, status: 'missing', detail: copy.why ?? `no file ${copy.file}` }
    const stack = stacks.get(copy.stack)
    if (stack === undefined) throw new Error(`stack ${copy.stack} vanished`)
    const difference = compareProvidersText(render(stack), copy.text)
    return difference === null ? { ...base, status: 'current' } : { ...base, status: 'stale', detail: difference }
  })
}

/**
 * CRLF as LF (an editor or git's autocrlf on Windows); spaces, tabs and line ends at the end of
 * the file dropped. Nothing else: a lone CR, a byte-order mark or a Unicode space is a difference.
 */
export function normaliseProvidersText(text: string): string {
  const lf = text.replace(/\r\n/g, '\n')
  // Not /[ \t\n]+$/: tried at every position of a long run of white space inside the file, that
  // pattern takes time quadratic in the run's length.
  let end = lf.length
  while (end > 0 && (lf[end - 1] === ' ' || lf[end - 1] === '\t' || lf[end - 1] === '\n')) end--
  return lf.slice(0, end)
}

/** null when the copy is the generated file; else a short, honest account of what differs. */
export function compareProvidersText(generated: string, copy: string): string | null {
  const want = normaliseProvidersText(generated)
  const have = normaliseProvidersText(copy)
  if (want === have) return null
  const parts: string[] = []
  const otherStack = /^# Generated by stack-accounts from accounts\.yaml for stack ("(?:[^"\\]|\\.)*")/.exec(have)?.[1]
  const ownStack = /^# Generated by stack-accounts from accounts\.yaml for stack ("(?:[^"\\]|\\.)*")/.exec(want)?.[1]
  if (otherStack !== undefined && ownStack !== undefined && otherStack !== ownStack) parts.push(`it is the file of stack ${clip(otherStack)}`)
  const blocks = providerDifferences(providerBlocks(want), providerBlocks(have))
  parts.push(...(blocks.length > 0 ? blocks : [firstDifferingLine(want, have)]))
  const shown = parts.slice(0, 6)
  if (parts.length > shown.length) shown.push(`and ${plural(parts.length - shown.length, 'more difference')}`)
  return shown.join('; ')
}

interface ProviderBlock {
  /** The block, white space collapsed. */
  body: string
  accounts: string[]
  roles: string[]
}

/**
 * `provider "aws"` blocks by alias ("" for none): found by their header and matched braces, quoted
 * strings and comments skipped; arguments read line by line with anchored patterns. Only for the
 * detail; the status never rests on it. Linear in the copy, whatever it holds (a block left open
 * runs to the end of the file, and the search goes on after each block).
 */
function providerBlocks(text: string): Map<string, ProviderBlock> {
  const blocks = new Map<string, ProviderBlock>()
  const header = /^[ \t]*provider[ \t]+"aws"[ \t]*\{/gm
  for (let found = header.exec(text); found !== null; found = header.exec(text)) {
    const start = found.index + found[0].length
    const end = blockEnd(text, start)
    const body = text.slice(start, end)
    const block: ProviderBlock = { body: body.replace(/\s+/g, ' ').trim(), accounts: [], roles: [] }
    let alias = ''
    for (const raw of body.split('\n')) {
      const line = raw.trim()
      const aliasValue = /^alias\s*=\s*"([^"]*)"/.exec(line)?.[1]
      if (aliasValue !== undefined) alias = aliasValue
      const ids = /^allowed_account_ids\s*=\s*\[([^\]]*)\]/.exec(line)?.[1]
      if (ids !== undefined) block.accounts = [...ids.matchAll(/"([^"]*)"/g)].map((m) => m[1] ?? '')
      const role = /^role_arn\s*=\s*"([^"]*)"/.exec(line)?.[1]
      if (role !== undefined) block.roles.push(role)
    }
    blocks.set(alias, block)
    header.lastIndex = Math.max(end, header.lastIndex)
  }
  return blocks
}

/** The index of the brace closing a block opened just before `start` (or the end of the text). */
function blockEnd(text: string, start: number): number {
  let depth = 1
  for (let i = start; i < text.length; i++) {
    const c = text[i]
    if (c === '"') {
      for (i++; i < text.length && text[i] !== '"' && text[i] !== '\n'; i++) if (text[i] === '\\') i++
    } else if (c === '#' || (c === '/' && text[i + 1] === '/')) {
      while (i < text.length && text[i] !== '\n') i++
    } else if (c === '{') depth++
    else if (c === '}' && --depth === 0) return i
  }
  return text.length
}

/** A value from the copy in a message: at most 200 characters. */
function clip(text: string): string {
  return text.length > 200 ? `${text.slice(0, 199)}…` : text
}

function providerName(alias: string): string {
  return alias === '' ? 'aws (no alias)' : `aws.${clip(alias)}`
}

function accountsOf(block: ProviderBlock): string {
  return block.accounts.length > 0 ? `account ${clip(block.accounts.join(', '))}` : 'no allowed_account_ids'
}

function providerDifferences(want: Map<string, ProviderBlock>, have: Map<string, ProviderBlock>): string[] {
  const out: string[] = []
  for (const [alias, block] of want) if (!have.has(alias)) out.push(`provider ${providerName(alias)} (${accountsOf(block)}) is missing`)
  for (const [alias, block] of have) if (!want.has(alias)) out.push(`provider ${providerName(alias)} (${accountsOf(block)}) is not declared for the stack`)
  for (const [alias, wanted] of want) {
    const had = have.get(alias)
    if (had === undefined || had.body === wanted.body) continue
    if (had.accounts.join() !== wanted.accounts.join()) {
      out.push(`provider ${providerName(alias)}: allowed_account_ids [${clip(had.accounts.join(', '))}], expected [${wanted.accounts.join(', ')}]`)
    } else if (had.roles.join() !== wanted.roles.join()) {
      out.push(`provider ${providerName(alias)}: role_arn ${clip(had.roles.join(', ')) || '(none)'}, expected ${wanted.roles.join(', ')}`)
    } else out.push(`provider ${providerName(alias)} differs`)
  }
  return out
}

function shortLine(line: string): string {
  const trimmed = line.trim()
  return JSON.stringify(trimmed.length > 100 ? `${trimmed.slice(0, 99)}…` : trimmed)
}

function firstDifferingLine(want: string, have: string): string {
  const a = want.split('\n')
  const b = have.split('\n')
  let i = 0
  while (i < a.length && i < b.length && a[i] === b[i]) i++
  const line = i + 1
  if (i >= b.length) return `the copy ends at line ${i}; line ${line} should be ${shortLine(a[i] ?? '')}`
  if (i >= a.length) return `line ${line} is more than render writes (${shortLine(b[i] ?? '')})`
  return `line ${line} is ${shortLine(b[i] ?? '')}, render writes ${shortLine(a[i] ?? '')}`
}
