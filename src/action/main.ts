/**
 * The action: inputs → event → accounts.yaml from git (as data) → analysis (injected) → PR comment,
 * job summary, annotations, outputs → fail-on. Input errors end the step with their message, never
 * a stack trace.
 */
import * as core from '@actions/core'
import { realpath } from 'node:fs/promises'
import { relative, resolve, sep } from 'node:path'
import { formatDiagnostic, InputError, type Diagnostic } from '../common/diagnostics.js'
import { commentMarker, renderComment, renderSummary, type PlanVerdict } from '../report/markdownReport.js'
import type { DiffReport } from '../diff/diffReport.js'
import { staleProviders } from '../diff/failOn.js'
import { annotate } from './annotations.js'
import { upsertComment } from './comment.js'
import { readEvent, runInfo, type PullRequestEvent } from './event.js'
import { judge } from './stepVerdict.js'
import { existingLocation, readPullRequestConfigs, readRevisionConfig, type ConfigVersions } from './git.js'
import { readInputs, type ActionInputs } from './inputs.js'
import { setOutputs, writeReportFile } from './outputs.js'
import { repositoryPath, withRepositoryPaths } from './repositoryPath.js'
import { readProvidersCopies } from './providersCopies.js'
import type { ProvidersCopy } from '../diff/stackProviders.js'
import { isFullCommitSha } from '../common/gitSha.js'
import { runGit } from '../common/runGit.js'
import { writeJobSummary } from './summary.js'

export interface AnalyseInput {
  /** accounts.yaml at the head (null: no such file). */
  headText: string | null
  /** accounts.yaml at the base (null: a new file, or no base when `hasBase` is false). */
  baseText: string | null
  /** False for push / schedule / workflow_dispatch: there is nothing to compare the declaration with. */
  hasBase: boolean
  /**
   * The config path as the user wrote it (relative to the working directory): diagnostics name it,
   * and the action shows them relative to the repository.
   */
  configPath: string
  /** Absolute directory of existing policies (the `existing` input), read from disk only when git cannot give it. */
  existingDir?: string
  /**
   * The `existing` directory in git: today's policies are read at `baseline` (the PR's base commit,
   * or the workflow's commit), never from the working tree the PR controls; with `head`, what the
   * PR changes there is compared base -> head and reported on its own.
   */
  existingGit?: { cwd: string; path: string; baseline: string; head?: string }
  /** Live IAM; `readRole` absent: the role accounts.yaml declares in `aws_read`. */
  aws?: { readRole?: string }
  quota: number
  /** Plan files (absolute paths) to evaluate with the Spacelift plan policy. */
  plans: { stack: string; path: string }[]
  /** `stack-dirs`: each stack's copied providers.tf as the judged commit holds it; absent when none is given. */
  stackProviders?: ProvidersCopy[]
}

export interface AnalyseResult {
  report: DiffReport | null
  diagnostics: Diagnostic[]
  verdicts: PlanVerdict[]
}

export type Analyse = (input: AnalyseInput) => Promise<AnalyseResult>

function unique(diagnostics: readonly Diagnostic[]): Diagnostic[] {
  const seen = new Set<string>()
  return diagnostics.filter((d) => {
    const key = `${d.severity}:${formatDiagnostic(d)}`
    if (seen.has(key)) return false
    seen.add(key)
    return true
  })
}

async function readConfigs(inputs: ActionInputs, cwd: string, event: ReturnType<typeof readEvent>): Promise<ConfigVersions> {
  const versions =
    event.kind === 'pull_request'
      ? await readPullRequestConfigs(cwd, inputs.config, event)
      : await readRevisionConfig(cwd, inputs.config, event.kind === 'revision' ? event.sha : 'HEAD')
  if (versions.headText === null) {
    const at = event.kind === 'pull_request' ? ` at the pull request head ${event.headSha.slice(0, 12)}` : ''
    throw new InputError(`${inputs.config} does not exist${at}: set the "config" input to the path of accounts.yaml.`)
  }
  return versions
}

/**
 * The commit whose copies of providers.tf are judged: the pull request's head (present, as
 * readConfigs made sure), else the workflow's commit or HEAD; null without git.
 */
async function judgedCommit(cwd: string, event: ReturnType<typeof readEvent>): Promise<string | null> {
  if (event.kind === 'pull_request') return event.headSha
  const sha = event.kind === 'revision' && isFullCommitSha(event.sha) ? event.sha : null
  for (const rev of sha ? [sha, 'HEAD'] : ['HEAD']) {
    const resolved = await runGit(cwd, ['rev-parse', '--verify', '--quiet', `${rev}^{commit}`]).catch(() => null)
    const commit = resolved?.code === 0 ? resolved.stdout.trim() : ''
    if (isFullCommitSha(commit)) return commit
  }
  return null
}

