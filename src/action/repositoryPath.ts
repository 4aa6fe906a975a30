/**
 * Paths as the action shows them: relative to the repository (the checkout at GITHUB_WORKSPACE),
 * whatever `working-directory` is. The analysis names files as it read them: relative to the
 * working directory (accounts.yaml, today's policies in git, "<path> at <commit>") or absolute
 * (plan files); a reviewer looks for them from the repository root, and annotations need it.
 */
import { posix } from 'node:path'
import type { Diagnostic } from '../common/diagnostics.js'
import type { DiffReport } from '../diff/diffReport.js'
import type { PlanVerdict } from '../report/markdownReport.js'

export interface RepositoryLocation {
  /** The repository root (GITHUB_WORKSPACE), absolute. */
  workspace: string
  /** The `working-directory` input, relative to the root. */
  workingDirectory: string
  /** The `existing` input (relative to the working directory), which `unexpected_files` are relative to. */
  existing?: string
}

/**
 * Backslashes are separators on a Windows runner (its workspace has a drive letter: `D:\a\…`)
 * only: on any other, a backslash is part of a name, one the pull request may choose
 * (`iam/x\..\..\README.md` is not README.md).
 */
function separators(where: RepositoryLocation): (p: string) => string {
  return /^[A-Za-z]:[\\/]/.test(where.workspace) ? (p) => p.replace(/\\/g, '/') : (p) => p
}

/** `file` relative to the repository; a file outside it stays absolute. A "<path> at <commit>" suffix is kept. */
export function repositoryPath(file: string, where: RepositoryLocation): string {
  if (file === '') return file
  const slashes = separators(where)
  const at = / at [0-9a-f]{12}$/.exec(file)
  const bare = slashes(at ? file.slice(0, at.index) : file)
  const root = posix.normalize(slashes(where.workspace))
  // A relative file under an absolute working-directory (`${{ github.workspace }}/infra`) is absolute too.
  const full = posix.isAbsolute(bare) ? bare : posix.join(slashes(where.workingDirectory), bare)
  let shown: string
  if (posix.isAbsolute(full)) {
    const inside = posix.relative(root, posix.normalize(full))
    shown = inside === '' ? '.' : inside.startsWith('../') || inside === '..' || posix.isAbsolute(inside) ? posix.normalize(full) : inside
  } else {
    shown = posix.normalize(full)
  }
  return at ? `${shown}${at[0]}` : shown
}

/** A file or directory (trailing "/") relative to the existing-policies directory, shown from the repository. */
function inExisting(file: string, existing: string, shown: (file: string) => string): string {
  const path = shown(posix.join(existing, file))
  return file.endsWith('/') && !path.endsWith('/') ? `${path}/` : path
}

export interface AnalysisPaths {
  report: DiffReport | null
  diagnostics: Diagnostic[]
  verdicts: PlanVerdict[]
}

/** The analysis with every file it names made relative to the repository (a copy; the input is untouched). */
export function withRepositoryPaths<T extends AnalysisPaths>(analysis: T, where: RepositoryLocation): T {
  const shown = (file: string) => repositoryPath(file, where)
  const report = analysis.report
  return {
    ...analysis,
    diagnostics: analysis.diagnostics.map((d) => ({ ...d, file: shown(d.file) })),
    verdicts: analysis.verdicts.map((v) => ({ ...v, plan: shown(v.plan) })),
    report:
      report === null
        ? null
        : {
            ...report,
            roles: report.roles.map((role) => ({ ...role, source: role.source === null || role.source === 'aws' ? role.source : shown(role.source) })),
            errors: report.errors.map((e) => (e.file === undefined ? e : { ...e, file: shown(e.file) })),
            warnings: report.warnings.map((d) => ({ ...d, file: shown(d.file) })),
            ...(report.existing_edits
              ? {
                  existing_edits: {
                    ...report.existing_edits,
                    path: shown(report.existing_edits.path),
                    files: report.existing_edits.files.map((f) => ({ ...f, file: shown(f.file) }))
                  }
                }
              : {}),
            ...(report.stack_providers ? { stack_providers: report.stack_providers.map((c) => ({ ...c, path: shown(c.path), file: shown(c.file) })) } : {}),
            ...(report.unexpected_files && where.existing !== undefined
              ? { unexpected_files: report.unexpected_files.map((f) => inExisting(f, where.existing as string, shown)) }
              : {})
          }
  }
}
