/**
 * The GitHub client: @actions/github's Octokit with retries (5xx, network) and throttling (primary
 * and secondary rate limits: retried twice, logged), against GITHUB_API_URL (GitHub Enterprise).
 */
import * as core from '@actions/core'
import { getOctokit } from '@actions/github'
import { retry } from '@octokit/plugin-retry'
import { throttling } from '@octokit/plugin-throttling'

export type GitHubClient = ReturnType<typeof getOctokit>

export const RATE_LIMIT_RETRIES = 2

export function createGitHubClient(token: string, env: NodeJS.ProcessEnv = process.env): GitHubClient {
  const baseUrl = (env.GITHUB_API_URL ?? 'https://api.github.com').replace(/\/+$/, '')
  return getOctokit(
    token,
    {
      baseUrl,
      throttle: {
        onRateLimit: (retryAfter, options, _octokit, retryCount) => {
          core.warning(`GitHub API rate limit reached for ${options.method} ${options.url}; retry ${retryCount + 1} after ${retryAfter}s.`)
          return retryCount < RATE_LIMIT_RETRIES
        },
        onSecondaryRateLimit: (retryAfter, options, _octokit, retryCount) => {
          core.warning(`GitHub API secondary rate limit for ${options.method} ${options.url}; retry ${retryCount + 1} after ${retryAfter}s.`)
          return retryCount < RATE_LIMIT_RETRIES
        }
      },
      retry: { doNotRetry: [400, 401, 403, 404, 410, 422, 451] }
    },
    retry,
    throttling
  )
}
