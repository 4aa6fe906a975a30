/**
 * The fix for copied providers.tf that are out of step (report.stack_providers): render again and
 * copy each stack's file over its copy. Shell commands that work pasted from the directory the
 * paths are relative to; every path is single-quoted (a path is the user's, and may hold anything).
 */
import type { StackProvidersCheck } from '../diff/diffReport.js'
import { shellWord } from './applySnippets.js'

/**
 * `render` into a fresh temporary directory (nothing of the user's is touched), then one `cp` a
 * copy out of step. `cli` is how the command is invoked.
 */
export function providersFixCommands(configPath: string, outOfStep: readonly StackProvidersCheck[], cli = 'stack-accounts'): string {
  return [
    // `--config=`: a config whose name starts with "-" is still its value, not a missing one.
    `out="$(mktemp -d)" && ${cli} render --config=${shellWord(configPath)} --out "$out"`,
    // `--`: a copy whose path starts with "-" is still the destination, not an option.
    ...outOfStep.map((c) => `cp -- "$out"/terraform/${shellWord(c.stack)}/providers.tf ${shellWord(c.file)}`)
  ].join('\n')
}
