import { existsSync } from 'node:fs'
import { isAbsolute, relative as relative_ } from 'node:path'
import { resolveCommit, treePath } from '../../existing/gitTree.js'
import { analyseConfigFile, DEFAULT_TRUST_POLICY_QUOTA, MAX_TRUST_POLICY_QUOTA } from '../../generate/analyseDeclaration.js'
import { InputError } from '../../common/diagnostics.js'
import { runDiff } from '../../diff/runDiff.js'
import type { ExistingSource } from '../../diff/readExisting.js'
import { renderSummary } from '../../report/markdownReport.js'
import { renderTextReport } from '../../report/textReport.js'
import { parseCommandArgs, parseFormat, parsePositiveInt, parseTrustPolicyQuota } from '../args.js'
import { EXIT_CHECK_FAILED, EXIT_OK, type Command } from '../io.js'
import { createStyle } from '../../report/style.js'
import { isFailOn, reportFailsCheck } from '../../diff/failOn.js'
import { isRoleNameOrPath } from '../../config/role.js'
import { checkDeclaredStacks, parseStackDirs, readProvidersCopy, MAX_PROVIDERS_COPY_BYTES } from '../../diff/stackProviders.js'

const HELP = `Usage: stack-accounts diff [--config accounts.yaml] [--existing DIR [--existing-ref REF] | --aws [--aws-read-role NAME]]
                          [--base OLD_accounts.yaml] [--format text|json|markdown]
                          [--fail-on widening|changes|never] [--stack-dir STACK=PATH ...]

Compares the trust policies accounts.yaml implies with the ones that exist today, semantically:
which principals and conditions are added or removed, and whether a change may grant access that
was not granted before (widens).

Where today's policies come from:
  --existing DIR         DIR/<account_id>/<role_name>.json (or .trust.json, as render writes it):
                         a policy document or 'aws iam get-role' output; a missing file means
                         the role does not exist yet. DIR/<hub_id>/<hub_role>.permissions.json is
                         the hub's permission policy; without it (the hub existing) the hub's
                         permissions are not compared, and a warning says so.
  --existing-ref REF     with --existing: read DIR as the git revision REF holds it (a branch,
                         tag or commit, e.g. origin/main), not from the working tree; DIR is
                         then a path inside the repository, relative to the current directory
  --aws                  live IAM: the hub account with the standard credential chain, each target
                         account through --aws-read-role NAME (a role there the caller may assume,
                         allowed iam:GetRole; default: the role aws_read declares in accounts.yaml,
                         the --base version's when it declares one; needed only for targets
                         outside the hub account). Every inline and attached managed policy of the hub
                         counts: a grant beyond the declared one widens (needs iam:ListRolePolicies,
                         iam:GetRolePolicy, iam:ListAttachedRolePolicies, iam:GetPolicy and
                         iam:GetPolicyVersion on the hub)
  (neither)              every role is reported as to be created

Options:
  --config FILE              the declaration (default: accounts.yaml)
  --base FILE                the previous accounts.yaml: also list what the declaration changes
  --format text|json|markdown
  --fail-on widening|changes exit 1 when any role widens (or, with --base, policy.unverifiable turns deny -> warn) / changes (default: never)
                             A role that could not be read exits 1 whatever --fail-on says.
  --trust-policy-quota N     IAM's role trust policy length quota in characters (default: ${DEFAULT_TRUST_POLICY_QUOTA},
                             at most ${MAX_TRUST_POLICY_QUOTA}); every generated document is checked against IAM's limits
  --concurrency N            parallel IAM requests with --aws (default: 8)
  --stack-dir STACK=PATH     check a stack's copied providers.tf (repeatable): PATH is the stack's Terraform
                             root directory (the copy is PATH/providers.tf) or the copy itself (a .tf file).
                             It must be the file render writes for STACK now, unchanged (CRLF line ends and
                             spaces or line ends at the end of the file aside): each copy is current, stale (what
                             differs is said) or missing, and a stale or missing copy exits 1 whatever
                             --fail-on says. A copy larger than ${MAX_PROVIDERS_COPY_BYTES / 1024 / 1024} MiB or not a regular file is exit 2.
`

