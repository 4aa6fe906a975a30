/** Runs the CLI in process with captured output, as a user would see it (no colour). */
import { runCli } from '../../src/cli/runCli.js'
import type { CliIO } from '../../src/cli/io.js'

export interface CliResult {
  code: number
  stdout: string
  stderr: string
}

export async function cli(...argv: string[]): Promise<CliResult> {
  return cliIn(undefined, ...argv)
}

/** The CLI as run from `cwd` (git commands run there). */
export async function cliIn(cwd: string | undefined, ...argv: string[]): Promise<CliResult> {
  let stdout = ''
  let stderr = ''
  const io: CliIO = { stdout: (t) => void (stdout += t), stderr: (t) => void (stderr += t), color: false, env: process.env, ...(cwd ? { cwd } : {}) }
  const code = await runCli(argv, io)
  return { code, stdout, stderr }
}
