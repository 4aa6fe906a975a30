import { MAX_POLICY_FILE_BYTES, MAX_TRUST_DOCUMENT_CHARS } from '../../iamDocument/read.js'
import { readRegularFile } from '../../common/readRegularFile.js'
import { formatDiagnostic, InputError } from '../../common/diagnostics.js'
import { comparePolicies } from '../../trustPolicy/compare.js'
import { trustPolicyFindings, type PolicyFinding } from '../../trustPolicy/trustFindings.js'
import { parsePolicy } from '../../trustPolicy/parse.js'
import { parseCommandArgs, parseFormat } from '../args.js'
import { EXIT_CHECK_FAILED, EXIT_INVALID, EXIT_OK, type CliIO, type Command } from '../io.js'
import { alignColumns, createStyle } from '../../report/style.js'
import { appendAll } from '../../common/append.js'
import { plural } from '../../common/plural.js'
import { comparisonFailsCheck, isFailOn } from '../../diff/failOn.js'

const HELP = `Usage: stack-accounts compare OLD.json NEW.json [--format text|json] [--partition aws|aws-cn|aws-us-gov] [--own-accounts ID,ID]

Compares two IAM trust policies by meaning: statement order, string vs list, account ID vs root
ARN, action casing and Sids make no difference. Says whether NEW may allow a request that OLD
denies ("widens"; never "no" when it may), lists the changes grant by grant, and reports what IAM
refuses or what is dangerous in each policy. Each file holds a policy document, the JSON of
'aws iam get-role', or a URL-encoded document as the IAM API returns it.

Options:
  --format text|json                 output format (default: text)
  --fail-on widening|changes|never   exit 1 when NEW widens / differs (default: never)
  --own-accounts ID,ID               accounts that are yours (e.g. the stack-accounts hub): a principal
                                     there is no third party, so no sts:ExternalId is expected of it
  --partition aws|aws-cn|aws-us-gov  the partition of the role holding both policies, which a bare
                                     account ID means (default: unknown; bare IDs then match no
                                     arn:<partition>:… principal, and the verdict errs towards widens)

OLD and NEW are two versions of one role's trust policy. Each file must be a regular file of at
most 1 MiB, the document at most ${MAX_TRUST_DOCUMENT_CHARS} characters without white space (IAM
accepts 4,096), expanding to at most 5,000 principal × action combinations.

Exit codes: 0 compared, 1 the --fail-on check failed, 2 invalid input or usage.
JSON: {"widens": bool, "changes": [{"kind","detail","widens"}], "findings": {"old": [...], "new": [...]}}
`

const PARTITIONS = ['aws', 'aws-cn', 'aws-us-gov', 'aws-iso', 'aws-iso-b', 'aws-iso-e', 'aws-iso-f', 'aws-eusc']

function readPolicyFile(path: string, partition: string | null) {
  const reading = readRegularFile(path, MAX_POLICY_FILE_BYTES, { what: 'for a policy file' })
  if (!reading.ok) {
    const message = reading.reason === 'missing' ? 'cannot read: ENOENT (file not found)' : reading.message
    throw new InputError([{ severity: 'error', file: path, path: '', line: 1, column: 1, message }])
  }
  return parsePolicy(reading.text, path, { partition, maxChars: MAX_TRUST_DOCUMENT_CHARS })
}

/** Without --partition, a bare account ID cannot be matched with an ARN that names a partition: said once, as a finding. */
function partitionFindings(policy: ReturnType<typeof parsePolicy>): PolicyFinding[] {
  const bare = policy.statements.some((s) => s.principal?.values.some((v) => v.kind === 'account' && v.partition === null))
  if (!bare) return []
  return [
    {
      severity: 'warning',
      code: 'PARTITION_UNKNOWN',
      message:
        'bare account IDs mean the partition of the role holding the policy, which compare was not told (--partition aws|aws-cn|aws-us-gov): they are not taken to equal any arn:<partition>:… principal, so the verdict errs towards "widens"'
    }
  ]
}

/** `--own-accounts ID,ID`: accounts that are the user's own (the stack-accounts hub, ...), not third parties. */
function parseOwnAccounts(value: string | undefined): string[] {
  if (value === undefined) return []
  const ids = value.split(',')
  const bad = ids.find((id) => !/^\d{12}$/.test(id))
  if (bad !== undefined) throw new InputError(`compare: --own-accounts takes 12-digit account IDs separated by commas (got '${bad}')`)
  return ids
}

