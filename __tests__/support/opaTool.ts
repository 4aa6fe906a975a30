/** Runs the pinned OPA binary (scripts/install-tools.sh) for the Spacelift bundle tests. */
import { execFileSync, spawnSync } from 'node:child_process'
import { existsSync } from 'node:fs'
import { homedir } from 'node:os'
import path from 'node:path'
import { parseJsonOutput } from './jsonOutput.js'

export function toolsDir(): string {
  return process.env.STACK_ACCOUNTS_TOOLS ?? path.join(homedir(), '.cache', 'stack-accounts-tools')
}

export function opaPath(): string {
  const opa = path.join(toolsDir(), 'bin', 'opa')
  if (!existsSync(opa)) throw new Error(`OPA not found at ${opa}: run bash scripts/install-tools.sh`)
  return opa
}

export interface RunResult {
  status: number
  stdout: string
  stderr: string
}

export function runOpa(args: string[], cwd?: string): RunResult {
  const result = spawnSync(opaPath(), args, { cwd, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 })
  return { status: result.status ?? -1, stdout: result.stdout, stderr: result.stderr }
}

/** `opa eval --format json`: one result per query, the value of each expression (none when it is undefined). */
interface OpaEvalOutput {
  result?: Array<{ expressions: Array<{ value: { deny?: string[]; warn?: string[]; sample?: boolean } }> }>
}

/** `opa eval` of data.spacelift's deny/warn/sample on an input file, with extra -d paths. */
export function evalPlanPolicy(dataPaths: string[], inputFile: string): { deny: string[]; warn: string[]; sample: boolean } {
  const args = ['eval', '--format', 'json', '--input', inputFile, ...dataPaths.flatMap((p) => ['-d', p]), 'data.spacelift']
  const out = execFileSync(opaPath(), args, { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 })
  const value = parseJsonOutput<OpaEvalOutput>(out).result?.[0]?.expressions[0]?.value
  if (value === undefined) throw new Error(`opa eval gave no value for data.spacelift: ${out}`)
  return { deny: value.deny ?? [], warn: value.warn ?? [], sample: value.sample ?? false }
}
