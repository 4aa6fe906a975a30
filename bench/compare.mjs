/**
 * `compare` on the largest and most hostile inputs it accepts, and on inputs it must refuse up
 * front: every accepted pair must finish in under 2 s (wall, CLI, on this machine), every refused
 * one at once with exit 2. The shapes are those that cost most per character: one statement
 * listing many principals and actions (a principal × action cross product at the 10,000-combination
 * bound), Deny-heavy documents, long lists of wildcard condition values, many small statements,
 * roles next to their sessions; and the 2,000- and 8,000-statement documents (240 kB, 960 kB) that
 * once took 15 s and more than 5 minutes.
 */
import { spawnSync } from 'node:child_process'
import { mkdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { REPO } from './compile.mjs'
import { median } from './stats.mjs'
import { round1 } from './stats.mjs'

const TRUST_CHARS = 5120
const size = (doc) => JSON.stringify(doc).length
const account = (i) => String(100000000000 + i)

/** One statement, principals × actions up to the 5,000-combination bound. */
function crossProduct(seed, effect = 'Allow', principalCount = 70) {
  const principals = Array.from({ length: principalCount }, (_, i) => account(i * 3 + seed))
  const actions = Array.from({ length: 70 }, (_, i) => `sts:A${(i + seed).toString(36)}`)
  return { Version: '2012-10-17', Statement: [{ Effect: effect, Principal: { AWS: principals }, Action: actions }] }
}

/** OLD denies a cross product under a broad Allow; NEW drops the Deny and allows another cross product. */
function denyHeavy(seed) {
  const deny = crossProduct(seed, 'Deny').Statement[0]
  const allow = { Effect: 'Allow', Principal: { AWS: deny.Principal.AWS.slice(0, 30) }, Action: deny.Action.slice(0, 30) }
  return seed === 0
    ? { Version: '2012-10-17', Statement: [allow, { ...deny, Principal: { AWS: deny.Principal.AWS.slice(0, 50) } }] }
    : { Version: '2012-10-17', Statement: [allow] }
}

function fill(doc, add) {
  for (let i = 0; ; i++) {
    add(i)
    if (size(doc) > TRUST_CHARS - 8) {
      add(-1)
      return doc
    }
  }
}

/** One StringLike list of `*x*` patterns up to the size bound: pattern-in-pattern questions. */
function wildcardValues(seed) {
  const values = []
  const doc = {
    Version: '2012-10-17',
    Statement: [{ Effect: 'Allow', Principal: { AWS: account(1) }, Action: 'sts:AssumeRole', Condition: { StringLike: { 'sts:ExternalId': values } } }]
  }
  return fill(doc, (i) => (i < 0 ? values.pop() : values.push(`*${(i * 7 + seed).toString(36)}*`)))
}

/** Many small statements, every other one a Deny, roles and their sessions mixed. */
function manyStatements(seed) {
  const doc = { Version: '2012-10-17', Statement: [] }
  return fill(doc, (i) => {
    if (i < 0) return doc.Statement.pop()
    const principal =
      i % 3 === 0
        ? `arn:aws:iam::${account(i % 7)}:role/p/r${i % 5}`
        : i % 3 === 1
          ? `arn:aws:sts::${account(i % 7)}:assumed-role/r${i % 5}/s${seed}`
          : account(i % 11)
    doc.Statement.push({
      Effect: i % 2 ? 'Deny' : 'Allow',
      Principal: { AWS: principal },
      Action: `sts:A${(i + seed) % 13}`,
      Condition: { NumericLessThan: { 'aws:MultiFactorAuthAge': String(100 + i) } }
    })
  })
}

/**
 * 50 principals × 50 actions under one StringLike value of some 1,800 characters: OLD a pattern
 * of many stars (`*a*a*…b`), NEW a long literal run with a star. Every combination asks the same
 * quadratic pattern question (red team: once minutes for 3 kB documents).
 */
function longPatterns(seed) {
  const principals = Array.from({ length: 50 }, (_, i) => account(i))
  const actions = Array.from({ length: 50 }, (_, i) => `x:a${String(i).padStart(2, '0')}`)
  const value = seed === 0 ? '*' + 'a*'.repeat(900) + 'b' : 'a'.repeat(1790) + '*'
  return {
    Version: '2012-10-17',
    Statement: [{ Effect: 'Allow', Principal: { AWS: principals }, Action: actions, Condition: { StringLike: { 'sts:ExternalId': value } } }]
  }
}

/**
 * OLD denies 70 actions x 70 resources to one account, NEW allows 70 other actions on the same
 * resources: 4,900 lost Denies, each asked against 4,900 Allow grants that name a Resource
 * (red team: once 38 s of CPU).
 */
function denyResources(seed) {
  const actions = Array.from({ length: 70 }, (_, i) => `${seed === 0 ? 'y:b' : 'x:a'}${String(i).padStart(2, '0')}`)
  const resources = Array.from({ length: 70 }, (_, i) => `r${String(i).padStart(2, '0')}`)
  return { Version: '2012-10-17', Statement: [{ Effect: seed === 0 ? 'Deny' : 'Allow', Principal: { AWS: account(1) }, Action: actions, Resource: resources }] }
}

/** Statement count of a document of `statements` statements (the sizes of the issue). */
function hugeDocument(statements, seed) {
  return {
    Version: '2012-10-17',
    Statement: Array.from({ length: statements }, (_, i) => ({
      Sid: `S${i}`,
      Effect: i % 5 ? 'Allow' : 'Deny',
      Principal: { AWS: `arn:aws:iam::${account(i % 1000)}:role/r${(i + seed) % 50}` },
      Action: 'sts:AssumeRole',
      Condition: { StringEquals: { 'sts:ExternalId': `x${i + seed}` } }
    }))
  }
}

export const COMPARE_CASES = [
  { name: 'cross product 70 x 70', make: (s) => crossProduct(s), expect: 'accepted' },
  { name: 'deny-heavy cross product', make: denyHeavy, expect: 'accepted' },
  { name: `StringLike *x* values (${TRUST_CHARS} chars)`, make: wildcardValues, expect: 'accepted' },
  { name: `many statements, roles and sessions (${TRUST_CHARS} chars)`, make: manyStatements, expect: 'accepted' },
  { name: 'long star patterns under a 50 x 50 cross product', make: longPatterns, expect: 'accepted' },
  { name: 'lost Denies against Allows with resources, 70 x 70', make: denyResources, expect: 'accepted' },
  { name: 'cross product 72 x 70 (refused)', make: (s) => crossProduct(s, 'Allow', 72), expect: 'refused' },
  { name: '2,000 statements (refused)', make: (s) => hugeDocument(2000, s), expect: 'refused' },
  { name: '8,000 statements (refused)', make: (s) => hugeDocument(8000, s), expect: 'refused' }
]

export function writeCompareCases(dir) {
  mkdirSync(dir, { recursive: true })
  return COMPARE_CASES.map((c, i) => {
    const oldFile = join(dir, `case-${i}-old.json`)
    const newFile = join(dir, `case-${i}-new.json`)
    writeFileSync(oldFile, JSON.stringify(c.make(0), null, 1))
    writeFileSync(newFile, JSON.stringify(c.make(1), null, 1))
    return { ...c, oldFile, newFile }
  })
}

/** Wall time of `stack-accounts compare OLD NEW --partition aws` per case (median of `runs`), and whether it was accepted. */
export function measureCompareCli(cases, runs) {
  const cli = join(REPO, 'dist/cli/index.js')
  return cases.map((c) => {
    const samples = []
    let status = null
    let detail = ''
    for (let i = 0; i < runs; i++) {
      const start = performance.now()
      const child = spawnSync(process.execPath, [cli, 'compare', c.oldFile, c.newFile, '--partition', 'aws', '--format', 'json'], {
        encoding: 'utf8',
        maxBuffer: 1 << 30
      })
      samples.push(performance.now() - start)
      status = child.status
      detail = status === 2 ? child.stderr.trim().split('\n')[0] : `widens: ${JSON.parse(child.stdout).widens}`
    }
    const outcome = status === 0 || status === 1 ? 'accepted' : status === 2 ? 'refused' : `exit ${status}`
    return { name: c.name, wall: round1(median(samples)), wallSamples: samples.map(round1), outcome, expected: c.expect, detail }
  })
}