async function publishComment(inputs: ActionInputs, event: PullRequestEvent, marker: string, body: string, env: NodeJS.ProcessEnv): Promise<string | null> {
  if (inputs.comment === 'off') return null
  // Loaded here, not at start-up: Octokit and its plugins are only needed to comment.
  const { createGitHubClient } = await import('./octokit.js')
  const octokit = createGitHubClient(inputs.githubToken, env)
  const result = await upsertComment(octokit, {
    owner: event.owner,
    repo: event.repo,
    issue_number: event.number,
    marker,
    body,
    mode: inputs.comment,
    ...(inputs.commentAuthor !== null ? { author: inputs.commentAuthor } : {})
  })
  core.info(`Pull-request comment: ${result.outcome}${result.url ? ` (${result.url})` : ''}`)
  return result.url
}

/**
 * git resolves `<sha>:./path` against the real directory it runs in (its prefix is computed from
 * the physical working directory): were `working-directory` a symbolic link in the checkout, which
 * a pull request can make it, the action would read the config and today's policies of the
 * directory the link points to, at the base and the head, and judge the wrong directory.
 */
async function refuseLinkedWorkingDirectory(workspace: string, workingDirectory: string, cwd: string): Promise<void> {
  const actual = await realpath(cwd).catch(() => null)
  const root = await realpath(workspace).catch(() => null)
  if (actual === null || root === null) return
  const expected = resolve(root, workingDirectory)
  if (actual === expected) return
  const inside = relative(root, actual)
  const shown = inside === '' ? '.' : inside.startsWith('..') ? actual : inside.split(sep).join('/')
  throw new InputError(
    `Input "working-directory" ${workingDirectory} is a symbolic link in this checkout (to ${shown}): git would read another directory than the one named; refused.`
  )
}

async function runOrThrow(analyse: Analyse, env: NodeJS.ProcessEnv): Promise<void> {
  const inputs = readInputs()
  const event = readEvent(env)
  if (event.kind === 'other') {
    core.info(
      `stack-accounts has nothing to do on "${event.name || 'unknown'}" events (it runs on pull_request, pull_request_target, push, schedule and workflow_dispatch).`
    )
    return
  }
  const workspace = env.GITHUB_WORKSPACE || process.cwd()
  const cwd = resolve(workspace, inputs.workingDirectory)
  await refuseLinkedWorkingDirectory(workspace, inputs.workingDirectory, cwd)
  const versions = await readConfigs(inputs, cwd, event)
  const stackProviders = inputs.stackDirs.length > 0 ? await readProvidersCopies(cwd, await judgedCommit(cwd, event), inputs.stackDirs) : []
  const analysis = await analyse({
    headText: versions.headText,
    baseText: versions.baseText,
    hasBase: versions.hasBase,
    configPath: inputs.config,
    ...(inputs.existing !== null ? { existingDir: resolve(cwd, inputs.existing) } : {}),
    ...(inputs.existing !== null ? await existingLocation(cwd, inputs.existing, event) : {}),
    ...(inputs.aws ? { aws: inputs.awsReadRole !== null ? { readRole: inputs.awsReadRole } : {} } : {}),
    quota: inputs.trustPolicyQuota,
    plans: inputs.plans.map((p) => ({ stack: p.stack, path: resolve(cwd, p.path) })),
    ...(stackProviders.length > 0 ? { stackProviders } : {})
  })
  // Every path shown (comment, summary, annotations, report file) is relative to the repository.
  const where = { workspace: resolve(workspace), workingDirectory: inputs.workingDirectory, ...(inputs.existing !== null ? { existing: inputs.existing } : {}) }
  const result = withRepositoryPaths(analysis, where)
  const configPath = repositoryPath(inputs.config, where)
  const diagnostics = unique([...result.diagnostics, ...(result.report?.warnings ?? [])])
  const invalid = diagnostics.filter((d) => d.severity === 'error')
  const ctx = {
    configPath,
    marker: commentMarker(configPath),
    ...(runInfo(env).runUrl !== null ? { summaryUrl: runInfo(env).runUrl as string } : {}),
    policyVerdicts: result.verdicts,
    invalid
  }
  await writeJobSummary(renderSummary(result.report, ctx), env)
  annotate(diagnostics)
  const commentUrl = event.kind === 'pull_request' ? await publishComment(inputs, event, ctx.marker, renderComment(result.report, ctx), env) : null
  const verdict = judge(inputs.failOn, configPath, result.report, diagnostics, result.verdicts)
  setOutputs({
    hasChanges: verdict.hasChanges,
    widens: verdict.widens,
    staleProviders: staleProviders(result.report).length,
    reportPath: await writeReportFile(result.report, env),
    commentUrl
  })
  if (verdict.failure !== null) core.setFailed(verdict.failure)
}

/** Runs the action with the given analysis; the step fails (exit code 1) on errors and by fail-on. */
export async function run(analyse: Analyse, env: NodeJS.ProcessEnv = process.env): Promise<void> {
  try {
    await runOrThrow(analyse, env)
  } catch (error) {
    if (error instanceof InputError) {
      core.setFailed(error.message)
      return
    }
    const err = error instanceof Error ? error : new Error(String(error))
    if (err.stack) core.debug(err.stack)
    core.setFailed(`stack-accounts: ${err.message}`)
  }
}
