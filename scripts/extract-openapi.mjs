#!/usr/bin/env node
/**
 * Extracts the GitHub REST operations the action uses from @octokit/openapi, with every schema,
 * parameter and response they reference (transitively), into
 * __tests__/fixtures/github/openapi-operations.json. The local GitHub server of the tests
 * (__tests__/support/githubServer.ts) validates requests against it.
 *
 *   node scripts/extract-openapi.mjs
 */
import { readFileSync, writeFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'

const OPERATIONS = ['issues/list-comments', 'issues/create-comment', 'issues/update-comment', 'issues/delete-comment', 'users/get-authenticated']

const root = join(dirname(fileURLToPath(import.meta.url)), '..')
const require = createRequire(import.meta.url)
const packageDir = dirname(require.resolve('@octokit/openapi/package.json'))
const pkg = JSON.parse(readFileSync(join(packageDir, 'package.json'), 'utf8'))
const spec = JSON.parse(readFileSync(join(packageDir, 'generated', 'api.github.com.json'), 'utf8'))

const paths = {}
const found = new Set()
for (const [path, item] of Object.entries(spec.paths)) {
  for (const [method, operation] of Object.entries(item)) {
    if (!OPERATIONS.includes(operation.operationId)) continue
    found.add(operation.operationId)
    paths[path] ??= {}
    paths[path][method] = operation
  }
}
const missing = OPERATIONS.filter((id) => !found.has(id))
if (missing.length > 0) throw new Error(`operations not in the spec: ${missing.join(', ')}`)

/** Copies every `#/components/...` a value references, transitively. */
const components = {}
function collect(value) {
  if (Array.isArray(value)) return value.forEach(collect)
  if (value === null || typeof value !== 'object') return
  if (typeof value.$ref === 'string') {
    const [, section, name] = value.$ref.match(/^#\/components\/([^/]+)\/(.+)$/) ?? []
    if (!section) throw new Error(`unexpected $ref ${value.$ref}`)
    components[section] ??= {}
    if (!(name in components[section])) {
      const target = spec.components[section][name]
      components[section][name] = target
      collect(target)
    }
  }
  for (const [key, child] of Object.entries(value)) if (key !== '$ref') collect(child)
}
collect(paths)

function sorted(value) {
  if (Array.isArray(value)) return value.map(sorted)
  if (value === null || typeof value !== 'object') return value
  return Object.fromEntries(
    Object.keys(value)
      .sort()
      .map((k) => [k, sorted(value[k])])
  )
}

const out = {
  openapi: spec.openapi,
  info: { ...spec.info, 'x-extracted-from': `${pkg.name}@${pkg.version} generated/api.github.com.json`, 'x-operations': OPERATIONS },
  paths: sorted(paths),
  components: sorted(components)
}
const file = join(root, '__tests__', 'fixtures', 'github', 'openapi-operations.json')
writeFileSync(file, `${JSON.stringify(out, null, 2)}\n`)
console.log(`wrote ${file}: ${OPERATIONS.length} operations, ${Object.values(components).reduce((n, s) => n + Object.keys(s).length, 0)} components`)
