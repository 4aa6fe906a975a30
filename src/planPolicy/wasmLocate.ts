/**
 * Where the plan policy compiled to WebAssembly (`scripts/build-wasm.sh`) is on disk.
 *
 * The action (dist/index.js) and the CLI (dist/cli/index.js) are ncc bundles that sit next to
 * dist/policy/plan.wasm; run from the sources (tests, ts-node) the module is under src/planPolicy/
 * and the file is the repository's dist/policy/plan.wasm. STACK_ACCOUNTS_WASM overrides all.
 */
import { existsSync } from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { InputError } from '../common/diagnostics.js'

export const WASM_ENV = 'STACK_ACCOUNTS_WASM'

/** Relative to the directory of the running code: the CLI bundle, the action bundle, the sources. */
const RELATIVE_LOCATIONS = ['../policy/plan.wasm', 'policy/plan.wasm', '../../dist/policy/plan.wasm'] as const

/** The places to look, in order: the directories of this module and of the entry script. */
export function policyWasmCandidates(codeDirs: readonly string[]): string[] {
  const seen = new Set<string>()
  for (const dir of codeDirs) {
    for (const relative of RELATIVE_LOCATIONS) seen.add(path.resolve(dir, relative))
  }
  return [...seen]
}

/** The directories the running code lives in (this module's, after bundling the bundle's; the entry script's). */
export function runningCodeDirs(moduleUrl: string = import.meta.url, entryScript: string | undefined = process.argv[1]): string[] {
  const dirs: string[] = []
  if (moduleUrl.startsWith('file:')) dirs.push(path.dirname(fileURLToPath(moduleUrl)))
  if (entryScript) dirs.push(path.dirname(path.resolve(entryScript)))
  return dirs
}

/** The path of plan.wasm; an InputError naming every place tried when it is nowhere. */
export function locatePolicyWasm(env: NodeJS.ProcessEnv = process.env, codeDirs: readonly string[] = runningCodeDirs()): string {
  const override = env[WASM_ENV]
  if (override !== undefined && override !== '') {
    if (!existsSync(override)) throw new InputError(`${WASM_ENV}=${override}: no such file (the plan policy compiled by scripts/build-wasm.sh)`)
    return override
  }
  const candidates = policyWasmCandidates(codeDirs)
  const found = candidates.find((candidate) => existsSync(candidate))
  if (found === undefined) {
    throw new InputError(
      `cannot find the compiled plan policy (plan.wasm); looked in ${candidates.join(', ')}. ` + `Run 'bash scripts/build-wasm.sh' or set ${WASM_ENV}.`
    )
  }
  return found
}
