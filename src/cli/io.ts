/** What a CLI command may touch: its output streams, colours, and the environment. Tests pass their own. */
export interface CliIO {
  stdout: (text: string) => void
  stderr: (text: string) => void
  /** Whether to colour text output (a TTY, and NO_COLOR unset). */
  color: boolean
  env: NodeJS.ProcessEnv
  /** The working directory git runs in (`diff --existing-ref`); process.cwd() when absent. */
  cwd?: string
}

export const EXIT_OK = 0
/** The check asked for (--fail-on, or check-plan's deny) failed. */
export const EXIT_CHECK_FAILED = 1
/** Invalid input or usage. */
export const EXIT_INVALID = 2

export interface Command {
  name: string
  summary: string
  /** Full --help text. */
  help: string
  run: (argv: string[], io: CliIO) => number | Promise<number>
}

/** Colour only on a terminal, and never when NO_COLOR is set to a non-empty value (no-color.org). */
export function colorEnabled(isTTY: boolean | undefined, env: NodeJS.ProcessEnv): boolean {
  return Boolean(isTTY) && !(env.NO_COLOR !== undefined && env.NO_COLOR !== '')
}

export function processIO(): CliIO {
  const color = colorEnabled(process.stdout.isTTY, process.env)
  return {
    stdout: (text) => process.stdout.write(text),
    stderr: (text) => process.stderr.write(text),
    color,
    env: process.env
  }
}
