/**
 * `diff --stack-dir <stack>=<path>` end to end on the example (in process): render, copy a stack's
 * providers.tf as a user would, then current / stale / missing, and bad input as exit 2.
 */
import { describe, expect, it } from '@jest/globals'
import { execFileSync } from 'node:child_process'
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, truncateSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { cli } from '../support/cli.js'
import { parseJsonOutput, type DiffReport } from '../support/jsonOutput.js'

const EXAMPLE = 'examples/acme'

interface Workspace {
  dir: string
  config: string
  /** The stack's Terraform root, holding the copy. */
  stackDir: string
  copy: string
}

/** accounts.yaml of the example, rendered, and app-prod's providers.tf copied into stacks/app/. */
async function workspace(): Promise<Workspace> {
  const dir = mkdtempSync(path.join(tmpdir(), 'sa-stackdir-'))
  const config = path.join(dir, 'accounts.yaml')
  copyFileSync(`${EXAMPLE}/accounts.yaml`, config)
  const rendered = await cli('render', '--config', config, '--out', path.join(dir, 'out'))
  expect(rendered.code).toBe(0)
  const stackDir = path.join(dir, 'stacks', 'app')
  mkdirSync(stackDir, { recursive: true })
  const copy = path.join(stackDir, 'providers.tf')
  copyFileSync(path.join(dir, 'out', 'terraform', 'app-prod', 'providers.tf'), copy)
  return { dir, config, stackDir, copy }
}

async function diffJson(ws: Workspace, ...stackDirs: string[]): Promise<{ code: number; report: DiffReport; stderr: string }> {
  const result = await cli('diff', '--config', ws.config, '--format', 'json', ...stackDirs.flatMap((s) => ['--stack-dir', s]))
  return { code: result.code, report: parseJsonOutput<DiffReport>(result.stdout), stderr: result.stderr }
}

/** app-prod reaches staging too: its rendered providers.tf gains aws.staging. */
function addStagingToAppProd(config: string): void {
  const text = readFileSync(config, 'utf8')
  const changed = text.replace(/(app-prod:\n\s+accounts: )\[prod\]/, '$1[prod, staging]')
  expect(changed).not.toBe(text)
  writeFileSync(config, changed)
}

