/**
 * One comment per pull request and config, found again by its hidden marker and updated in place.
 * Few requests: one page of comments (100 a page), then at most one write; none when the text is
 * already there. Duplicates left by concurrent runs are deleted, the oldest kept. A 403 (the
 * read-only token of a fork's PR) is a warning, not a failure: the job summary still has the report.
 *
 * The marker is not proof of authorship: anyone may post a comment that starts with it. Only
 * comments written by the identity the token acts as are ever edited or deleted. That identity is
 * found once, and only when some comment carries the marker: `GET /user` for a personal access
 * token; an installation token (GITHUB_TOKEN, a GitHub App's token) cannot read /user (GitHub
 * answers 403 "Resource not accessible by integration"), and then it is `github-actions[bot]`, or
 * the `comment-author` input (`<app-slug>[bot]` for an App).
 * https://docs.github.com/en/rest/users/users#get-the-authenticated-user
 */
import * as core from '@actions/core'
import type { CommentMode } from './inputs.js'
import type { GitHubClient } from './octokit.js'

export interface UpsertRequest {
  owner: string
  repo: string
  issue_number: number
  /** The hidden marker; a comment is ours when its first line is this marker. */
  marker: string
  body: string
  mode: CommentMode
  /** The login the token's comments carry; found through the API when absent. */
  author?: string
}

/** The login of the workflow's GITHUB_TOKEN, an installation token of the GitHub Actions app. */
export const ACTIONS_BOT_LOGIN = 'github-actions[bot]'

export type UpsertOutcome = 'created' | 'updated' | 'unchanged' | 'recreated' | 'skipped' | 'forbidden'

export interface UpsertResult {
  outcome: UpsertOutcome
  /** The comment's html_url; null when skipped or forbidden. */
  url: string | null
}

interface IssueComment {
  id: number
  body?: string | null
  html_url: string
  user?: { login?: string } | null
}

/** Whom the token acts as: GET /user for a user's token; the Actions bot for an installation token. */
export async function tokenIdentity(octokit: GitHubClient): Promise<string> {
  try {
    const { data } = await octokit.rest.users.getAuthenticated()
    return data.login
  } catch (error) {
    const status = statusOf(error)
    if (status === 401 || status === 403 || status === 404) return ACTIONS_BOT_LOGIN
    throw error
  }
}

const sameLogin = (a: string | undefined, b: string): boolean => a !== undefined && a.toLowerCase() === b.toLowerCase()

function carriesMarker(comment: IssueComment, marker: string): boolean {
  const body = comment.body ?? ''
  return body === marker || body.startsWith(`${marker}\n`) || body.startsWith(`${marker}\r\n`)
}

function statusOf(error: unknown): number | null {
  return typeof error === 'object' && error !== null && 'status' in error && typeof error.status === 'number' ? error.status : null
}

export async function upsertComment(octokit: GitHubClient, request: UpsertRequest): Promise<UpsertResult> {
  if (request.mode === 'off') return { outcome: 'skipped', url: null }
  const { owner, repo, issue_number, marker, body } = request
  try {
    const all = (await octokit.paginate(octokit.rest.issues.listComments, { owner, repo, issue_number, per_page: 100 })) as IssueComment[]
    const marked = all.filter((c) => carriesMarker(c, marker))
    const author = marked.length === 0 ? null : (request.author ?? (await tokenIdentity(octokit)))
    const ours = marked.filter((c) => author !== null && sameLogin(c.user?.login ?? undefined, author)).sort((a, b) => a.id - b.id)
    if (ours.length < marked.length) core.info(`Left alone: ${marked.length - ours.length} comment(s) with the marker written by someone other than ${author}.`)
    const [oldest, ...duplicates] = ours
    for (const duplicate of duplicates) await octokit.rest.issues.deleteComment({ owner, repo, comment_id: duplicate.id })
    if (oldest !== undefined && request.mode === 'recreate') {
      await octokit.rest.issues.deleteComment({ owner, repo, comment_id: oldest.id })
      const created = await octokit.rest.issues.createComment({ owner, repo, issue_number, body })
      return { outcome: 'recreated', url: created.data.html_url }
    }
    if (oldest === undefined) {
      const created = await octokit.rest.issues.createComment({ owner, repo, issue_number, body })
      return { outcome: 'created', url: created.data.html_url }
    }
    if (oldest.body === body) return { outcome: 'unchanged', url: oldest.html_url }
    const updated = await octokit.rest.issues.updateComment({ owner, repo, comment_id: oldest.id, body })
    return { outcome: 'updated', url: updated.data.html_url }
  } catch (error) {
    if (statusOf(error) !== 403) throw error
    core.warning(
      'Cannot write the pull-request comment: the token may not write to this repository (403). ' +
        'Pull requests from forks get a read-only GITHUB_TOKEN; the report is in the job summary. ' +
        'To comment on them, run the action from a pull_request_target workflow (it reads accounts.yaml from git as data, never runs it) ' +
        'or give `github-token` a token with pull-requests: write.'
    )
    return { outcome: 'forbidden', url: null }
  }
}
