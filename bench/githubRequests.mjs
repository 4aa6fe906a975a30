/**
 * Requests the bundled action makes to GitHub in one pull-request run, counted by the project's
 * test server (__tests__/support/githubServer.ts: every request is checked against GitHub's
 * OpenAPI description of the operation, and so is every answer). The PR already has 99 comments
 * by others; the runs, each a child process `node dist/index.js` on a git repository with a base
 * and a head commit of accounts.yaml, the organisation's existing policies committed in the base:
 *   1. opened:       no comment of ours yet (99 comments)  -> list, create
 *   2. synchronize:  a new head commit changes the report (100 comments) -> list, update
 *   3. synchronize:  nothing changed since run 2 (100 comments) -> list only
 */
import { execFileSync, spawn } from 'node:child_process'
import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { actionEnv } from './actionEnv.mjs'
import { REPO } from './compile.mjs'
import { round1 } from './stats.mjs'

const OWNER = 'Codertocat'
const NAME = 'Hello-World'
const OTHER_COMMENTS = 99

async function loadServer() {
  try {
    // Node 22.18+ / 24 run TypeScript that only needs its types erased, as this file does.
    return await import(new URL('../__tests__/support/githubServer.ts', import.meta.url).href)
  } catch (error) {
    throw new Error(`cannot load the GitHub test server (needs Node 24, as npm run bench uses): ${error.message}`, { cause: error })
  }
}

function git(cwd, ...args) {
  const env = {
    ...process.env,
    GIT_AUTHOR_NAME: 'bench',
    GIT_AUTHOR_EMAIL: 'bench@example.com',
    GIT_COMMITTER_NAME: 'bench',
    GIT_COMMITTER_EMAIL: 'bench@example.com'
  }
  return execFileSync('git', args, { cwd, env, encoding: 'utf8' }).trim()
}

function commit(cwd, text, message) {
  writeFileSync(join(cwd, 'accounts.yaml'), text)
  git(cwd, 'add', 'accounts.yaml')
  git(cwd, 'commit', '-q', '-m', message)
  return git(cwd, 'rev-parse', 'HEAD')
}

/** The PR's base: stack-0004 still read-write and another external ID for the 10th account. */
function baseVersion(head) {
  return head
    .replace(/(\n {2}stack-0004:\n {4}accounts: \[[^\]]*\]\n) {4}access: read-only\n/, '$1')
    .replace('external_id: ext-acct_00010\n', 'external_id: ext-acct_00010-old\n')
}

function runAction(env, cwd) {
  return new Promise((resolve, reject) => {
    const start = performance.now()
    const child = spawn(process.execPath, [join(REPO, 'dist/index.js')], { cwd, env })
    let output = ''
    child.stdout.on('data', (d) => (output += d))
    child.stderr.on('data', (d) => (output += d))
    child.on('error', reject)
    child.on('close', (code) => resolve({ code, output, wall: performance.now() - start }))
  })
}

function payload(action, baseSha, headSha) {
  const event = JSON.parse(readFileSync(join(REPO, `__tests__/fixtures/github/webhook-pull_request.${action}.json`), 'utf8'))
  event.pull_request.base.sha = baseSha
  event.pull_request.head.sha = headSha
  return event
}

export async function measureGitHubRequests(org) {
  const { startGitHubServer } = await loadServer()
  const server = await startGitHubServer()
  try {
    const number = payload('opened', '', '').pull_request.number
    server.seed(
      OWNER,
      NAME,
      number,
      Array.from({ length: OTHER_COMMENTS }, (_, i) => `Review comment ${i + 1}: looks good to me.`)
    )
    const workspace = mkdtempSync(join(tmpdir(), 'stack-accounts-bench-repo-'))
    git(workspace, 'init', '-q', '-b', 'main')
    // Today's policies are read from the base commit (never the working tree): commit them with it.
    cpSync(org.existingDir, join(workspace, 'existing'), { recursive: true })
    git(workspace, 'add', 'existing')
    const baseSha = commit(workspace, baseVersion(org.yaml), 'base')
    git(workspace, 'checkout', '-q', '-b', 'feature')
    const heads = [commit(workspace, org.yaml, 'head')]
    const inputs = { existing: 'existing', 'fail-on': 'never' }
    const runs = []
    const plan = [
      { action: 'opened', head: () => heads[0] },
      { action: 'synchronize', head: () => heads[heads.push(commit(workspace, `${org.yaml}  stack-extra:\n    accounts: [acct_00001]\n`, 'head 2')) - 1] },
      { action: 'synchronize', head: () => heads[heads.length - 1] }
    ]
    for (const step of plan) {
      const headSha = step.head()
      const { env } = actionEnv({
        eventName: 'pull_request',
        event: payload(step.action, baseSha, headSha),
        inputs,
        apiUrl: server.url,
        workspace,
        sha: headSha
      })
      const before = server.requests.length
      const commentsBefore = server.commentsOf(OWNER, NAME, number).length
      const result = await runAction(env, workspace)
      if (result.code !== 0) throw new Error(`the action exited ${result.code}:\n${result.output.slice(-2000)}`)
      const requests = server.requests.slice(before)
      runs.push({
        event: step.action,
        commentsOnPr: commentsBefore,
        requests: requests.length,
        operations: requests.map((r) => `${r.operationId} ${r.status}`),
        wall: round1(result.wall)
      })
    }
    const ours = server.commentsOf(OWNER, NAME, number).filter((c) => c.body.startsWith('<!-- stack-accounts:'))
    return {
      accounts: org.accounts,
      runs,
      maxRequests: Math.max(...runs.map((r) => r.requests)),
      ourComments: ours.length,
      commentChars: ours[0]?.body.length ?? 0,
      problems: [...server.problems]
    }
  } finally {
    await server.stop()
  }
}
