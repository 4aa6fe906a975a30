/**
 * The fix for copied providers.tf that are out of step (report.stack_providers): render again and
 * copy each stack's file over its copy. Shell commands that work pasted from the directory the
 * paths are relative to; every path is single-quoted (a path is the user's, and may hold anything).
 */
import type { StackProvidersCheck } from '../diff/diffReport.js'

/** A word for a POSIX shell: single-quoted, a `'` inside as `'\''`. */
export function shellWord(word: string): string {
  return /^[A-Za-z0-9_./@%+=:,-]+$/.test(word) ? word : `'${word.replace(/'/g, `'\\''`)}'`
}

/**
 * `render` into a fresh temporary directory (nothing of the user's is touched), then one `cp` a
 * copy out of step. `cli` is how the command is invoked.
 */
export function providersFixCommands(configPath: string, outOfStep: readonly StackProvidersCheck[], cli = 'stack-accounts'): string {
  return [
    `out="$(mktemp -d)" && ${cli} render --config ${shellWord(configPath)} --out "$out"`,
    ...outOfStep.map((c) => `cp "$out"/terraform/${shellWord(c.stack)}/providers.tf ${shellWord(c.file)}`)
  ].join('\n')
}
