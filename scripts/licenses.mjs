#!/usr/bin/env node
// Writes dist/licenses.txt: the licence of every package the bundles may contain (the packages of
// package.json `bundledIntoDist` and everything they depend on, found in package-lock.json the way
// Node resolves it), in path order. They are devDependencies: the bundles are self-contained, so
// the published package declares no dependency and installs nothing. ncc's own --license output
// picks one text when two versions of a package are installed, and not always the same one, which
// made dist/ differ between two builds of the same source.
import { existsSync, readFileSync, readdirSync, writeFileSync } from 'node:fs'
import path from 'node:path'

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..')
const lock = JSON.parse(readFileSync(path.join(root, 'package-lock.json'), 'utf8'))
const manifest = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8'))
const out = process.argv[2] ?? path.join(root, 'dist', 'licenses.txt')

/** Where Node finds `name` from the package at `from`: its own node_modules, then each parent's. */
function resolveFrom(from, name) {
  let dir = from
  for (;;) {
    const candidate = `${dir ? `${dir}/` : ''}node_modules/${name}`
    if (lock.packages[candidate]) return candidate
    if (!dir) return undefined
    const up = dir.lastIndexOf('/node_modules/')
    dir = up < 0 ? '' : dir.slice(0, up)
  }
}

const bundled = new Set()
const queue = manifest.bundledIntoDist.map((name) => resolveFrom('', name))
while (queue.length) {
  const location = queue.pop()
  if (location === undefined || bundled.has(location)) continue
  bundled.add(location)
  const info = lock.packages[location]
  for (const name of Object.keys({ ...info.dependencies, ...info.optionalDependencies, ...info.peerDependencies })) queue.push(resolveFrom(location, name))
}

const entries = Object.entries(lock.packages)
  .filter(([location]) => bundled.has(location))
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
