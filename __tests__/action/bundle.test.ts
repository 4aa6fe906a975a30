/**
 * The committed action bundle (dist/index.js), run as GitHub runs it: a child process with the
 * runner's environment, a temporary git repository with base and head commits of accounts.yaml,
 * and the local GitHub server. STACK_ACCOUNTS_ACTION_ENTRY may point at another bundle.
 */
import { afterEach, beforeEach, describe, expect, it } from '@jest/globals'
import { spawn } from 'node:child_process'
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { startGitHubServer, userAccount, type GitHubServer } from '../support/githubServer.js'
import { cli } from '../support/cli.js'
import { readJsonFile, type DiffReport } from '../support/jsonOutput.js'
import { baseOnlyCheckout, git, pullRequestRepo, type PullRequestRepo } from './gitRepo.js'

const ENTRY = process.env.STACK_ACCOUNTS_ACTION_ENTRY ?? fileURLToPath(new URL('../../dist/index.js', import.meta.url))
const MARKER = '<!-- stack-accounts:config=accounts.yaml -->'

/** `compact`: the forms that keep every IAM document within IAM's default limits at any size. */
function accountsYaml(count: number, stacksPerAccount = 1, compact = false): string {
  const accounts = Array.from({ length: count }, (_, i) => `  acct_${String(i).padStart(4, '0')}:\n    id: "${String(200000000000 + i)}"`)
  const stacks = Array.from({ length: count }, (_, i) => {
    const alias = `acct_${String(i).padStart(4, '0')}`
    return Array.from({ length: stacksPerAccount }, (_, j) => `  stack-${String(i).padStart(4, '0')}-${j}:\n    accounts: [${alias}]`).join('\n')
  })
  return [
    'version: 1',
    'spacelift:',
    '  account: acme',
    '  region: eu',
    '  integration_id: 01HZX3Q5M8K2V7W9ABCDEFGHJK',
    `  external_id_match: ${compact ? 'integration' : 'stack'}`,
    'hub:',
    '  account_id: "111111111111"',
    '  role: spacelift-hub',
    ...(compact ? ['  permissions: organization', '  organization_id: o-a1b2c3d4e5'] : []),
    'defaults:',
    '  role: spacelift-target',
    '  region: eu-west-1',
    'accounts:',
    ...accounts,
    'stacks:',
    ...stacks,
    ''
  ].join('\n')
}

/** The policies `render` writes for a declaration, as repository files under `iam/` (what a PR could claim exists today). */
async function renderedIam(yaml: string): Promise<Record<string, string>> {
  const dir = mkdtempSync(join(tmpdir(), 'stack-accounts-iam-'))
  writeFileSync(join(dir, 'accounts.yaml'), yaml)
  const result = await cli('render', '--config', join(dir, 'accounts.yaml'), '--out', join(dir, 'out'))
  if (result.code !== 0) throw new Error(result.stderr)
  const files: Record<string, string> = {}
  for (const account of readdirSync(join(dir, 'out', 'iam'))) {
    for (const file of readdirSync(join(dir, 'out', 'iam', account)))
      files[`iam/${account}/${file}`] = readFileSync(join(dir, 'out', 'iam', account, file), 'utf8')
  }
  return files
}

interface RunResult {
  code: number | null
  stdout: string
  summary: string
  outputs: Record<string, string>
}

function readOutputs(file: string): Record<string, string> {
  const text = existsSync(file) ? readFileSync(file, 'utf8') : ''
  const outputs: Record<string, string> = {}
  const re = /^([^<\n]+)<<(\S+)\n([\s\S]*?)\n\2$/gm
  for (const m of text.matchAll(re)) outputs[m[1] as string] = m[3] as string
  return outputs
}

let server: GitHubServer
let repo: PullRequestRepo

/** The parts of GitHub's example pull_request webhook payload the tests rewrite. */
interface PullRequestPayload {
  pull_request: { head: { sha: string; repo: object }; base: { sha: string } }
}

function payload(action: 'opened' | 'synchronize', fork = false): object {
  const example = readJsonFile<PullRequestPayload>(new URL(`../fixtures/github/webhook-pull_request.${action}.json`, import.meta.url))
  example.pull_request.head.sha = repo.headSha
  example.pull_request.base.sha = repo.baseSha
  if (fork) example.pull_request.head.repo = { ...example.pull_request.head.repo, full_name: 'someone/Hello-World', fork: true }
  return example
}