describe('diff --stack-dir', () => {
  it('is in diff --help, with what "current" means', async () => {
    const help = await cli('diff', '--help')
    expect(help.stdout).toContain('[--stack-dir STACK=PATH ...]')
    expect(help.stdout).toContain('It must be the file render writes for STACK now, unchanged')
  })

  it('says current for the file render writes, and leaves the exit code to --fail-on', async () => {
    const ws = await workspace()
    const { code, report } = await diffJson(ws, `app-prod=${ws.stackDir}`)
    expect(code).toBe(0)
    expect(report.stack_providers).toEqual([{ stack: 'app-prod', path: ws.stackDir, file: ws.copy, status: 'current' }])
    const text = await cli('diff', '--config', ws.config, '--stack-dir', `app-prod=${ws.stackDir}`)
    expect(text.stdout).toMatch(/Copied providers\.tf\n {2}current +app-prod/)
    expect(text.stdout).not.toContain('out of step')
  })

  it('has no stack_providers field without --stack-dir', async () => {
    const ws = await workspace()
    const { report } = await diffJson(ws)
    expect(report).not.toHaveProperty('stack_providers')
  })

  it('says stale, naming the provider and account now missing from the copy, and exits 1 with --fail-on never', async () => {
    const ws = await workspace()
    addStagingToAppProd(ws.config)
    const json = await cli('diff', '--config', ws.config, '--format', 'json', '--fail-on', 'never', '--stack-dir', `app-prod=${ws.stackDir}`)
    expect(json.code).toBe(1)
    const report = parseJsonOutput<DiffReport>(json.stdout)
    expect(report.stack_providers).toEqual([
      { stack: 'app-prod', path: ws.stackDir, file: ws.copy, status: 'stale', detail: 'provider aws.staging (account 333333333333) is missing' }
    ])

    const text = await cli('diff', '--config', ws.config, '--stack-dir', `app-prod=${ws.stackDir}`)
    expect(text.code).toBe(1)
    const [headline] = text.stdout.split('\n')
    expect(headline).toContain('1 copied providers.tf out of step (app-prod)')
    expect(text.stdout).toContain(`  stale  app-prod  ${ws.copy}  provider aws.staging (account 333333333333) is missing`)
    expect(text.stdout).toContain(`out="$(mktemp -d)" && stack-accounts render --config=${ws.config} --out "$out"`)
    expect(text.stdout).toContain(`cp -- "$out"/terraform/app-prod/providers.tf ${ws.copy}`)

    const markdown = await cli('diff', '--config', ws.config, '--format', 'markdown', '--stack-dir', `app-prod=${ws.stackDir}`)
    expect(markdown.code).toBe(1)
    expect(markdown.stdout.split('\n')[0]).toMatch(/· 🚫 1 copied `providers\.tf` out of step$/)
    expect(markdown.stdout).toContain('#### Copied `providers.tf` out of step')
    expect(markdown.stdout).toContain(`- 🚫 \`app-prod\` \`${ws.copy}\`: **stale** (provider aws.staging \\(account 333333333333\\) is missing)`)
  })

  it('gives commands that, pasted into a shell, bring the copy in step', async () => {
    const ws = await workspace()
    addStagingToAppProd(ws.config)
    const text = await cli('diff', '--config', ws.config, '--stack-dir', `app-prod=${ws.stackDir}`)
    const lines = text.stdout.split('\n')
    const first = lines.findIndex((l) => l.includes('out="$(mktemp -d)"'))
    const commands = lines.slice(first, first + 2).map((l) => l.trim())
    expect(commands[1]).toMatch(/^cp -- /)
    // `stack-accounts` on PATH: the bundled CLI, as npm's bin link runs it.
    const bin = mkdtempSync(path.join(tmpdir(), 'sa-bin-'))
    writeFileSync(path.join(bin, 'stack-accounts'), `#!/bin/sh\nexec node ${JSON.stringify(path.resolve('dist/cli/index.js'))} "$@"\n`, { mode: 0o755 })
    execFileSync('sh', ['-c', commands.join('\n')], { env: { ...process.env, PATH: `${bin}:${process.env.PATH ?? ''}` }, stdio: 'ignore' })
    const after = await diffJson(ws, `app-prod=${ws.stackDir}`)
    expect(after.report.stack_providers?.[0]?.status).toBe('current')
    expect(after.code).toBe(0)
  })

  it('says which accounts a copy reaches that are no longer declared for the stack', async () => {
    const ws = await workspace()
    const networking = path.join(ws.dir, 'stacks', 'net')
    mkdirSync(networking)
    copyFileSync(path.join(ws.dir, 'out', 'terraform', 'networking', 'providers.tf'), path.join(networking, 'providers.tf'))
    writeFileSync(ws.config, readFileSync(ws.config, 'utf8').replace('accounts: [networking, prod, staging, dev]', 'accounts: [networking, prod]'))
    const { code, report } = await diffJson(ws, `networking=${networking}`)
    expect(code).toBe(1)
    expect(report.stack_providers?.[0]?.detail).toBe(
      'provider aws.dev (account 444444444444) is not declared for the stack; provider aws.staging (account 333333333333) is not declared for the stack'
    )
  })

  it('says missing when the copy is gone, and when the directory is', async () => {
    const ws = await workspace()
    rmSync(ws.copy)
    const gone = path.join(ws.dir, 'stacks', 'nowhere')
    const { code, report } = await diffJson(ws, `app-prod=${ws.stackDir}`, `networking=${gone}`)
    expect(code).toBe(1)
    expect(report.stack_providers).toEqual([
      { stack: 'app-prod', path: ws.stackDir, file: ws.copy, status: 'missing', detail: `no file ${ws.copy}` },
      { stack: 'networking', path: gone, file: path.join(gone, 'providers.tf'), status: 'missing', detail: `no directory ${gone}` }
    ])
  })

  it('takes CRLF line ends and white space at the end of the file as the same file, nothing else', async () => {
    const ws = await workspace()
    const original = readFileSync(ws.copy, 'utf8')
    writeFileSync(ws.copy, original.replace(/\n/g, '\r\n') + '\r\n  \r\n')
    expect((await diffJson(ws, `app-prod=${ws.stackDir}`)).report.stack_providers?.[0]?.status).toBe('current')

    // One space inside the file is another file: the detail gives the line.
    writeFileSync(ws.copy, original.replace('alias               = "prod"', 'alias               =  "prod"'))
    const spaced = await diffJson(ws, `app-prod=${ws.stackDir}`)
    expect(spaced.report.stack_providers?.[0]).toMatchObject({ status: 'stale' })
    expect(spaced.report.stack_providers?.[0]?.detail).toBe('line 15 is "alias               =  \\"prod\\"", render writes "alias               = \\"prod\\""')
  })

  it('takes a copy with a byte-order mark as stale, as the action reading it from git does (the decoder must not drop it)', async () => {
    const ws = await workspace()
    writeFileSync(ws.copy, '\uFEFF' + readFileSync(ws.copy, 'utf8'))
    const { code, report } = await diffJson(ws, `app-prod=${ws.stackDir}`)
    expect(report.stack_providers?.[0]).toMatchObject({ status: 'stale' })
    expect(code).toBe(1)
  })

  it('says so when the copy is another stack’s file', async () => {
    const ws = await workspace()
    copyFileSync(path.join(ws.dir, 'out', 'terraform', 'app-staging', 'providers.tf'), ws.copy)
    const { report } = await diffJson(ws, `app-prod=${ws.stackDir}`)
    expect(report.stack_providers?.[0]?.detail).toBe(
      'it is the file of stack "app-staging"; provider aws.prod (account 222222222222) is missing; provider aws.staging (account 333333333333) is not declared for the stack'
    )
  })

  it('reads a .tf file under another name, a directory named like a .tf file as a directory, and follows a symbolic link', async () => {
    const ws = await workspace()
    const renamed = path.join(ws.stackDir, 'spacelift-providers.tf')
    copyFileSync(ws.copy, renamed)
    const dotTfDir = path.join(ws.dir, 'stacks', 'odd.tf')
    mkdirSync(dotTfDir)
    copyFileSync(path.join(ws.dir, 'out', 'terraform', 'networking', 'providers.tf'), path.join(dotTfDir, 'providers.tf'))
    const linked = path.join(ws.dir, 'stacks', 'linked')
    mkdirSync(linked)
    symlinkSync(path.join(ws.dir, 'out', 'terraform', 'app-dev', 'providers.tf'), path.join(linked, 'providers.tf'))
    const { code, report } = await diffJson(ws, `app-prod=${renamed}`, `networking=${dotTfDir}`, `app-dev=${linked}`)
    expect(code).toBe(0)
    expect(report.stack_providers?.map((c) => [c.stack, c.file, c.status])).toEqual([
      ['app-prod', renamed, 'current'],
      ['networking', path.join(dotTfDir, 'providers.tf'), 'current'],
      ['app-dev', path.join(linked, 'providers.tf'), 'current']
    ])
  })

  it('refuses bad syntax, an undeclared stack (with a did-you-mean) and a stack given twice: exit 2, no stack trace', async () => {
    const ws = await workspace()
    const cases: [string[], string][] = [
      [['app-prod'], 'diff: --stack-dir "app-prod": give <stack>=<path>'],
      [['=stacks/app'], 'diff: --stack-dir "=stacks/app": give <stack>=<path>'],
      [['App-Prod=stacks/app'], 'diff: --stack-dir "App-Prod=stacks/app": give <stack>=<path>'],
      [['app-prod='], 'diff: --stack-dir "app-prod=": give <stack>=<path>'],
      [['app-prd=stacks/app'], 'diff: --stack-dir app-prd=stacks/app: stack "app-prd" is not declared in accounts.yaml; did you mean "app-prod"?'],
      [['zzz=stacks/app'], 'diff: --stack-dir zzz=stacks/app: stack "zzz" is not declared in accounts.yaml\n'],
      [['app-prod=a', 'app-prod=b'], 'diff: --stack-dir "app-prod=b": stack app-prod is given twice (also "app-prod=a"); give each stack once']
    ]
    for (const [values, message] of cases) {
      const result = await cli('diff', '--config', ws.config, ...values.flatMap((v) => ['--stack-dir', v]))
      expect(result.code).toBe(2)
      expect(result.stderr).toContain(message)
      expect(result.stderr).not.toMatch(/\n\s+at /)
      expect(result.stdout).toBe('')
    }
  })

  it('refuses a FIFO, a file over the size bound and a file that is no .tf file: exit 2, naming the option and the file', async () => {
    const ws = await workspace()
    const fifo = path.join(ws.dir, 'fifo.tf')
    execFileSync('mkfifo', [fifo])
    const huge = path.join(ws.dir, 'huge.tf')
    writeFileSync(huge, '')
    truncateSync(huge, 9 * 1024 * 1024)
    const notTf = path.join(ws.dir, 'providers.txt')
    writeFileSync(notTf, readFileSync(ws.copy))
    const cases: [string, string][] = [
      [`app-prod=${fifo}`, `diff: --stack-dir app-prod=${fifo}: ${fifo}: is not a regular file (a FIFO, socket or device); refused`],
      [
        `app-prod=${huge}`,
        `diff: --stack-dir app-prod=${huge}: ${huge}: the file is 9437184 bytes, over the 8388608-byte limit for a copied providers.tf; refused`
      ],
      [`app-prod=${notTf}`, `diff: --stack-dir app-prod=${notTf}: ${notTf} is neither a directory nor a .tf file`]
    ]
    for (const [value, message] of cases) {
      const result = await cli('diff', '--config', ws.config, '--stack-dir', value)
      expect(result.code).toBe(2)
      expect(result.stderr).toContain(message)
      expect(result.stderr).not.toMatch(/\n\s+at /)
    }
  })

  it('reports an invalid accounts.yaml first, not a bad copy read before it', async () => {
    const ws = await workspace()
    writeFileSync(ws.config, readFileSync(ws.config, 'utf8').replace('version: 1', 'version: 2'))
    const notTf = path.join(ws.dir, 'providers.txt')
    writeFileSync(notTf, 'x')
    const result = await cli('diff', '--config', ws.config, '--stack-dir', `app-prod=${notTf}`)
    expect(result.code).toBe(2)
    expect(result.stderr).toMatch(/accounts\.yaml:\d+:\d+: .*version/)
    expect(result.stderr).not.toContain('neither a directory nor a .tf file')
  })
})
