/** The step's outputs: `has-changes`, `widens`, `stale-providers`, `report` (the JSON report file) and `comment-url`. */
import * as core from '@actions/core'
import { mkdtemp, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { DiffReport } from '../diff/diffReport.js'

/** Writes the JSON report under RUNNER_TEMP (a fresh directory) and returns its path. */
export async function writeReportFile(report: DiffReport | null, env: NodeJS.ProcessEnv = process.env): Promise<string> {
  const dir = await mkdtemp(join(env.RUNNER_TEMP || tmpdir(), 'stack-accounts-'))
  const file = join(dir, 'report.json')
  await writeFile(file, `${JSON.stringify(report, null, 2)}\n`, 'utf8')
  return file
}

export interface ActionOutputs {
  hasChanges: boolean
  widens: boolean
  /** Copied providers.tf (`stack-dirs`) stale or missing. */
  staleProviders: number
  reportPath: string
  commentUrl: string | null
}

export function setOutputs(outputs: ActionOutputs): void {
  core.setOutput('has-changes', outputs.hasChanges ? 'true' : 'false')
  core.setOutput('widens', outputs.widens ? 'true' : 'false')
  core.setOutput('stale-providers', String(outputs.staleProviders))
  core.setOutput('report', outputs.reportPath)
  core.setOutput('comment-url', outputs.commentUrl ?? '')
}