async function runAction(event: object, inputs: Record<string, string> = {}, name = 'pull_request'): Promise<RunResult> {
  if (!existsSync(ENTRY)) throw new Error(`${ENTRY} does not exist: run npm run bundle`)
  const dir = mkdtempSync(join(tmpdir(), 'stack-accounts-run-'))
  const eventPath = join(dir, 'event.json')
  writeFileSync(eventPath, JSON.stringify(event))
  const summary = join(dir, 'summary.md')
  const output = join(dir, 'output.txt')
  writeFileSync(summary, '')
  writeFileSync(output, '')
  const env: Record<string, string> = {
    PATH: process.env.PATH ?? '',
    HOME: process.env.HOME ?? dir,
    GITHUB_ACTIONS: 'true',
    GITHUB_API_URL: server.url,
    GITHUB_SERVER_URL: 'https://github.com',
    GITHUB_EVENT_NAME: name,
    GITHUB_EVENT_PATH: eventPath,
    GITHUB_REPOSITORY: 'Codertocat/Hello-World',
    GITHUB_RUN_ID: '4242',
    GITHUB_SHA: repo.headSha,
    GITHUB_WORKSPACE: repo.dir,
    GITHUB_STEP_SUMMARY: summary,
    GITHUB_OUTPUT: output,
    RUNNER_TEMP: dir,
    'INPUT_GITHUB-TOKEN': 'ghs_test',
    'INPUT_FAIL-ON': 'never'
  }
  for (const [k, v] of Object.entries(inputs)) env[`INPUT_${k.toUpperCase()}`] = v
  const child = spawn(process.execPath, [ENTRY], { cwd: repo.dir, env })
  let stdout = ''
  child.stdout.on('data', (d: Buffer) => (stdout += d.toString()))
  child.stderr.on('data', (d: Buffer) => (stdout += d.toString()))
  const code = await new Promise<number | null>((resolve) => child.on('close', resolve))
  return { code, stdout, summary: readFileSync(summary, 'utf8'), outputs: readOutputs(output) }
}

beforeEach(async () => {
  server = await startGitHubServer()
  repo = pullRequestRepo({ 'accounts.yaml': accountsYaml(2) }, { 'accounts.yaml': accountsYaml(3) })
})

afterEach(async () => {
  expect(server.problems).toEqual([])
  await server.stop()
})

const commentsOnPr = () => server.commentsOf('Codertocat', 'Hello-World', 2)

