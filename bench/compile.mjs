/**
 * Compiles the sources the in-process measurements call into bench/out (git-ignored) with the
 * project's TypeScript, types not checked (npm run typecheck does that): about 6 s, no bundler.
 */
import { execFileSync } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import { rmSync } from 'node:fs'

export const REPO = fileURLToPath(new URL('..', import.meta.url))
export const OUT = fileURLToPath(new URL('./out/', import.meta.url))

const ENTRIES = [
  'src/generate/analyseDeclaration.ts',
  'src/diff/runDiff.ts',
  'src/generate/iam/iamQuota.ts',
  'src/generate/writeGeneratedFiles.ts',
  'src/generate/iamTerraformFiles.ts',
  'src/config/synthetic.ts',
  'src/planPolicy/evaluatePlan.ts',
  'src/planPolicy/planInput.ts',
  'src/generate/spaceliftBundle.ts',
  'src/planPolicy/syntheticPlan.ts'
]

export function compileSources() {
  rmSync(OUT, { recursive: true, force: true })
  const tsc = fileURLToPath(new URL('../node_modules/typescript/bin/tsc', import.meta.url))
  // prettier-ignore
  execFileSync(process.execPath, [tsc,
    '--module', 'NodeNext', '--moduleResolution', 'NodeNext', '--target', 'ES2022', '--lib', 'ES2023',
    '--types', 'node', '--skipLibCheck', '--esModuleInterop', '--resolveJsonModule', '--isolatedModules',
    '--noCheck', '--rootDir', '.', '--outDir', OUT, ...ENTRIES], { cwd: REPO, stdio: 'inherit' })
}

/** Imports a compiled module by its source path, e.g. sourceModule('src/diff/runDiff.ts'). */
export function sourceModule(path) {
  return import(new URL(`./out/${path.replace(/\.ts$/, '.js')}`, import.meta.url).href)
}
