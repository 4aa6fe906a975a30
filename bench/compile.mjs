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
  'src/declaration.ts',
  'src/diff/run.ts',
  'src/iam/quota.ts',
  'src/output/writeGeneratedFiles.ts',
  'src/render/iamTerraformFiles.ts',
  'src/config/synthetic.ts',
  'src/spacelift/checkPlan.ts',
  'src/spacelift/planInput.ts',
  'src/spacelift/renderBundle.ts',
  'src/spacelift/syntheticPlan.ts'
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

/** Imports a compiled module by its source path, e.g. sourceModule('src/diff/run.ts'). */
export function sourceModule(path) {
  return import(new URL(`./out/${path.replace(/\.ts$/, '.js')}`, import.meta.url).href)
}