/**
 * compare does not know which accounts are the user's: a role trusting the stack-accounts hub (in
 * another account of the same organisation) is no third party, and needs no external ID. Say how
 * to tell it, rather than warn about the tool's own target trust as about a stranger.
 */
function ownAccountNote(findings: PolicyFinding[]): PolicyFinding[] {
  return findings.map((f) =>
    f.code === 'CROSS_ACCOUNT_WITHOUT_EXTERNAL_ID'
      ? {
          ...f,
          message: `${f.message} (if that account is yours, e.g. the stack-accounts hub trusted by a target role, it needs none: pass --own-accounts ID to say so)`
        }
      : f
  )
}

function findingRows(label: string, findings: PolicyFinding[]): string[][] {
  return findings.map((finding) => [`  ${finding.severity}`, finding.code, `${label}: ${finding.message}`])
}

export const compareCommand: Command = {
  name: 'compare',
  summary: 'compare two trust policies: semantic changes and whether NEW widens access',
  help: HELP,
  run(argv: string[], io: CliIO): number {
    try {
      const { values, positionals } = parseCommandArgs(
        'compare',
        argv,
        { format: { type: 'string' }, 'fail-on': { type: 'string', default: 'never' }, partition: { type: 'string' }, 'own-accounts': { type: 'string' } },
        true
      )
      const format = parseFormat('compare', values.format, ['text', 'json'])
      const failOn = values['fail-on']
      if (!isFailOn(failOn)) throw new InputError(`compare: --fail-on must be widening, changes or never (got '${failOn}')`)
      if (positionals.length !== 2) throw new InputError("compare: expected two files, OLD.json and NEW.json (see 'stack-accounts compare --help')")
      const partition = values.partition ?? null
      if (partition !== null && !PARTITIONS.includes(partition))
        throw new InputError(`compare: --partition must be one of ${PARTITIONS.join(', ')} (got '${partition}')`)
      const ownAccounts = parseOwnAccounts(values['own-accounts'])
      const [oldPath = '', newPath = ''] = positionals
      const oldPolicy = readPolicyFile(oldPath, partition)
      const newPolicy = readPolicyFile(newPath, partition)
      const result = comparePolicies(oldPolicy, newPolicy)
      const findings = {
        old: [...partitionFindings(oldPolicy), ...ownAccountNote(trustPolicyFindings(oldPolicy, { knownAccounts: ownAccounts }))],
        new: [...partitionFindings(newPolicy), ...ownAccountNote(trustPolicyFindings(newPolicy, { knownAccounts: ownAccounts }))]
      }
      const exitCode = comparisonFailsCheck(result, failOn) ? EXIT_CHECK_FAILED : EXIT_OK

      if (format === 'json') {
        const strip = (list: PolicyFinding[]) => list.map(({ severity, code, message }) => ({ severity, code, message }))
        io.stdout(
          JSON.stringify({ widens: result.widens, changes: result.changes, findings: { old: strip(findings.old), new: strip(findings.new) } }, null, 2) + '\n'
        )
        return exitCode
      }
      const style = createStyle(io.color)
      const lines: string[] = []
      const verdict = result.widens ? style.red('widens') : result.changes.length ? style.green('does not widen') : style.green('no change')
      lines.push(`${style.bold(`${oldPath} -> ${newPath}`)}: ${verdict}, ${plural(result.changes.length, 'change')}`)
      lines.push(...alignColumns(result.changes.map((change) => [change.widens ? `  ${style.red('+ widens')}` : '  ', change.kind, change.detail])))
      const rows = [...findingRows(oldPath, findings.old), ...findingRows(newPath, findings.new)]
      if (rows.length) {
        lines.push(style.bold('findings:'))
        appendAll(
          lines,
          alignColumns(
            rows.map(([severity = '', code = '', message = '']) => [severity === '  error' ? style.red(severity) : style.yellow(severity), code, message])
          )
        )
      }
      io.stdout(lines.join('\n') + '\n')
      return exitCode
    } catch (error) {
      if (error instanceof InputError) {
        io.stderr(error.diagnostics.map((d) => (d.file ? formatDiagnostic(d) : d.message)).join('\n') + '\n')
        return EXIT_INVALID
      }
      throw error
    }
  }
}
