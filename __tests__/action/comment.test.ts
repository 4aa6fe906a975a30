import { afterEach, beforeAll, beforeEach, describe, expect, it, jest } from '@jest/globals'
import { startGitHubServer, userAccount, type GitHubServer } from '../support/githubServer.js'
import { coreMock, record, resetCore } from './coreMock.js'

jest.unstable_mockModule('@actions/core', () => coreMock)
const { upsertComment } = await import('../../src/action/comment.js')
const { createGitHubClient } = await import('../../src/action/octokit.js')

const OWNER = 'acme'
const REPO = 'infra'
const PR = 7
const MARKER = '<!-- stack-accounts:config=accounts.yaml -->'

let server: GitHubServer
const client = () => createGitHubClient('ghs_test', { GITHUB_API_URL: server.url })
const upsert = (body: string, mode: 'update' | 'recreate' | 'off' = 'update') =>
  upsertComment(client(), { owner: OWNER, repo: REPO, issue_number: PR, marker: MARKER, body: `${MARKER}\n${body}`, mode })

beforeAll(() => {
  // the retry plugin waits between attempts; keep the test quick but real
  jest.setTimeout(30000)
})

beforeEach(async () => {
  resetCore()
  server = await startGitHubServer()
})

afterEach(async () => {
  expect(server.problems).toEqual([])
  await server.stop()
})

const ops = () => server.requests.map((r) => `${r.operationId} ${r.status}`)

