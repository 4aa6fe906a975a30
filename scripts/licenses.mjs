#!/usr/bin/env node
// Writes dist/licenses.txt: the licence of every production dependency (the packages the bundles
// may contain), from package-lock.json, in path order. ncc's own --license output picks one text
// when two versions of a package are installed, and not always the same one, which made dist/
// differ between two builds of the same source.
import { existsSync, readFileSync, readdirSync, writeFileSync } from 'node:fs'
import path from 'node:path'

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..')
const lock = JSON.parse(readFileSync(path.join(root, 'package-lock.json'), 'utf8'))
const out = process.argv[2] ?? path.join(root, 'dist', 'licenses.txt')

const entries = Object.entries(lock.packages)
  .filter(([location, info]) => location.startsWith('node_modules/') && !info.dev && !info.devOptional)
  .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))

const blocks = []
for (const [location, info] of entries) {
  const dir = path.join(root, location)
  if (!existsSync(path.join(dir, 'package.json'))) continue // an optional package not installed here
  const pkg = JSON.parse(readFileSync(path.join(dir, 'package.json'), 'utf8'))
  const licenseFile = readdirSync(dir)
    .filter((name) => /^(licen[cs]e|copying)(\.|$)/i.test(name))
    .sort()[0]
  const text = licenseFile ? readFileSync(path.join(dir, licenseFile), 'utf8').trim() : '(no licence file in the package)'
  blocks.push(`${pkg.name}@${pkg.version ?? info.version}\n${pkg.license ?? info.license ?? 'UNKNOWN'}\n\n${text}\n`)
}
writeFileSync(out, blocks.join('\n-----\n\n'))
console.log(`licenses: wrote ${path.relative(root, out)} (${blocks.length} packages)`)
