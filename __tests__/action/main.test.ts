import { afterEach, beforeEach, describe, expect, it, jest } from '@jest/globals'
import { mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { Diagnostic } from '../../src/common/diagnostics.js'
import { buildReport, hubRole, targetRole } from '../support/report.js'
import { startGitHubServer, type GitHubServer } from '../support/githubServer.js'
import { readJsonFile, type DiffReport } from '../support/jsonOutput.js'
import { coreMock, record, resetCore } from './coreMock.js'
import { baseOnlyCheckout, git, pullRequestRepo, type PullRequestRepo } from './gitRepo.js'

jest.unstable_mockModule('@actions/core', () => coreMock)
const { run } = await import('../../src/action/main.js')
type Analyse = Parameters<typeof run>[0]
type AnalyseInput = Parameters<Analyse>[0]

const MARKER = '<!-- stack-accounts:config=accounts.yaml -->'
let server: GitHubServer
let repo: PullRequestRepo
let calls: AnalyseInput[]

/** Stands in for the lead's analysis: a report whose roles depend on the head text. */
const analyse: Analyse = (input) => {
  calls.push(input)
  if (input.headText?.includes('invalid')) {
    const d: Diagnostic = { severity: 'error', file: input.configPath, path: 'accounts.prod.id', line: 3, column: 9, message: 'must be a quoted string' }
    return Promise.resolve({ report: null, diagnostics: [d], verdicts: [] })
  }
  const prod = targetRole({ alias: 'prod', id: '222222222222', status: 'update', widens: input.headText?.includes('widen') ?? false })
  return Promise.resolve({ report: buildReport([hubRole(['app-prod'], [prod], 'unchanged'), prod]), diagnostics: [], verdicts: [] })
}

function event(kind: string, payload: object): Record<string, string> {
  const dir = mkdtempSync(join(tmpdir(), 'stack-accounts-event-'))
  const file = join(dir, 'event.json')
  writeFileSync(file, JSON.stringify(payload))
  return {
    GITHUB_EVENT_NAME: kind,
    GITHUB_EVENT_PATH: file,
    GITHUB_REPOSITORY: 'acme/infra',
    GITHUB_API_URL: server.url,
    GITHUB_SERVER_URL: 'https://github.com',
    GITHUB_RUN_ID: '99',
    GITHUB_STEP_SUMMARY: join(dir, 'summary.md'),
    RUNNER_TEMP: dir
  }
}

function prEvent(name = 'pull_request', headRepo = 'acme/infra') {
  return event(name, {
    action: 'synchronize',
    number: 5,
    pull_request: { number: 5, head: { sha: repo.headSha, repo: { full_name: headRepo } }, base: { sha: repo.baseSha, repo: { full_name: 'acme/infra' } } }
  })
}

beforeEach(async () => {
  resetCore({ 'github-token': 'ghs_x' })
  calls = []
  server = await startGitHubServer()
  repo = pullRequestRepo({ 'accounts.yaml': 'version: 1 # base\n' }, { 'accounts.yaml': 'version: 1 # head widen\n' })
})

afterEach(async () => {
  expect(server.problems).toEqual([])
  await server.stop()
})

describe('run', () => {
  it('comments on a pull request, writes the summary and outputs, and fails on widening', async () => {
    await run(analyse, { ...prEvent(), GITHUB_WORKSPACE: repo.dir })
    expect(calls).toEqual([
      { headText: 'version: 1 # head widen\n', baseText: 'version: 1 # base\n', hasBase: true, configPath: 'accounts.yaml', quota: 2048, plans: [] }
    ])
    const [comment] = server.commentsOf('acme', 'infra', 5)
    expect(comment?.body.split('\n').slice(0, 2)).toEqual([MARKER, '### ⚠️ 2 roles change in `accounts.yaml`, 2 widen trust'])
    expect(record.summary).toHaveLength(1)
    expect(record.summary[0]).toContain('<b>prod</b>')
    expect(record.outputs).toMatchObject({ 'has-changes': 'true', widens: 'true', 'comment-url': comment?.html_url })
    expect(readJsonFile<DiffReport>(record.outputs.report as string).roles).toHaveLength(2)
    expect(record.failed).toEqual(['A trust policy widens: review it, then merge with fail-on set accordingly (fail-on: widening).'])
  })

  it('passes with fail-on never, and a second run leaves one comment', async () => {
    resetCore({ 'github-token': 'ghs_x', 'fail-on': 'never' })
    const env = { ...prEvent(), GITHUB_WORKSPACE: repo.dir }
    await run(analyse, env)
    await run(analyse, env)
    expect(record.failed).toEqual([])
    expect(server.commentsOf('acme', 'infra', 5)).toHaveLength(1)
    expect(server.requests.map((r) => r.operationId)).toEqual([
      'issues/list-comments',
      'issues/create-comment',
      'issues/list-comments',
      'users/get-authenticated'
    ])
  })

  it('comments the errors of an invalid declaration, then fails', async () => {
    repo = pullRequestRepo({ 'accounts.yaml': 'version: 1\n' }, { 'accounts.yaml': 'invalid\n' })
    await run(analyse, { ...prEvent(), GITHUB_WORKSPACE: repo.dir })
    const [comment] = server.commentsOf('acme', 'infra', 5)
    expect(comment?.body).toContain('- `accounts.yaml:3:9` `accounts.prod.id`: must be a quoted string')
    expect(record.errors).toEqual([
      { message: 'accounts.prod.id: must be a quoted string', properties: { title: 'stack-accounts', file: 'accounts.yaml', startLine: 3, startColumn: 9 } }
    ])
    expect(record.failed).toEqual(['accounts.yaml is invalid: 1 error (see the annotations and the job summary).'])
  })

  it('reads the PR head from the remote under pull_request_target, and warns on a fork’s 403', async () => {
    const clone = baseOnlyCheckout(repo, 5)
    server.forbidWrites = true
    resetCore({ 'github-token': 'ghs_x', 'fail-on': 'never' })
    await run(analyse, { ...prEvent('pull_request_target', 'someone/infra'), GITHUB_WORKSPACE: clone })
    expect(calls[0]?.headText).toBe('version: 1 # head widen\n')
    expect(record.warnings.map((w) => w.message).join('\n')).toMatch(/403/)
    expect(record.summary[0]).toContain('<b>prod</b>')
    expect(record.outputs['comment-url']).toBe('')
    expect(record.failed).toEqual([])
  })

  it('only writes the summary and outputs on push', async () => {
    await run(analyse, { ...event('push', {}), GITHUB_SHA: repo.headSha, GITHUB_WORKSPACE: repo.dir })
    expect(calls[0]).toMatchObject({ headText: 'version: 1 # head widen\n', baseText: null, hasBase: false })
    expect(server.requests).toEqual([])
    expect(record.outputs['has-changes']).toBe('true')
  })

  it('does nothing on other events', async () => {
    await run(analyse, { ...event('issues', {}), GITHUB_WORKSPACE: repo.dir })
    expect(calls).toEqual([])
    expect(record.infos.join('\n')).toMatch(/nothing to do on "issues" events/)
    expect(record.failed).toEqual([])
  })

  it('fails with the message alone on bad input', async () => {
    resetCore({ 'github-token': 'ghs_x', 'fail-on': 'sometimes' })
    await run(analyse, { ...prEvent(), GITHUB_WORKSPACE: repo.dir })
    expect(record.failed).toEqual(['Input "fail-on" must be one of widening, changes, never; got "sometimes".'])
    expect(calls).toEqual([])
  })

  it('fails clearly when the config is missing at the head', async () => {
    resetCore({ 'github-token': 'ghs_x', config: 'nope.yaml' })
    await run(analyse, { ...prEvent(), GITHUB_WORKSPACE: repo.dir })
    expect(record.failed[0]).toMatch(/^nope\.yaml does not exist at the pull request head [0-9a-f]{12}/)
  })
})

describe('paths under a working-directory', () => {
  it('shows every file relative to the repository: comment, summary, annotations, step failure and report file', async () => {
    repo = pullRequestRepo({ 'infra/accounts.yaml': 'version: 1\n' }, { 'infra/accounts.yaml': 'invalid\n' })
    resetCore({ 'github-token': 'ghs_x', 'working-directory': 'infra', plans: 'app-prod=plans/app.json' })
    const named: Analyse = (input) => {
      calls.push(input)
      // As the real analysis names them: accounts.yaml as configured, plans absolute, policies read from git with their commit.
      const plan = input.plans[0]?.path ?? ''
      const prod = {
        ...targetRole({ alias: 'prod', id: '222222222222', status: 'update', widens: false }),
        source: 'iam/222222222222/spacelift-target.json at 0123456789ab'
      }
      const report = buildReport([prod])
      report.errors.push({ file: 'iam/333333333333/spacelift-target.json at 0123456789ab', message: 'not a policy document' })
      return Promise.resolve({
        report,
        diagnostics: [
          { severity: 'error', file: input.configPath, path: 'accounts.prod.id', line: 3, column: 9, message: 'must be a quoted string' },
          { severity: 'error', file: plan, path: '', line: 1, column: 1, message: 'not a plan' }
        ],
        verdicts: [{ stack: 'app-prod', plan, deny: [], warn: [] }]
      })
    }
    await run(named, { ...prEvent(), GITHUB_WORKSPACE: repo.dir })
    expect(calls[0]?.configPath).toBe('accounts.yaml')
    expect(calls[0]?.plans[0]?.path).toBe(join(repo.dir, 'infra/plans/app.json'))
    const [comment] = server.commentsOf('acme', 'infra', 5)
    expect(comment?.body.split('\n')[0]).toBe('<!-- stack-accounts:config=infra/accounts.yaml -->')
    expect(comment?.body).toContain('`infra/accounts.yaml:3:9`')
    expect(comment?.body).toContain('`infra/plans/app.json:1:1`')
    expect(comment?.body).not.toContain(repo.dir)
    expect(record.summary[0]).toContain('`infra/plans/app.json`')
    expect(record.summary[0]).toContain('`infra/iam/222222222222/spacelift-target.json at 0123456789ab`')
    expect(record.summary[0]).not.toContain(repo.dir)
    expect(record.errors.map((e) => e.properties)).toEqual([
      { title: 'stack-accounts', file: 'infra/accounts.yaml', startLine: 3, startColumn: 9 },
      { title: 'stack-accounts', file: 'infra/plans/app.json', startLine: 1, startColumn: 1 }
    ])
    expect(record.failed).toEqual(['infra/accounts.yaml is invalid: 1 error; 1 error in infra/plans/app.json (see the annotations and the job summary).'])
    const written = readJsonFile<DiffReport>(record.outputs.report as string)
    expect(written.roles[0]?.source).toBe('infra/iam/222222222222/spacelift-target.json at 0123456789ab')
    expect(written.errors[0]?.file).toBe('infra/iam/333333333333/spacelift-target.json at 0123456789ab')
  })
})

describe('an absolute working-directory (${{ github.workspace }}/infra)', () => {
  it('names files relative to the repository all the same: the marker, the comment and the step failure', async () => {
    repo = pullRequestRepo({ 'infra/accounts.yaml': 'version: 1\n' }, { 'infra/accounts.yaml': 'invalid\n' })
    resetCore({ 'github-token': 'ghs_x', 'working-directory': join(repo.dir, 'infra') })
    const named: Analyse = (input) =>
      Promise.resolve({
        report: null,
        diagnostics: [{ severity: 'error', file: input.configPath, path: 'version', line: 1, column: 1, message: 'must be 1' }],
        verdicts: []
      })
    await run(named, { ...prEvent(), GITHUB_WORKSPACE: repo.dir })
    const [comment] = server.commentsOf('acme', 'infra', 5)
    expect(comment?.body.split('\n')[0]).toBe('<!-- stack-accounts:config=infra/accounts.yaml -->')
    expect(comment?.body).not.toContain(repo.dir)
    expect(record.errors.map((e) => e.properties)).toEqual([{ title: 'stack-accounts', file: 'infra/accounts.yaml', startLine: 1, startColumn: 1 }])
    expect(record.failed).toEqual(['infra/accounts.yaml is invalid: 1 error (see the annotations and the job summary).'])
  })
})

describe('a working-directory the pull request turned into a symbolic link', () => {
  // git resolves `<sha>:./path` against the real directory it runs in: were `infra` a link to
  // `sandbox` in the PR's checkout, the action would read sandbox's accounts.yaml and today's
  // policies at the base and head, and judge the wrong directory (here: "no change", passes).
  it('fails before reading anything, naming the link', async () => {
    repo = pullRequestRepo(
      { 'infra/accounts.yaml': 'version: 1 # base\n', 'sandbox/accounts.yaml': 'version: 1 # sandbox\n' },
      { 'infra/accounts.yaml': 'version: 1 # head widen\n' }
    )
    rmSync(join(repo.dir, 'infra'), { recursive: true })
    symlinkSync('sandbox', join(repo.dir, 'infra'))
    git(repo.dir, 'add', '-A')
    git(repo.dir, 'commit', '-q', '-m', 'infra -> sandbox')
    repo = { ...repo, headSha: git(repo.dir, 'rev-parse', 'HEAD') }
    resetCore({ 'github-token': 'ghs_x', 'working-directory': 'infra' })
    await run(analyse, { ...prEvent(), GITHUB_WORKSPACE: repo.dir })
    expect(calls).toEqual([])
    expect(record.failed).toEqual([
      'Input "working-directory" infra is a symbolic link in this checkout (to sandbox): git would read another directory than the one named; refused.'
    ])
    expect(record.outputs.widens).toBeUndefined()
  })
})
