/**
 * The action's `stack-dirs` with the real analysis: copies of providers.tf read from git at the PR
 * head (never the working tree), the comment section (escaped), the failed step and the output,
 * and what is refused (paths leaving the repository, symbolic links in the PR, undeclared stacks).
 */
import { afterEach, beforeEach, describe, expect, it, jest } from '@jest/globals'
import { mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { analyseConfigText } from '../../src/generate/analyseDeclaration.js'
import { renderStackProviders } from '../../src/generate/terraform/providers.js'
import { startGitHubServer, type GitHubServer } from '../support/githubServer.js'
import { readJsonFile, type DiffReport } from '../support/jsonOutput.js'
import { coreMock, record, resetCore } from './coreMock.js'
import { commitFiles, git, pullRequestRepo, type PullRequestRepo } from './gitRepo.js'

jest.unstable_mockModule('@actions/core', () => coreMock)
const { run } = await import('../../src/action/main.js')
const { analyse } = await import('../../src/action/analyse.js')

const BASE_YAML = readFileSync('examples/acme/accounts.yaml', 'utf8')
/** The head of the PR: app-prod reaches staging too. */
const HEAD_YAML = BASE_YAML.replace(/(app-prod:\n\s+accounts: )\[prod\]/, '$1[prod, staging]')

function providersOf(yaml: string, stack: string): string {
  const { declaration } = analyseConfigText(yaml, 'accounts.yaml')
  if (declaration === null) throw new Error('the example is invalid')
  return renderStackProviders(declaration, stack)
}

let server: GitHubServer
let repo: PullRequestRepo

function prEnv(): Record<string, string> {
  const dir = mkdtempSync(join(tmpdir(), 'stack-accounts-event-'))
  const file = join(dir, 'event.json')
  writeFileSync(
    file,
    JSON.stringify({
      action: 'synchronize',
      number: 7,
      pull_request: {
        number: 7,
        head: { sha: repo.headSha, repo: { full_name: 'acme/infra' } },
        base: { sha: repo.baseSha, repo: { full_name: 'acme/infra' } }
      }
    })
  )
  return {
    GITHUB_EVENT_NAME: 'pull_request',
    GITHUB_EVENT_PATH: file,
    GITHUB_REPOSITORY: 'acme/infra',
    GITHUB_API_URL: server.url,
    GITHUB_SERVER_URL: 'https://github.com',
    GITHUB_RUN_ID: '99',
    GITHUB_STEP_SUMMARY: join(dir, 'summary.md'),
    RUNNER_TEMP: dir,
    GITHUB_WORKSPACE: repo.dir
  }
}

/** Replaces the head commit of the PR with one holding `files` too (symbolic links as `{ link }`). */
function amendHead(files: Record<string, string | { link: string }>): void {
  for (const [path, content] of Object.entries(files)) {
    const full = join(repo.dir, path)
    rmSync(full, { recursive: true, force: true })
    mkdirSync(join(full, '..'), { recursive: true })
    if (typeof content === 'string') writeFileSync(full, content)
    else symlinkSync(content.link, full)
  }
  git(repo.dir, 'add', '-A')
  git(repo.dir, 'commit', '-q', '--amend', '-m', 'head')
  repo = { ...repo, headSha: git(repo.dir, 'rev-parse', 'HEAD') }
}

function comment(): string {
  const [only] = server.commentsOf('acme', 'infra', 7)
  if (only === undefined) throw new Error('no comment was written')
  return only.body
}

beforeEach(async () => {
  server = await startGitHubServer()
  // Base: the example and app-prod's copy as render wrote it then. Head: accounts.yaml changes, the copy does not.
  repo = pullRequestRepo({ 'accounts.yaml': BASE_YAML, 'stacks/app/providers.tf': providersOf(BASE_YAML, 'app-prod') }, { 'accounts.yaml': HEAD_YAML })
})

afterEach(async () => {
  expect(server.problems).toEqual([])
  await server.stop()
})

describe('stack-dirs', () => {
  it('fails the step on a copy the PR leaves stale, whatever fail-on says, with the section in the comment and summary', async () => {
    // The working tree holds the up-to-date file: the check reads the PR head from git, not the checkout.
    writeFileSync(join(repo.dir, 'stacks/app/providers.tf'), providersOf(HEAD_YAML, 'app-prod'))
    resetCore({ 'github-token': 'ghs_x', 'fail-on': 'never', 'stack-dirs': 'app-prod=stacks/app\n# a comment\n\nnetworking=stacks/net/' })
    await run(analyse, prEnv())
    const body = comment()
    expect(body.split('\n')[1]).toMatch(/· 🚫 2 copied `providers\.tf` files out of step$/)
    expect(body).toContain('#### Copied `providers.tf` out of step')
    expect(body).toContain('- 🚫 `app-prod` `stacks/app/providers.tf`: **stale** (provider aws.staging \\(account 333333333333\\) is missing)')
    expect(body).toMatch(/- 🚫 `networking` `stacks\/net\/providers\.tf`: \*\*missing\*\* \(no stacks\/net at [0-9a-f]{12}\)/)
    expect(body).toContain(
      [
        '```sh',
        'out="$(mktemp -d)" && stack-accounts render --config=accounts.yaml --out "$out"',
        'cp -- "$out"/terraform/app-prod/providers.tf stacks/app/providers.tf',
        'cp -- "$out"/terraform/networking/providers.tf stacks/net/providers.tf',
        '```'
      ].join('\n')
    )
    expect(record.summary[0]).toContain('#### Copied `providers.tf` out of step')
    expect(record.failed).toEqual([
      '2 copied providers.tf files out of step (app-prod, networking): not the file render writes now; render again and copy them (see the job summary).'
    ])
    expect(record.outputs['stale-providers']).toBe('2')
    const report = readJsonFile<DiffReport>(record.outputs.report as string)
    expect(report.stack_providers?.map((c) => [c.stack, c.status])).toEqual([
      ['app-prod', 'stale'],
      ['networking', 'missing']
    ])
  })

  it('under a working-directory, names the copies and the fix commands relative to the repository', async () => {
    repo = pullRequestRepo(
      { 'infra/accounts.yaml': BASE_YAML, 'infra/stacks/app/providers.tf': providersOf(BASE_YAML, 'app-prod') },
      { 'infra/accounts.yaml': HEAD_YAML }
    )
    resetCore({ 'github-token': 'ghs_x', 'fail-on': 'never', 'working-directory': 'infra', 'stack-dirs': 'app-prod=stacks/app' })
    await run(analyse, prEnv())
    const body = comment()
    expect(body).toContain('- 🚫 `app-prod` `infra/stacks/app/providers.tf`: **stale**')
    expect(body).toContain(
      'stack-accounts render --config=infra/accounts.yaml --out "$out"\ncp -- "$out"/terraform/app-prod/providers.tf infra/stacks/app/providers.tf'
    )
    expect(readJsonFile<DiffReport>(record.outputs.report as string).stack_providers?.[0]).toMatchObject({
      path: 'infra/stacks/app',
      file: 'infra/stacks/app/providers.tf'
    })
    expect(record.failed).toHaveLength(1)
  })

  it('passes when the PR brings the copy in step, saying so', async () => {
    amendHead({ 'stacks/app/providers.tf': providersOf(HEAD_YAML, 'app-prod').replace(/\n/g, '\r\n') })
    resetCore({ 'github-token': 'ghs_x', 'fail-on': 'never', 'stack-dirs': 'app-prod=stacks/app/providers.tf' })
    await run(analyse, prEnv())
    expect(comment()).toContain('#### Copied `providers.tf`\n\n✅ 1 copied `providers.tf` is the file `render` writes now.')
    expect(record.failed).toEqual([])
    expect(record.outputs['stale-providers']).toBe('0')
  })

  it('escapes a hostile path in the comment: no HTML, no link, no mention, no broken fence', async () => {
    const hostile = 'stacks/<img src=x onerror=alert(1)>`</code>[x](https://evil.example) @admin'
    resetCore({ 'github-token': 'ghs_x', 'fail-on': 'never', 'stack-dirs': `app-prod=${hostile}` })
    await run(analyse, prEnv())
    const body = comment()
    // The path is in code spans (a longer fence than the backtick inside), the detail in escaped prose.
    // (git finds no "stacks/<img …>`<" directory: the "/" of "</code>" ends that segment.)
    // Shown relative to the repository, as a normalised path ("//" is "/": the same file).
    const shown = hostile.replace('https://', 'https:/')
    expect(body).toContain(`- 🚫 \`app-prod\` \`\`${shown}/providers.tf\`\`: **missing** (no stacks/&lt;img src\\=x onerror\\=alert\\(1\\)&gt;\\\`&lt; at `)
    // In the fix, the path is one shell word in a fence the content cannot close.
    expect(body).toContain(
      `cp -- "$out"/terraform/app-prod/providers.tf 'stacks/<img src=x onerror=alert(1)>\`</code>[x](https:/evil.example) @admin/providers.tf'`
    )
    const outsideCode = body.replace(/```[^\n]*\n[\s\S]*?\n```/g, '').replace(/(`+)[\s\S]*?\1/g, '')
    expect(outsideCode).not.toMatch(/<img|\]\(https|@admin/)
    expect(record.failed).toHaveLength(1)
  })

  it('refuses a path with ".." or an absolute path before reading anything', async () => {
    for (const value of ['app-prod=../outside', 'app-prod=/etc', 'app-prod=stacks/../../x']) {
      resetCore({ 'github-token': 'ghs_x', 'stack-dirs': value })
      await run(analyse, prEnv())
      expect(record.failed).toEqual([
        `Input "stack-dirs" must be a path inside the repository (relative, without ".."); got "${value.slice('app-prod='.length)}".`
      ])
      expect(server.commentsOf('acme', 'infra', 7)).toEqual([])
    }
  })

  it('refuses bad lines, a stack given twice and an undeclared stack (with a did-you-mean)', async () => {
    const cases: [string, string][] = [
      ['stacks/app', 'Input "stack-dirs" "stacks/app": give <stack>=<path>'],
      ['app-prod=a\napp-prod=b', 'Input "stack-dirs" "app-prod=b": stack app-prod is given twice (also "app-prod=a"); give each stack once'],
      ['app-prd=stacks/app', 'Input "stack-dirs" app-prd=stacks/app: stack "app-prd" is not declared in accounts.yaml; did you mean "app-prod"?']
    ]
    for (const [value, message] of cases) {
      resetCore({ 'github-token': 'ghs_x', 'stack-dirs': value })
      await run(analyse, prEnv())
      expect(record.failed).toHaveLength(1)
      expect(record.failed[0]).toContain(message)
    }
  })

  it('refuses a copy the PR turns into a symbolic link, or reaches through one', async () => {
    mkdirSync(join(repo.dir, 'elsewhere'))
    amendHead({ 'elsewhere/providers.tf': providersOf(HEAD_YAML, 'app-prod'), 'stacks/app/providers.tf': { link: '../../elsewhere/providers.tf' } })
    resetCore({ 'github-token': 'ghs_x', 'fail-on': 'never', 'stack-dirs': 'app-prod=stacks/app' })
    await run(analyse, prEnv())
    expect(record.failed).toHaveLength(1)
    expect(record.failed[0]).toMatch(
      /^Input "stack-dirs" app-prod=stacks\/app: stacks\/app\/providers\.tf is a symbolic link at [0-9a-f]{12}; the copy must be a regular file$/
    )

    amendHead({ stacks: { link: 'elsewhere' } })
    resetCore({ 'github-token': 'ghs_x', 'fail-on': 'never', 'stack-dirs': 'app-prod=stacks/app' })
    await run(analyse, prEnv())
    expect(record.failed[0]).toMatch(/^Input "stack-dirs" app-prod=stacks\/app: stacks is a symbolic link at [0-9a-f]{12}; the check reads only regular files/)
  })

  it('refuses a copy over the size bound in git before reading it, and a .tf path that is no file', async () => {
    amendHead({ 'stacks/app/providers.tf': `# ${'x'.repeat(8 * 1024 * 1024)}\n`, 'stacks/notes.txt': 'x\n' })
    resetCore({ 'github-token': 'ghs_x', 'fail-on': 'never', 'stack-dirs': 'app-prod=stacks/app' })
    await run(analyse, prEnv())
    expect(record.failed).toHaveLength(1)
    expect(record.failed[0]).toMatch(
      /^Input "stack-dirs" app-prod=stacks\/app: stacks\/app\/providers\.tf is 8388611 bytes at [0-9a-f]{12}, over the 8388608-byte limit for a copied providers\.tf; refused$/
    )
    resetCore({ 'github-token': 'ghs_x', 'fail-on': 'never', 'stack-dirs': 'app-prod=stacks/notes.txt' })
    await run(analyse, prEnv())
    expect(record.failed[0]).toMatch(
      /^Input "stack-dirs" app-prod=stacks\/notes\.txt: stacks\/notes\.txt is neither a directory nor a \.tf file at [0-9a-f]{12}/
    )
  })

  it('reads the workflow’s commit on push, a directory named like a .tf file as a directory', async () => {
    const sha = commitFiles(repo.dir, { 'stacks/odd.tf/providers.tf': providersOf(HEAD_YAML, 'networking') }, 'odd')
    const env = prEnv()
    resetCore({ 'github-token': 'ghs_x', 'stack-dirs': 'networking=stacks/odd.tf' })
    await run(analyse, { ...env, GITHUB_EVENT_NAME: 'push', GITHUB_SHA: sha })
    expect(record.failed).toEqual(['A trust policy widens: review it, then merge with fail-on set accordingly (fail-on: widening).'])
    expect(record.outputs['stale-providers']).toBe('0')
    expect(readJsonFile<DiffReport>(record.outputs.report as string).stack_providers).toEqual([
      { stack: 'networking', path: 'stacks/odd.tf', file: 'stacks/odd.tf/providers.tf', status: 'current' }
    ])
  })
})
