/**
 * Runs git with an argument array (no shell), never prompting, taking no lock and ignoring
 * replace objects (a repository's refs/replace could otherwise substitute what a commit holds).
 */
import { execFile } from 'node:child_process'
import { InputError } from './diagnostics.js'

export interface GitResult {
  code: number
  stdout: string
  stderr: string
}

export const GIT_ENV = { GIT_TERMINAL_PROMPT: '0', GIT_OPTIONAL_LOCKS: '0', GIT_NO_REPLACE_OBJECTS: '1' }

export function runGit(cwd: string, args: readonly string[], maxBuffer = 1024 * 1024): Promise<GitResult> {
  return new Promise((resolve, reject) => {
    execFile('git', [...args], { cwd, encoding: 'utf8', maxBuffer, env: { ...process.env, ...GIT_ENV }, windowsHide: true }, (error, stdout, stderr) => {
      if (error && typeof error.code !== 'number') {
        reject(new InputError(`git ${args[0]} failed: ${error.message}`))
        return
      }
      resolve({ code: error ? Number(error.code) : 0, stdout, stderr })
    })
  })
}