async function existingSource(
  cwd: string,
  values: { existing?: string; 'existing-ref'?: string; aws?: boolean; 'aws-read-role'?: string; concurrency?: string }
): Promise<ExistingSource> {
  if (values.existing && values.aws) throw new InputError('diff: give either --existing DIR or --aws, not both')
  if (values['existing-ref'] !== undefined) {
    if (!values.existing) throw new InputError('diff: --existing-ref REF goes with --existing DIR (the directory to read at that revision)')
    const relative = isAbsolute(values.existing) ? relative_(cwd, values.existing) : values.existing
    try {
      treePath(relative)
    } catch {
      throw new InputError(`diff: --existing ${values.existing}: with --existing-ref, give a directory inside the git repository (relative, without "..")`)
    }
    return { kind: 'git', cwd, commit: await resolveCommit(cwd, values['existing-ref']), path: relative }
  }
  if (values.aws) {
    const readRole = values['aws-read-role']
    if (readRole !== undefined && !isRoleNameOrPath(readRole))
      throw new InputError(`diff: --aws-read-role must be an IAM role name or /path/name (got '${readRole}')`)
    return {
      kind: 'aws',
      ...(readRole !== undefined ? { readRoleName: readRole } : {}),
      concurrency: parsePositiveInt('diff', '--concurrency', values.concurrency, 8)
    }
  }
  if (values['aws-read-role'] !== undefined) throw new InputError('diff: --aws-read-role goes with --aws')
  if (values.existing) {
    if (!existsSync(values.existing)) throw new InputError(`diff: --existing ${values.existing}: no such directory`)
    return { kind: 'directory', dir: values.existing }
  }
  return { kind: 'none' }
}

export const diffCommand: Command = {
  name: 'diff',
  summary: 'compare the IAM accounts.yaml implies with what exists today',
  help: HELP,
  async run(argv, io) {
    const { values } = parseCommandArgs('diff', argv, {
      config: { type: 'string', default: 'accounts.yaml' },
      existing: { type: 'string' },
      'existing-ref': { type: 'string' },
      aws: { type: 'boolean', default: false },
      'aws-read-role': { type: 'string' },
      base: { type: 'string' },
      format: { type: 'string' },
      'fail-on': { type: 'string', default: 'never' },
      'trust-policy-quota': { type: 'string' },
      concurrency: { type: 'string' },
      'stack-dir': { type: 'string', multiple: true }
    })
    const format = parseFormat('diff', values.format, ['text', 'json', 'markdown'])
    const failOn = values['fail-on']
    if (!isFailOn(failOn)) throw new InputError(`diff: --fail-on must be widening, changes or never (got '${failOn}')`)
    const quota = parseTrustPolicyQuota('diff', values['trust-policy-quota'], DEFAULT_TRUST_POLICY_QUOTA, MAX_TRUST_POLICY_QUOTA)
    const stackDirs = parseStackDirs(values['stack-dir'] ?? [], 'diff: --stack-dir')
    const source = await existingSource(io.cwd ?? process.cwd(), values)
    const head = analyseConfigFile(values.config, { trustPolicyQuota: quota })
    if (values.base !== undefined && !existsSync(values.base)) throw new InputError(`diff: --base ${values.base}: no such file`)
    const base = values.base === undefined ? undefined : analyseConfigFile(values.base, { trustPolicyQuota: quota, checkLimits: false })
    // Read only once accounts.yaml is valid: its errors come first (runDiff reports them).
    if (head.declaration) checkDeclaredStacks(head.declaration, stackDirs, 'diff: --stack-dir')
    const stackProviders = head.declaration ? stackDirs.map((dir) => readProvidersCopy(dir, 'diff: --stack-dir')) : []
    const report = await runDiff({ head, base, source, stackProviders })

    if (format === 'json') io.stdout(JSON.stringify(report, null, 2) + '\n')
    else if (format === 'markdown') io.stdout(renderSummary(report, { configPath: values.config }) + '\n')
    else io.stdout(renderTextReport(report, createStyle(io.color), { configPath: values.config }))
    return reportFailsCheck(report, failOn) ? EXIT_CHECK_FAILED : EXIT_OK
  }
}