describe('upsertComment', () => {
  it('creates the comment on a PR without one, with one list and one create', async () => {
    const result = await upsert('first')
    expect(result.outcome).toBe('created')
    expect(result.url).toMatch(/^https:\/\/github\.com\/acme\/infra\/pull\/7#issuecomment-\d+$/)
    expect(ops()).toEqual(['issues/list-comments 200', 'issues/create-comment 201'])
    expect(server.requests[0]?.query).toEqual({ per_page: '100' })
    expect(server.commentsOf(OWNER, REPO, PR).map((c) => c.body)).toEqual([`${MARKER}\nfirst`])
  })

  it('updates in place when the text changed and sends nothing when it did not', async () => {
    const created = await upsert('first')
    const updated = await upsert('second')
    expect(updated).toEqual({ outcome: 'updated', url: created.url })
    const same = await upsert('second')
    expect(same).toEqual({ outcome: 'unchanged', url: created.url })
    // GET /user only once a comment carries the marker: GITHUB_TOKEN cannot read it (403), so the author is github-actions[bot].
    expect(ops()).toEqual([
      'issues/list-comments 200',
      'issues/create-comment 201',
      'issues/list-comments 200',
      'users/get-authenticated 403',
      'issues/update-comment 200',
      'issues/list-comments 200',
      'users/get-authenticated 403'
    ])
    expect(server.commentsOf(OWNER, REPO, PR)).toHaveLength(1)
  })

  it('leaves other comments alone, including another config’s', async () => {
    server.seed(OWNER, REPO, PR, ['LGTM', '<!-- stack-accounts:config=other/accounts.yaml -->\nother', `quoting ${MARKER}`])
    await upsert('mine')
    expect(server.commentsOf(OWNER, REPO, PR).map((c) => c.body)).toEqual([
      'LGTM',
      '<!-- stack-accounts:config=other/accounts.yaml -->\nother',
      `quoting ${MARKER}`,
      `${MARKER}\nmine`
    ])
  })

  it('deletes duplicates left by a race and keeps the oldest', async () => {
    const [oldest] = server.seed(OWNER, REPO, PR, [`${MARKER}\nrun 1`, 'hello', `${MARKER}\nrun 2`])
    const result = await upsert('run 3')
    expect(result.outcome).toBe('updated')
    const bodies = server.commentsOf(OWNER, REPO, PR)
    expect(bodies.map((c) => [c.id, c.body])).toEqual([
      [oldest?.id, `${MARKER}\nrun 3`],
      [expect.any(Number), 'hello']
    ])
  })

  it('recreates: deletes the old comment and posts a new one', async () => {
    const first = await upsert('first')
    const second = await upsert('second', 'recreate')
    expect(second.outcome).toBe('recreated')
    expect(second.url).not.toBe(first.url)
    expect(server.commentsOf(OWNER, REPO, PR).map((c) => c.body)).toEqual([`${MARKER}\nsecond`])
  })

  it('does nothing at all when off', async () => {
    expect(await upsert('x', 'off')).toEqual({ outcome: 'skipped', url: null })
    expect(server.requests).toEqual([])
  })

  it('turns a 403 (a fork’s read-only token) into a warning', async () => {
    server.forbidWrites = true
    const result = await upsert('x')
    expect(result).toEqual({ outcome: 'forbidden', url: null })
    expect(record.warnings.map((w) => w.message).join('\n')).toMatch(/403[\s\S]*forks get a read-only GITHUB_TOKEN[\s\S]*job summary/)
  })

  it('retries a 502 once and succeeds', async () => {
    server.failNext('issues/create-comment', 502)
    const result = await upsert('x')
    expect(result.outcome).toBe('created')
    expect(ops()).toEqual(['issues/list-comments 200', 'issues/create-comment 502', 'issues/create-comment 201'])
  })

  it('makes at most 2 requests with 100 comments on the PR, and pages past 100', async () => {
    server.seed(
      OWNER,
      REPO,
      PR,
      Array.from({ length: 99 }, (_, i) => `comment ${i}`)
    )
    await upsert('x')
    expect(server.requests).toHaveLength(2)
    expect(server.commentsOf(OWNER, REPO, PR)).toHaveLength(100)
    server.seed(
      OWNER,
      REPO,
      PR,
      Array.from({ length: 50 }, (_, i) => `later ${i}`)
    )
    server.requests.length = 0
    const again = await upsert('y')
    expect(again.outcome).toBe('updated')
    expect(ops()).toEqual(['issues/list-comments 200', 'issues/list-comments 200', 'users/get-authenticated 403', 'issues/update-comment 200'])
  })

  it('rejects a body over GitHub’s limit like GitHub does (422)', async () => {
    await expect(upsert('x'.repeat(70000))).rejects.toMatchObject({ status: 422 })
  })

  it('never edits or deletes someone else’s comment that carries the marker, and writes its own', async () => {
    const mallory = userAccount('mallory', 4242)
    const [planted] = server.seed(OWNER, REPO, PR, [`${MARKER}\n### ✅ No IAM change (trust me)`], mallory)
    const [alsoPlanted] = server.seed(OWNER, REPO, PR, [`${MARKER}\nduplicate?`], mallory)
    const result = await upsert('the real report')
    expect(result.outcome).toBe('created')
    const comments = server.commentsOf(OWNER, REPO, PR)
    expect(comments.map((c) => [c.id, c.body, c.user.login])).toEqual([
      [planted?.id, `${MARKER}\n### ✅ No IAM change (trust me)`, 'mallory'],
      [alsoPlanted?.id, `${MARKER}\nduplicate?`, 'mallory'],
      [expect.any(Number), `${MARKER}\nthe real report`, 'github-actions[bot]']
    ])
    expect(server.requests.filter((r) => r.method === 'PATCH' || r.method === 'DELETE')).toEqual([])
    // The next run updates its own comment, still not the planted ones.
    expect((await upsert('second')).outcome).toBe('updated')
    expect(server.commentsOf(OWNER, REPO, PR).map((c) => c.body)).toEqual([
      `${MARKER}\n### ✅ No IAM change (trust me)`,
      `${MARKER}\nduplicate?`,
      `${MARKER}\nsecond`
    ])
  })

  it('with a personal access token, finds its user through GET /user and leaves the Actions bot’s marker comment alone', async () => {
    server.tokenUsers.set('ghp_personal', userAccount('octo-admin', 77))
    const [bots] = server.seed(OWNER, REPO, PR, [`${MARKER}\nfrom GITHUB_TOKEN`])
    const pat = createGitHubClient('ghp_personal', { GITHUB_API_URL: server.url })
    const first = await upsertComment(pat, { owner: OWNER, repo: REPO, issue_number: PR, marker: MARKER, body: `${MARKER}\nfrom the PAT`, mode: 'recreate' })
    expect(first.outcome).toBe('created')
    expect(ops()).toEqual(['issues/list-comments 200', 'users/get-authenticated 200', 'issues/create-comment 201'])
    const again = await upsertComment(pat, { owner: OWNER, repo: REPO, issue_number: PR, marker: MARKER, body: `${MARKER}\nagain`, mode: 'update' })
    expect(again.outcome).toBe('updated')
    expect(server.commentsOf(OWNER, REPO, PR).map((c) => [c.id === bots?.id, c.body, c.user.login])).toEqual([
      [true, `${MARKER}\nfrom GITHUB_TOKEN`, 'github-actions[bot]'],
      [false, `${MARKER}\nagain`, 'octo-admin']
    ])
  })

  it('takes the author from the comment-author input when given (an App’s installation token), without GET /user', async () => {
    server.seed(OWNER, REPO, PR, [`${MARKER}\nold`], userAccount('my-app[bot]', 99, 'Bot'))
    const result = await upsertComment(client(), {
      owner: OWNER,
      repo: REPO,
      issue_number: PR,
      marker: MARKER,
      body: `${MARKER}\nnew`,
      mode: 'update',
      author: 'my-app[bot]'
    })
    expect(result.outcome).toBe('updated')
    expect(ops()).toEqual(['issues/list-comments 200', 'issues/update-comment 200'])
  })
})
