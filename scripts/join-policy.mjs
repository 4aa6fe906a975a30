// Joins the plan policy's files (policies/plan/*.rego, tests excluded: one concern each, all
// `package spacelift`) into the single body Spacelift takes: a policy is one text, the `body` of
// the spacelift_policy that `stack-accounts render` writes (src/generate/spaceliftBundle.ts), and
// Spacelift policy bodies cannot load other files or data.
//   node scripts/join-policy.mjs [DIR]   prints the joined body of DIR (default policies/plan)
// Used by scripts/embed-policy.mjs (what `stack-accounts render` writes), scripts/build-wasm.sh
// (the PR-side evaluation) and scripts/test-rego.sh (every gate runs on the joined body too).
//
// The body: the entry file (stack_accounts.rego: the package's METADATA, the package line, the
// declaration, the entrypoints) first, then the other files in name order, each under a banner
// naming it; one package line; the imports of every file, deduplicated, in order of first
// appearance. Rules, comments and `# METADATA` annotations are copied as written, so the order
// of the files changes nothing a rule means (Rego rules are order-free within a package).
// Refused (exit 1): a file of another package, an import the join cannot copy, a file other than
// the entry with text or METADATA before its package line that the body would detach.
import { readdirSync, readFileSync } from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'

const root = fileURLToPath(new URL('..', import.meta.url))
export const PLAN_POLICY_DIR = 'policies/plan'
export const ENTRY_FILE = 'stack_accounts.rego'
const PACKAGE_LINE = 'package spacelift'
const BANNER = `# ${'-'.repeat(93)}`

/** The policy files of DIR in join order: the entry first, then the others by name. */
export function planPolicyFiles(dir = path.join(root, PLAN_POLICY_DIR)) {
  const names = readdirSync(dir)
    .filter((name) => name.endsWith('.rego') && !name.endsWith('_test.rego'))
    .sort()
  if (!names.includes(ENTRY_FILE)) throw new Error(`join-policy: ${dir} has no ${ENTRY_FILE}`)
  return [ENTRY_FILE, ...names.filter((name) => name !== ENTRY_FILE)]
}

/** [header lines, imports, body lines] of one file; throws naming the file and line. */
function splitFile(name, text) {
  const lines = text.replace(/\n+$/, '').split('\n')
  const packageIndex = lines.findIndex((line) => line.startsWith('package '))
  if (packageIndex < 0 || lines[packageIndex] !== PACKAGE_LINE) {
    throw new Error(`join-policy: ${name}:${packageIndex + 1}: every file must be "${PACKAGE_LINE}"`)
  }
  const header = lines.slice(0, packageIndex)
  const imports = []
  let index = packageIndex + 1
  for (; index < lines.length; index++) {
    const line = lines[index]
    if (line === '') continue
    if (!line.startsWith('import ')) break
    if (!/^import [A-Za-z0-9_.]+( as [A-Za-z0-9_]+)?$/.test(line)) {
      throw new Error(`join-policy: ${name}:${index + 1}: cannot join the import "${line}"`)
    }
    imports.push(line)
  }
  return [header, imports, lines.slice(index)]
}

/** The joined body of the plan policy files of DIR. */
export function joinPlanPolicy(dir = path.join(root, PLAN_POLICY_DIR)) {
  const files = planPolicyFiles(dir).map((name) => [name, ...splitFile(name, readFileSync(path.join(dir, name), 'utf8'))])
  const imports = [...new Set(files.flatMap(([, , fileImports]) => fileImports))]
  const [, entryHeader, , entryBody] = files[0]
  const out = [...entryHeader, PACKAGE_LINE, '', ...imports, '', ...entryBody]
  for (const [name, header, , body] of files.slice(1)) {
    header.forEach((line, index) => {
      if (!line.startsWith('#') || /^#\s*METADATA\s*$/.test(line)) {
        throw new Error(`join-policy: ${name}:${index + 1}: only comments (no METADATA) may come before the package line`)
      }
    })
    out.push('', BANNER, `# ${PLAN_POLICY_DIR}/${name}${header.length > 0 ? ':' : ''}`, ...header, BANNER, '', ...body)
  }
  return out.join('\n') + '\n'
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  try {
    process.stdout.write(joinPlanPolicy(process.argv[2] ? path.resolve(process.argv[2]) : undefined))
  } catch (error) {
    console.error(error instanceof Error ? error.message : String(error))
    process.exit(1)
  }
}
