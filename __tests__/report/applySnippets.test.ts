/**
 * The report's AWS CLI commands, run by a real POSIX shell with `aws` replaced by a function that
 * records its arguments: each names its account's profile, carries its document inline exactly
 * (no file needs to exist where it is pasted), and only what changes is applied.
 */
import { describe, expect, it } from '@jest/globals'
import { spawnSync } from 'node:child_process'
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { awsCliSnippet, terraformSnippet } from '../../src/report/applySnippets.js'
import type { RoleReport } from '../../src/diff/diffReport.js'
import { hubRole, targetRole } from '../support/report.js'
import { parseTf } from '../support/parseHcl.js'

/** Runs the snippet in `sh` from an empty directory; each `aws` call becomes one JSON array of its arguments. */
function run(snippet: string): string[][] {
  const recorder = `aws() { node -e 'console.log(JSON.stringify(process.argv.slice(1)))' -- "$@"; }\n`
  const result = spawnSync('sh', ['-e', '-c', recorder + snippet], { cwd: mkdtempSync(`${tmpdir()}/sa-snippet-`), encoding: 'utf8' })
  expect(result.stderr).toBe('')
  expect(result.status).toBe(0)
  return result.stdout
    .split('\n')
    .filter((line) => line !== '')
    .map((line) => JSON.parse(line) as string[])
}

const argAfter = (args: string[], flag: string): string => args[args.indexOf(flag) + 1] as string

describe('awsCliSnippet', () => {
  it('creates a new role in its account, with the document inline exactly, $ and quotes included', () => {
    const role = targetRole({ id: '333333333333', alias: 'staging', status: 'create' })
    role.desired = { ...role.desired, Statement: [{ ...role.desired.Statement[0]!, Sid: `It's $HOME \`x\` "q" \${y}` }] }
    const calls = run(awsCliSnippet(role))
    expect(calls).toHaveLength(1)
    expect(calls[0]!.slice(0, 8)).toEqual(['iam', 'create-role', '--profile', 'staging', '--role-name', 'spacelift-target', '--path', '/'])
    expect(JSON.parse(argAfter(calls[0]!, '--assume-role-policy-document'))).toEqual(role.desired)
  })

  it('updates a changed trust policy and a changed hub permission policy, in the hub account', () => {
    const prod = targetRole({ id: '222222222222', alias: 'prod', status: 'update' })
    const hub = hubRole(['app-prod'], [prod])
    const calls = run(awsCliSnippet(hub))
    expect(calls.map((c) => c.slice(0, 4))).toEqual([
      ['iam', 'update-assume-role-policy', '--profile', 'hub'],
      ['iam', 'put-role-policy', '--profile', 'hub']
    ])
    expect(JSON.parse(argAfter(calls[0]!, '--policy-document'))).toEqual(hub.desired)
    expect(JSON.parse(argAfter(calls[1]!, '--policy-document'))).toEqual(hub.permissions!.desired)
  })

  it('never puts an unchanged permission policy, nor an unchanged trust policy', () => {
    const prod = targetRole({ id: '222222222222', alias: 'prod', status: 'update' })
    const hub = hubRole(['app-prod'], [prod])
    const trustOnly: RoleReport = { ...hub, permissions: { ...hub.permissions!, status: 'unchanged', changes: [] } }
    expect(run(awsCliSnippet(trustOnly)).map((c) => c[1])).toEqual(['update-assume-role-policy'])
    const permissionsOnly: RoleReport = { ...hub, changes: [] }
    expect(run(awsCliSnippet(permissionsOnly)).map((c) => c[1])).toEqual(['put-role-policy'])
    const nothing: RoleReport = { ...trustOnly, changes: [] }
    expect(run(awsCliSnippet(nothing))).toEqual([])
    expect(awsCliSnippet(nothing)).toContain('# nothing to change')
  })
})

describe('terraformSnippet', () => {
  it('names the resources and the provider as terraform/iam/main.tf does', async () => {
    const prod = targetRole({ id: '222222222222', alias: 'prod', status: 'update' })
    const parsed = await parseTf(terraformSnippet(prod))
    expect(parsed.resource).toMatchObject({ aws_iam_role: { target_prod: [{ provider: '${aws.prod}', name: 'spacelift-target' }] } })
  })
})