describe('the action bundle', () => {
  it('comments on an opened pull request, writes the summary and outputs', async () => {
    const result = await runAction(payload('opened'))
    expect(result.code).toBe(0)
    const [comment] = commentsOnPr()
    expect(comment?.body.split('\n')[0]).toBe(MARKER)
    expect(comment?.body).toContain('acct\\_0002')
    expect(comment?.body).toContain('#### Declaration changes')
    expect(result.summary).toContain('acct\\_0002')
    expect(result.outputs).toMatchObject({ 'has-changes': 'true', widens: 'true', 'comment-url': comment?.html_url })
    expect(readJsonFile<DiffReport>(result.outputs.report as string).roles.length).toBe(4)
    expect(server.requests.length).toBeLessThanOrEqual(3)
  })

  it('fails on widening by default, after commenting', async () => {
    const result = await runAction(payload('opened'), { 'fail-on': 'widening' })
    expect(result.code).toBe(1)
    expect(commentsOnPr()).toHaveLength(1)
    expect(result.stdout).toMatch(/::error::.*widens/)
  })

  it('keeps one comment over two runs, the second making no write when nothing changed', async () => {
    await runAction(payload('opened'))
    server.requests.length = 0
    const second = await runAction(payload('synchronize'))
    expect(second.code).toBe(0)
    expect(commentsOnPr()).toHaveLength(1)
    // The marker comment found, whose it is: GITHUB_TOKEN cannot read /user (403), so github-actions[bot].
    expect(server.requests.map((r) => r.operationId)).toEqual(['issues/list-comments', 'users/get-authenticated'])
  })

  it('retries a 502', async () => {
    server.failNext('issues/create-comment', 502)
    const result = await runAction(payload('opened'))
    expect(result.code).toBe(0)
    expect(commentsOnPr()).toHaveLength(1)
  })

  it('warns on a fork’s 403 and still writes the summary', async () => {
    server.forbidWrites = true
    const result = await runAction(payload('opened', true))
    expect(result.code).toBe(0)
    expect(result.stdout).toMatch(/::warning::.*403/)
    expect(result.summary).toContain('acct\\_0002')
    expect(result.outputs['comment-url']).toBe('')
  })

  it('stays within the comment limits for 1,000 accounts, in at most 3 requests with 100 comments', async () => {
    repo = pullRequestRepo({ 'accounts.yaml': accountsYaml(1) }, { 'accounts.yaml': accountsYaml(1000, 1, true) })
    server.seed(
      'Codertocat',
      'Hello-World',
      2,
      Array.from({ length: 99 }, (_, i) => `review comment ${i}`)
    )
    // 1,000 accounts and stacks fit IAM's default quotas on the compact forms
    const result = await runAction(payload('synchronize'))
    expect(result.stdout).not.toMatch(/::error/)
    expect(result.code).toBe(0)
    const ours = commentsOnPr().filter((c) => c.body.startsWith(MARKER))
    expect(ours).toHaveLength(1)
    expect(ours[0]?.body.length).toBeLessThanOrEqual(60000)
    expect(ours[0]?.body).toContain('https://github.com/Codertocat/Hello-World/actions/runs/4242')
    expect(server.requests.length).toBeLessThanOrEqual(3)
  })

  it('comments the errors of an invalid accounts.yaml and fails', async () => {
    repo = pullRequestRepo({ 'accounts.yaml': accountsYaml(1) }, { 'accounts.yaml': accountsYaml(1).replace('id: "200000000000"', 'id: 200000000000') })
    const result = await runAction(payload('opened'))
    expect(result.code).toBe(1)
    expect(commentsOnPr()[0]?.body).toMatch(/`accounts\.yaml:\d+:\d+`/)
    expect(result.stdout).toMatch(/::error title=stack-accounts,file=accounts.yaml,line=\d+,col=\d+::accounts.acct_0000.id: /)
    expect(result.stdout).not.toMatch(/^\s+at /m)
  })

  it('reads today’s policies from the base commit: a PR that rewrites them to what it wants still widens and fails', async () => {
    const baseYaml = accountsYaml(2)
    const headYaml = accountsYaml(3)
    repo = pullRequestRepo({ 'accounts.yaml': baseYaml, ...(await renderedIam(baseYaml)) }, { 'accounts.yaml': headYaml, ...(await renderedIam(headYaml)) })
    const result = await runAction(payload('synchronize'), { existing: 'iam', 'fail-on': 'widening' })
    expect(result.code).toBe(1)
    expect(result.outputs.widens).toBe('true')
    const body = commentsOnPr()[0]?.body ?? ''
    expect(body).not.toContain('No IAM change')
    expect(body).toMatch(/roles? changes? in `accounts\.yaml`, \d+ widens?/)
    expect(body).toContain('#### This PR also edits today’s policies')
    expect(body).toContain(`base commit \`${repo.baseSha.slice(0, 12)}\``)
    expect(body).toMatch(/`iam\/200000000002\/spacelift-target\.trust\.json` added \(trust policy\): \*\*widens\*\*/)
    const report = readJsonFile<DiffReport>(result.outputs.report as string)
    expect(report.roles.find((r) => r.account_id === '200000000002')?.status).toBe('create')
    expect(report.existing_edits?.widens).toBe(true)
  })

  it('counts a PR’s widening edit of today’s policies toward widens and fail-on, even with accounts.yaml unchanged', async () => {
    const yaml = accountsYaml(2)
    const iam = await renderedIam(yaml)
    const open = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { AWS: '*' }, Action: 'sts:AssumeRole' }] })
    repo = pullRequestRepo({ 'accounts.yaml': yaml, ...iam }, { 'iam/200000000001/spacelift-target.trust.json': open })
    const result = await runAction(payload('synchronize'), { existing: 'iam', 'fail-on': 'widening' })
    expect(result.code).toBe(1)
    expect(result.outputs).toMatchObject({ widens: 'true', 'has-changes': 'false' })
    expect(result.stdout).toMatch(/::error::.*edits today's policies under iam/)
    const body = commentsOnPr()[0]?.body ?? ''
    expect(body.split('\n')[1]).toMatch(/^### ⚠️ No role change in `accounts\.yaml`, but this PR edits today’s policies and widens them/)
    expect(body).toMatch(/`iam\/200000000001\/spacelift-target\.trust\.json` modified \(trust policy\): \*\*widens\*\*/)
  })

  it('reads the base policies where the checkout is the base and lacks the head (pull_request_target)', async () => {
    const baseYaml = accountsYaml(2)
    const headYaml = accountsYaml(3)
    repo = pullRequestRepo({ 'accounts.yaml': baseYaml, ...(await renderedIam(baseYaml)) }, { 'accounts.yaml': headYaml, ...(await renderedIam(headYaml)) })
    repo = { ...repo, dir: baseOnlyCheckout(repo, 2) }
    const result = await runAction(payload('synchronize'), { existing: 'iam', 'fail-on': 'widening' }, 'pull_request_target')
    expect(result.code).toBe(1)
    expect(result.outputs.widens).toBe('true')
    expect(commentsOnPr()[0]?.body).toContain('#### This PR also edits today’s policies')
  })

  it('leaves a marker comment planted by someone else alone and writes the report into its own', async () => {
    const [planted] = server.seed('Codertocat', 'Hello-World', 2, [`${MARKER}\n### ✅ No IAM change in \`accounts.yaml\``], userAccount('mallory', 4242))
    const result = await runAction(payload('opened'))
    expect(result.code).toBe(0)
    const comments = commentsOnPr()
    expect(comments).toHaveLength(2)
    expect(comments[0]).toMatchObject({ id: planted?.id, body: planted?.body, user: { login: 'mallory' } })
    expect(comments[1]?.user.login).toBe('github-actions[bot]')
    expect(comments[1]?.body).toContain('acct\\_0002')
    expect(result.outputs['comment-url']).toBe(comments[1]?.html_url)
    expect(server.requests.filter((r) => r.method === 'PATCH' || r.method === 'DELETE')).toEqual([])
  })
})

