/** Writes the job summary (GITHUB_STEP_SUMMARY), bounded at 1 MiB as GitHub requires. */
import * as core from '@actions/core'
import { SUMMARY_LIMITS } from '../report/markdownReport.js'

export async function writeJobSummary(markdown: string, env: NodeJS.ProcessEnv = process.env): Promise<boolean> {
  if (!env.GITHUB_STEP_SUMMARY) {
    core.info('No GITHUB_STEP_SUMMARY in this environment: the job summary is not written.')
    return false
  }
  let text = markdown
  if (Buffer.byteLength(text, 'utf8') > SUMMARY_LIMITS.maxBytes) {
    const notice = '\n\n> [!NOTE]\n> The job summary is cut at 1 MiB.\n'
    text =
      Buffer.from(text, 'utf8')
        .subarray(0, SUMMARY_LIMITS.maxBytes - Buffer.byteLength(notice) - 4)
        .toString('utf8')
        .replace(/\uFFFD$/, '') + notice
  }
  await core.summary.addRaw(text).write({ overwrite: false })
  core.summary.emptyBuffer()
  return true
}
