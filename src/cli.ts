#!/usr/bin/env node
/** The CLI entry point (bundled to dist/cli/index.js). */
import { runCli } from './cli/runCli.js'
import { processIO } from './cli/io.js'

runCli(process.argv.slice(2), processIO()).then(
  (code) => {
    process.exitCode = code
  },
  (error: unknown) => {
    // Not an input error: a bug or an environment failure. Keep the trace short but useful.
    process.stderr.write(`stack-accounts: internal error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`)
    process.exitCode = 3
  }
)