describe('the action bundle, against a PR that chooses what is judged', () => {
  const under = (prefix: string, files: Record<string, string>) => Object.fromEntries(Object.entries(files).map(([k, v]) => [`${prefix}/${k}`, v]))

  it('refuses a working-directory the PR made a symbolic link to another directory (it judged that directory: no change, passed)', async () => {
    const infra = accountsYaml(2)
    const sandbox = accountsYaml(3)
    repo = pullRequestRepo(
      {
        ...under('infra', { 'accounts.yaml': infra, ...(await renderedIam(infra)) }),
        ...under('sandbox', { 'accounts.yaml': sandbox, ...(await renderedIam(sandbox)) })
      },
      {}
    )
    rmSync(join(repo.dir, 'infra'), { recursive: true })
    symlinkSync('sandbox', join(repo.dir, 'infra'))
    git(repo.dir, 'add', '-A')
    git(repo.dir, 'commit', '-q', '-m', 'infra -> sandbox')
    repo = { ...repo, headSha: git(repo.dir, 'rev-parse', 'HEAD') }
    const result = await runAction(payload('synchronize'), { existing: 'iam', 'fail-on': 'widening', 'working-directory': 'infra' })
    expect(result.code).toBe(1)
    expect(result.stdout).toContain('::error::Input "working-directory" infra is a symbolic link in this checkout (to sandbox)')
    expect(result.outputs.widens).toBeUndefined()
  })

  it('reports a target role named <role>.trust as one to create, not as role <role> whose .trust.json it is', async () => {
    const yaml = accountsYaml(2)
    repo = pullRequestRepo(
      { 'accounts.yaml': yaml, ...(await renderedIam(yaml)) },
      { 'accounts.yaml': yaml.replace('  role: spacelift-target\n', '  role: spacelift-target.trust\n') }
    )
    const result = await runAction(payload('synchronize'), { existing: 'iam', 'fail-on': 'widening' })
    expect(result.code).toBe(1)
    const report = readJsonFile<DiffReport>(result.outputs.report as string)
    const targets = report.roles.filter((r) => r.kind === 'target')
    expect(targets.map((r) => [r.role_name, r.status, r.widens])).toEqual([
      ['spacelift-target.trust', 'create', true],
      ['spacelift-target.trust', 'create', true]
    ])
  })

  it('fails fail-on: widening on a PR that only turns policy.unverifiable from deny to warn (it passed: "No IAM change")', async () => {
    const yaml = accountsYaml(2)
    repo = pullRequestRepo({ 'accounts.yaml': yaml, ...(await renderedIam(yaml)) }, { 'accounts.yaml': `${yaml}policy:\n  unverifiable: warn\n` })
    const result = await runAction(payload('synchronize'), { existing: 'iam', 'fail-on': 'widening' })
    expect(result.code).toBe(1)
    expect(result.outputs).toMatchObject({ widens: 'true' })
    expect(result.stdout).toContain('::error::accounts.yaml weakens the Spacelift plan policy: policy.unverifiable: deny -> warn')
    expect(commentsOnPr()[0]?.body.split('\n')[1]).toBe('### ⚠️ No IAM change in `accounts.yaml`, but it weakens the Spacelift plan policy')
  })
})
