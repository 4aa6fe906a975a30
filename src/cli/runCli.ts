import { InputError, formatDiagnostic } from '../common/diagnostics.js'
import { EXIT_INVALID, type CliIO, type Command } from './io.js'
import { terminalSafe } from '../report/terminal.js'
import { validateCommand } from './commands/validateCommand.js'
import { renderCommand } from './commands/renderCommand.js'
import { compareCommand } from './commands/compareCommand.js'
import { diffCommand } from './commands/diffCommand.js'
import { checkPlanCommand } from './commands/checkPlanCommand.js'
import packageJson from '../../package.json' with { type: 'json' }

/** The release, from package.json (the one place it is written). */
export const VERSION: string = packageJson.version

export const COMMANDS: readonly Command[] = [validateCommand, renderCommand, compareCommand, diffCommand, checkPlanCommand]

function usage(): string {
  const width = Math.max(...COMMANDS.map((c) => c.name.length))
  const lines = COMMANDS.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`)
  return [
    'Usage: stack-accounts <command> [options]',
    '',
    'Declare in accounts.yaml which AWS accounts each Spacelift stack may reach; generate, diff and',
    'enforce the IAM and policies it implies.',
    '',
    'Commands:',
    ...lines,
    '',
    "Run 'stack-accounts <command> --help' for a command's options.",
    'Exit codes: 0 done, 1 the check asked for failed, 2 invalid input or usage.',
    ''
  ].join('\n')
}

/** Runs the CLI; returns the exit code. Input errors are printed without a stack trace. */
export async function runCli(argv: string[], rawIO: CliIO): Promise<number> {
  // Everything printed may carry text from files: controls and bidi overrides are shown, not obeyed.
  const io: CliIO = {
    ...rawIO,
    stdout: (text) => rawIO.stdout(terminalSafe(text, rawIO.color)),
    stderr: (text) => rawIO.stderr(terminalSafe(text, rawIO.color))
  }
  const [name, ...rest] = argv
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    ;(name === undefined ? io.stderr : io.stdout)(usage())
    return name === undefined ? EXIT_INVALID : 0
  }
  if (name === '--version') {
    io.stdout(`${VERSION}\n`)
    return 0
  }
  const command = COMMANDS.find((c) => c.name === name)
  if (!command) {
    io.stderr(`stack-accounts: unknown command '${name}'\n\n${usage()}`)
    return EXIT_INVALID
  }
  if (rest.includes('--help') || rest.includes('-h')) {
    io.stdout(command.help.endsWith('\n') ? command.help : `${command.help}\n`)
    return 0
  }
  try {
    return await command.run(rest, io)
  } catch (error) {
    if (error instanceof InputError) {
      io.stderr(error.diagnostics.map((d) => (d.file ? formatDiagnostic(d) : d.message)).join('\n') + '\n')
      return EXIT_INVALID
    }
    throw error
  }
}
