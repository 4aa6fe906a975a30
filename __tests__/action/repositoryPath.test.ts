import { describe, expect, it } from '@jest/globals'
import { repositoryPath, withRepositoryPaths } from '../../src/action/repositoryPath.js'

const where = { workspace: '/home/runner/work/infra/infra', workingDirectory: 'terraform/accounts' }

describe('repositoryPath', () => {
  it.each([
    ['accounts.yaml', 'terraform/accounts/accounts.yaml'],
    ['./iam/1/a.json', 'terraform/accounts/iam/1/a.json'],
    ['../shared/accounts.yaml', 'terraform/shared/accounts.yaml'],
    ['iam/222222222222/r.json at 0123456789ab', 'terraform/accounts/iam/222222222222/r.json at 0123456789ab'],
    ['/home/runner/work/infra/infra/terraform/accounts/plans/app.json', 'terraform/accounts/plans/app.json'],
    ['/home/runner/work/infra/infra', '.'],
    ['/home/runner/work/infra/infra-other/x.json', '/home/runner/work/infra/infra-other/x.json'],
    ['/tmp/plan.json', '/tmp/plan.json'],
    // On a Linux runner a backslash is part of a name (one a pull request may choose), not a separator.
    ['iam/x\\..\\..\\README.md', 'terraform/accounts/iam/x\\..\\..\\README.md'],
    ['', '']
  ])('shows %j as %j', (file, shown) => {
    expect(repositoryPath(file, where)).toBe(shown)
  })

  it('names files relative to the repository under an absolute working-directory (working-directory: ${{ github.workspace }}/infra)', () => {
    const absolute = { ...where, workingDirectory: '/home/runner/work/infra/infra/terraform/accounts' }
    expect(repositoryPath('accounts.yaml', absolute)).toBe('terraform/accounts/accounts.yaml')
    expect(repositoryPath('iam/1/a.json at 0123456789ab', absolute)).toBe('terraform/accounts/iam/1/a.json at 0123456789ab')
    expect(repositoryPath('accounts.yaml', { ...where, workingDirectory: '/home/runner/work/infra/infra' })).toBe('accounts.yaml')
    // Outside the repository it stays absolute, as an absolute file does.
    expect(repositoryPath('x.json', { ...where, workingDirectory: '/tmp' })).toBe('/tmp/x.json')
  })

  it('names the files that match no declared role (relative to the existing directory) relative to the repository too', () => {
    const analysis = {
      report: { roles: [], errors: [], warnings: [], unexpected_files: ['README.md', '222222222222/old.json', 'notes/'] },
      diagnostics: [],
      verdicts: []
    }
    const shown = withRepositoryPaths(analysis as unknown as Parameters<typeof withRepositoryPaths>[0], { ...where, existing: './iam' })
    expect(shown.report?.unexpected_files).toEqual([
      'terraform/accounts/iam/README.md',
      'terraform/accounts/iam/222222222222/old.json',
      'terraform/accounts/iam/notes/'
    ])
  })

  it('takes backslashes as separators on a Windows runner', () => {
    expect(repositoryPath('plans\\app.json', { workspace: 'D:\\a\\infra\\infra', workingDirectory: 'terraform\\accounts' })).toBe(
      'terraform/accounts/plans/app.json'
    )
  })

  it('leaves the working directory out when it is the root', () => {
    expect(repositoryPath('accounts.yaml', { ...where, workingDirectory: '.' })).toBe('accounts.yaml')
  })

  it('maps the report, diagnostics and verdicts without touching the input, and keeps "aws" as a source', () => {
    const analysis = {
      report: {
        summary: { create: 0, update: 0, unchanged: 2, widening: 0 },
        roles: [{ source: 'aws' }, { source: 'iam/1/a.json' }],
        errors: [{ message: 'x' }, { file: 'iam/2/b.json', message: 'y' }],
        warnings: [{ severity: 'warning' as const, file: 'accounts.yaml', path: '', line: 1, column: 1, message: 'w' }],
        existing_edits: {
          path: 'iam',
          base: 'a',
          head: 'b',
          widens: false,
          files: [{ file: 'iam/1/a.json', status: 'modified' as const, policy: 'trust' as const, widens: false, changes: [] }]
        }
      },
      diagnostics: [{ severity: 'error' as const, file: '', path: '', line: 1, column: 1, message: 'no file' }],
      verdicts: [{ stack: 's', plan: '/home/runner/work/infra/infra/p.json', deny: [], warn: [] }]
    }
    const before = JSON.stringify(analysis)
    const shown = withRepositoryPaths(analysis as unknown as Parameters<typeof withRepositoryPaths>[0], where)
    expect(JSON.stringify(analysis)).toBe(before)
    expect(shown.report?.roles.map((r) => r.source)).toEqual(['aws', 'terraform/accounts/iam/1/a.json'])
    expect(shown.report?.errors.map((e) => e.file)).toEqual([undefined, 'terraform/accounts/iam/2/b.json'])
    expect(shown.report?.warnings[0]?.file).toBe('terraform/accounts/accounts.yaml')
    expect(shown.report?.existing_edits).toMatchObject({ path: 'terraform/accounts/iam', files: [{ file: 'terraform/accounts/iam/1/a.json' }] })
    expect(shown.diagnostics[0]?.file).toBe('')
    expect(shown.verdicts[0]?.plan).toBe('p.json')
  })
})
