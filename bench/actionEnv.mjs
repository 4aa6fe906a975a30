/**
 * The environment a GitHub runner gives the action: an INPUT_<NAME> for every input of action.yml
 * (its default unless given), the GITHUB_* variables, and files for the event, summary and outputs.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { parse as parseYaml } from 'yaml'
import { REPO } from './compile.mjs'

export function actionInputDefaults() {
  const action = parseYaml(readFileSync(join(REPO, 'action.yml'), 'utf8'))
  return Object.fromEntries(Object.entries(action.inputs).map(([name, input]) => [name, String(input.default ?? '')]))
}

/** env for `node dist/index.js`; inputs override the defaults (github-token's default is the workflow token). */
export function actionEnv({ eventName, event, inputs = {}, apiUrl = 'https://api.github.com', workspace, sha = '0'.repeat(40) }) {
  const dir = mkdtempSync(join(tmpdir(), 'stack-accounts-bench-run-'))
  const eventPath = join(dir, 'event.json')
  writeFileSync(eventPath, JSON.stringify(event))
  const summary = join(dir, 'summary.md')
  const output = join(dir, 'output.txt')
  writeFileSync(summary, '')
  writeFileSync(output, '')
  const env = {
    PATH: process.env.PATH ?? '',
    HOME: process.env.HOME ?? dir,
    CI: 'true',
    GITHUB_ACTIONS: 'true',
    GITHUB_API_URL: apiUrl,
    GITHUB_SERVER_URL: 'https://github.com',
    GITHUB_EVENT_NAME: eventName,
    GITHUB_EVENT_PATH: eventPath,
    GITHUB_REPOSITORY: 'Codertocat/Hello-World',
    GITHUB_RUN_ID: '4242',
    GITHUB_SHA: sha,
    GITHUB_WORKSPACE: workspace ?? dir,
    GITHUB_STEP_SUMMARY: summary,
    GITHUB_OUTPUT: output,
    RUNNER_TEMP: dir
  }
  const values = { ...actionInputDefaults(), 'github-token': 'ghs_bench', ...inputs }
  for (const [name, value] of Object.entries(values)) env[`INPUT_${name.toUpperCase()}`] = value
  return { env, dir, summary, output }
}
