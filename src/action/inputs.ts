/**
 * The action's inputs (action.yml), read through @actions/core and validated. Bad values throw an
 * InputError with a message that names the input; main.ts reports it without a stack trace.
 */
import * as core from '@actions/core'
import { InputError } from '../common/diagnostics.js'
import { DEFAULT_TRUST_POLICY_QUOTA, MAX_TRUST_POLICY_QUOTA } from '../generate/iam/iamQuota.js'
import { FAIL_ON_VALUES, type FailOn } from '../diff/failOn.js'
import { isRoleNameOrPath } from '../config/role.js'
import { parseStackDirs, type StackDir } from '../diff/stackProviders.js'

export type CommentMode = 'update' | 'recreate' | 'off'

export interface PlanInput {
  stack: string
  path: string
}

export interface ActionInputs {
  config: string
  existing: string | null
  aws: boolean
  awsReadRole: string | null
  githubToken: string
  failOn: FailOn
  comment: CommentMode
  trustPolicyQuota: number
  plans: PlanInput[]
  /** Whose comments are the action's (a login); null: found through the API. */
  commentAuthor: string | null
  /** Directory the config path (and git) is relative to; "." by default. */
  workingDirectory: string
  /** `stack-dirs`: each stack's copied providers.tf to check (paths relative to the working directory). */
  stackDirs: StackDir[]
}

export { DEFAULT_TRUST_POLICY_QUOTA }
const STACK_ID = /^[a-z0-9][a-z0-9-_]*$/

function oneOf<T extends string>(name: string, value: string, allowed: readonly T[]): T {
  if ((allowed as readonly string[]).includes(value)) return value as T
  throw new InputError(`Input "${name}" must be one of ${allowed.join(', ')}; got "${value}".`)
}

/** A path inside the repository: relative, without "..", without NUL or newlines. */
export function checkRelativePath(name: string, value: string): string {
  const normalised = value.replace(/\\/g, '/').replace(/^\.\//, '')
  if (normalised === '' || normalised.startsWith('/') || /^[A-Za-z]:/.test(normalised) || normalised.split('/').includes('..') || /[\0\n\r]/.test(normalised)) {
    throw new InputError(`Input "${name}" must be a path inside the repository (relative, without ".."); got "${value}".`)
  }
  return normalised
}

function booleanInput(name: string): boolean {
  const value = core.getInput(name).trim()
  if (value === '') return false
  if (/^(true|True|TRUE)$/.test(value)) return true
  if (/^(false|False|FALSE)$/.test(value)) return false
  throw new InputError(`Input "${name}" must be true or false; got "${value}".`)
}

function quotaInput(): number {
  const value = core.getInput('trust-policy-quota').trim()
  if (value === '') return DEFAULT_TRUST_POLICY_QUOTA
  if (!/^\d{1,6}$/.test(value) || Number(value) < 1 || Number(value) > MAX_TRUST_POLICY_QUOTA) {
    throw new InputError(
      `Input "trust-policy-quota" must be a whole number of characters from 1 to ${MAX_TRUST_POLICY_QUOTA} (the most AWS raises the role trust policy length quota to); got "${value}".`
    )
  }
  return Number(value)
}

/** `plans`: one `stack-id=path/to/plan.json` a line; blank lines and `#` comments are ignored. */
export function parsePlans(lines: readonly string[]): PlanInput[] {
  const plans: PlanInput[] = []
  for (const raw of lines) {
    const line = raw.trim()
    if (line === '' || line.startsWith('#')) continue
    const eq = line.indexOf('=')
    const stack = eq < 0 ? '' : line.slice(0, eq).trim()
    const path = eq < 0 ? '' : line.slice(eq + 1).trim()
    if (!STACK_ID.test(stack) || path === '') {
      throw new InputError(`Input "plans": each line must be "stack-id=path/to/plan.json" with a Spacelift stack ID; got "${line}".`)
    }
    plans.push({ stack, path })
  }
  return plans
}

/**
 * `stack-dirs`: one `stack-id=path` a line (the stack's Terraform root directory, or its copy of
 * providers.tf as a .tf file), relative to the working directory; blank lines and `#` comments
 * are ignored. Each stack once.
 */
export function parseStackDirsInput(lines: readonly string[]): StackDir[] {
  const values = lines
    .map((l) => l.trim())
    .filter((l) => l !== '' && !l.startsWith('#'))
    .map((l) => l.replace(/^([^=]*?)\s*=\s*/, '$1='))
  return parseStackDirs(values, 'Input "stack-dirs"').map((d) => ({ stack: d.stack, path: checkRelativePath('stack-dirs', d.path.trim()) }))
}

export function readInputs(): ActionInputs {
  const config = checkRelativePath('config', core.getInput('config').trim() || 'accounts.yaml')
  const existingRaw = core.getInput('existing').trim()
  const existing = existingRaw === '' ? null : existingRaw
  const aws = booleanInput('aws')
  const awsReadRoleRaw = core.getInput('aws-read-role').trim()
  const awsReadRole = awsReadRoleRaw === '' ? null : awsReadRoleRaw
  if (aws && existing !== null) throw new InputError('Inputs "aws" and "existing" exclude each other: read today’s policies from AWS or from a directory.')
  if (awsReadRole !== null && !isRoleNameOrPath(awsReadRole)) {
    throw new InputError(`Input "aws-read-role" must be an IAM role name or /path/name; got "${awsReadRole}".`)
  }
  const githubToken = core.getInput('github-token').trim()
  const failOn = oneOf<FailOn>('fail-on', core.getInput('fail-on').trim() || 'widening', FAIL_ON_VALUES)
  const comment = oneOf<CommentMode>('comment', core.getInput('comment').trim() || 'update', ['update', 'recreate', 'off'])
  if (githubToken === '' && comment !== 'off') {
    throw new InputError('Input "github-token" is empty: pass a token that may write pull-request comments, or set "comment: off".')
  }
  const workingDirectory = core.getInput('working-directory').trim() || '.'
  const commentAuthor = core.getInput('comment-author').trim()
  if (commentAuthor !== '' && !/^[A-Za-z0-9](?:[A-Za-z0-9-]{0,38})(?:\[bot\])?$/.test(commentAuthor)) {
    throw new InputError(`Input "comment-author" must be a GitHub login (e.g. my-app[bot]); got "${commentAuthor}".`)
  }
  return {
    config,
    existing,
    aws,
    awsReadRole,
    githubToken,
    failOn,
    comment,
    trustPolicyQuota: quotaInput(),
    plans: parsePlans(core.getMultilineInput('plans')),
    commentAuthor: commentAuthor === '' ? null : commentAuthor,
    workingDirectory,
    stackDirs: parseStackDirsInput(core.getMultilineInput('stack-dirs'))
  }
}
