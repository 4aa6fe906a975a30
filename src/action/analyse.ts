/**
 * The action's analysis: accounts.yaml (head and base, as read from git) -> diff against today's
 * policies -> the Spacelift plan policy's verdicts on the given plans.
 */
import { analyseConfigText, type DeclarationAnalysis } from '../generate/analyseDeclaration.js'
import { InputError, type Diagnostic } from '../common/diagnostics.js'
import type { DiffReport } from '../diff/diffReport.js'
import type { ExistingSource } from '../diff/readExisting.js'
import { runDiff } from '../diff/runDiff.js'
import { checkDeclaredStacks } from '../diff/stackProviders.js'
import { checkPlanFiles } from '../planPolicy/evaluatePlan.js'
import type { Analyse, AnalyseInput } from './main.js'

function existingSource(input: AnalyseInput): ExistingSource {
  if (input.existingGit) return { kind: 'git', cwd: input.existingGit.cwd, commit: input.existingGit.baseline, path: input.existingGit.path }
  if (input.existingDir) return { kind: 'directory', dir: input.existingDir }
  if (input.aws) return { kind: 'aws', ...(input.aws.readRole !== undefined ? { readRoleName: input.aws.readRole } : {}) }
  return { kind: 'none' }
}

/**
 * One warning a widening role, on the accounts.yaml entry that implies it (the account, or the hub),
 * so the PR shows it on the line. They are annotations only: the report already lists the roles.
 */
function wideningAnnotations(report: DiffReport, head: DeclarationAnalysis): Diagnostic[] {
  return report.roles
    .filter((role) => role.widens)
    .map((role) => {
      const path = role.alias === null ? ['hub'] : ['accounts', role.alias]
      const { line, column } = head.locate(path)
      const first = [...role.changes, ...(role.permissions?.changes ?? [])].find((c) => c.widens)
      const what = role.status === 'create' ? 'is new' : 'changes'
      return {
        severity: 'warning' as const,
        file: head.file,
        path: path.join('.'),
        line,
        column,
        message: `role ${role.arn} ${what} and widens trust${first ? `: ${first.detail}` : ''}`
      }
    })
}

export const analyse: Analyse = async (input) => {
  const options = { trustPolicyQuota: input.quota }
  const head = analyseConfigText(input.headText ?? '', input.configPath, options)
  if (!head.declaration) return { report: null, diagnostics: head.diagnostics, verdicts: [] }
  const base = input.hasBase
    ? input.baseText === null
      ? null
      : analyseConfigText(input.baseText, input.configPath, { ...options, checkLimits: false })
    : undefined
  // A stack in `stack-dirs` that accounts.yaml does not declare is the workflow's input error: the step fails with it.
  if (input.stackProviders !== undefined) checkDeclaredStacks(head.declaration, input.stackProviders, 'Input "stack-dirs"')
  try {
    const git = input.existingGit
    const edits = git?.head !== undefined ? { edits: { cwd: git.cwd, path: git.path, base: git.baseline, head: git.head } } : {}
    const stackProviders = input.stackProviders !== undefined ? { stackProviders: input.stackProviders } : {}
    const report = await runDiff({ head, ...(base !== undefined ? { base } : {}), source: existingSource(input), ...edits, ...stackProviders })
    const diagnostics = [...head.diagnostics, ...wideningAnnotations(report, head)]
    // A bad plan file is its own error: the IAM report still stands.
    try {
      const verdicts = input.plans.length
        ? await checkPlanFiles(
            head.declaration,
            input.plans.map((p) => ({ stack: p.stack, plan: p.path }))
          )
        : []
      return { report, diagnostics, verdicts }
    } catch (error) {
      if (!(error instanceof InputError)) throw error
      return { report, diagnostics: [...diagnostics, ...error.diagnostics], verdicts: [] }
    }
  } catch (error) {
    if (!(error instanceof InputError)) throw error
    return { report: null, diagnostics: [...head.diagnostics, ...error.diagnostics], verdicts: [] }
  }
}
