/**
 * What triggered the workflow, read from the runner's environment and event payload: a pull
 * request (comment on it), a push / schedule / manual run (summary and outputs only), or anything
 * else (nothing to do).
 */
import { readFileSync } from 'node:fs'
import { errorMessage } from '../common/errno.js'

export interface PullRequestEvent {
  kind: 'pull_request'
  name: 'pull_request' | 'pull_request_target'
  owner: string
  repo: string
  number: number
  headSha: string
  baseSha: string
  /** The head branch lives in another repository: the token is read-only there. */
  fromFork: boolean
}

export interface RevisionEvent {
  kind: 'revision'
  name: string
  owner: string
  repo: string
  sha: string
}

export interface OtherEvent {
  kind: 'other'
  name: string
}

export type WorkflowEvent = PullRequestEvent | RevisionEvent | OtherEvent

export interface RunInfo {
  /** The workflow run page, where the job summary is; null when the environment lacks it. */
  runUrl: string | null
}

interface PullRequestPayload {
  pull_request?: {
    number?: number
    head?: { sha?: string; repo?: { full_name?: string } | null }
    base?: { sha?: string; repo?: { full_name?: string } }
  }
}

function readPayload(path: string | undefined): unknown {
  if (!path) return {}
  try {
    return JSON.parse(readFileSync(path, 'utf8')) as unknown
  } catch (error) {
    throw new Error(`Cannot read the event payload ${path}: ${errorMessage(error)}`, { cause: error })
  }
}

function ownerAndRepo(env: NodeJS.ProcessEnv): { owner: string; repo: string } {
  const [owner, repo] = (env.GITHUB_REPOSITORY ?? '').split('/')
  if (!owner || !repo) throw new Error('GITHUB_REPOSITORY is not set as owner/repo.')
  return { owner, repo }
}

const SHA = /^[0-9a-f]{40}([0-9a-f]{24})?$/

export function readEvent(env: NodeJS.ProcessEnv = process.env): WorkflowEvent {
  const name = env.GITHUB_EVENT_NAME ?? ''
  if (name === 'pull_request' || name === 'pull_request_target') {
    const payload = readPayload(env.GITHUB_EVENT_PATH) as PullRequestPayload
    const pr = payload.pull_request
    const headSha = pr?.head?.sha ?? ''
    const baseSha = pr?.base?.sha ?? ''
    if (!pr || typeof pr.number !== 'number' || !SHA.test(headSha) || !SHA.test(baseSha)) {
      throw new Error(`The ${name} event payload lacks pull_request.number, head.sha or base.sha.`)
    }
    const headRepo = pr.head?.repo?.full_name ?? null
    const baseRepo = pr.base?.repo?.full_name ?? env.GITHUB_REPOSITORY ?? null
    return {
      kind: 'pull_request',
      name,
      ...ownerAndRepo(env),
      number: pr.number,
      headSha,
      baseSha,
      fromFork: headRepo === null || headRepo !== baseRepo
    }
  }
  if (name === 'push' || name === 'schedule' || name === 'workflow_dispatch') {
    return { kind: 'revision', name, ...ownerAndRepo(env), sha: env.GITHUB_SHA ?? 'HEAD' }
  }
  return { kind: 'other', name }
}

export function runInfo(env: NodeJS.ProcessEnv = process.env): RunInfo {
  const server = (env.GITHUB_SERVER_URL ?? 'https://github.com').replace(/\/+$/, '')
  const repository = env.GITHUB_REPOSITORY
  const runId = env.GITHUB_RUN_ID
  if (!repository || !runId || !/^\d+$/.test(runId)) return { runUrl: null }
  return { runUrl: `${server}/${repository}/actions/runs/${runId}` }
}
