import { parseArgs, type ParseArgsConfig } from 'node:util'
import { InputError } from '../common/diagnostics.js'
import { errorMessage } from '../common/errno.js'

export type OutputFormat = 'text' | 'json' | 'markdown'

/** Parses a command's argv strictly; unknown options and bad values are usage errors (exit 2). */
export function parseCommandArgs<T extends NonNullable<ParseArgsConfig['options']>>(command: string, argv: string[], options: T, allowPositionals = false) {
  try {
    return parseArgs({ args: argv, options: { help: { type: 'boolean', short: 'h' }, ...options }, allowPositionals, strict: true })
  } catch (error) {
    throw new InputError(`${command}: ${errorMessage(error).replace(/\. To specify.*$/s, '')} (see 'stack-accounts ${command} --help')`)
  }
}

export function parseFormat(command: string, value: string | undefined, allowed: readonly OutputFormat[]): OutputFormat {
  const format = (value ?? 'text') as OutputFormat
  if (!allowed.includes(format)) {
    throw new InputError(`${command}: --format must be one of ${allowed.join(', ')} (got '${value}')`)
  }
  return format
}

export function parsePositiveInt(command: string, flag: string, value: string | undefined, fallback: number): number {
  if (value === undefined) return fallback
  if (!/^\d+$/.test(value) || Number(value) <= 0) {
    throw new InputError(`${command}: ${flag} must be a positive whole number (got '${value}')`)
  }
  return Number(value)
}

/** `--trust-policy-quota N`: IAM's "Role trust policy length" quota, 1..4,096 (the most AWS raises it to). */
export function parseTrustPolicyQuota(command: string, value: string | undefined, fallback: number, max: number): number {
  const quota = parsePositiveInt(command, '--trust-policy-quota', value, fallback)
  if (quota > max) {
    throw new InputError(`${command}: --trust-policy-quota must be at most ${max}, the most AWS raises the role trust policy length quota to (got '${value}')`)
  }
  return quota
}
