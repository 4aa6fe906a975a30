import { readFileSync, statSync } from 'node:fs'
import { MAX_POLICY_FILE_BYTES } from '../../policy/policyJson.js'
import { formatDiagnostic, InputError } from '../../diagnostics.js'
import { comparePolicies } from '../../policy/compare.js'
import { trustPolicyFindings, type PolicyFinding } from '../../policy/findings.js'
import { parsePolicy } from '../../policy/parse.js'
import { parseCommandArgs, parseFormat } from '../args.js'
import { EXIT_CHECK_FAILED, EXIT_INVALID, EXIT_OK, type CliIO, type Command } from '../io.js'
import { alignColumns, createStyle } from '../style.js'
import { appendAll } from '../../append.js'

const HELP = `Usage: stack-accounts compare OLD.json NEW.json [--format text|json]

Compares two IAM trust policies by meaning: statement order, string vs list, account ID vs root
ARN, action casing and Sids make no difference. Says whether NEW may allow a request that OLD
denies ("widens"; never "no" when it may), lists the changes grant by grant, and reports what IAM
refuses or what is dangerous in each policy. Each file holds a policy document, the JSON of
'aws iam get-role', or a URL-encoded document as the IAM API returns it.

Options:
  --format text|json                 output format (default: text)
  --fail-on widening|changes|never   exit 1 when NEW widens / differs (default: never)

Exit codes: 0 compared, 1 the --fail-on check failed, 2 invalid input or usage.
JSON: {"widens": bool, "changes": [{"kind","detail","widens"}], "findings": {"old": [...], "new": [...]}}
`

function readPolicyFile(path: string) {
  let text: string
  try {
    const size = statSync(path).size
    if (size > MAX_POLICY_FILE_BYTES) {
      throw new InputError([{ severity: 'error', file: path, path: '', line: 1, column: 1, message: `the file is ${size} bytes, over the ${MAX_POLICY_FILE_BYTES}-byte limit for a policy file` }])
    }
    text = readFileSync(path, 'utf8')
  } catch (error) {
    if (error instanceof InputError) throw error
    throw new InputError([{ severity: 'error', file: path, path: '', line: 1, column: 1, message: `cannot read: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}` }])
  }
  return parsePolicy(text, path)
}

function findingRows(label: string, findings: PolicyFinding[]): string[][] {
  return findings.map((finding) => [`  ${finding.severity}`, finding.code, `${label}: ${finding.message}`])
}

export const compareCommand: Command = {
  name: 'compare',
  summary: 'compare two trust policies: semantic changes and whether NEW widens access',
  help: HELP,
  async run(argv: string[], io: CliIO): Promise<number> {
    try {
      const { values, positionals } = parseCommandArgs('compare', argv, { format: { type: 'string' }, 'fail-on': { type: 'string', default: 'never' } }, true)
      const format = parseFormat('compare', values.format, ['text', 'json'])
      const failOn = values['fail-on']
      if (!['widening', 'changes', 'never'].includes(failOn)) throw new InputError(`compare: --fail-on must be widening, changes or never (got '${failOn}')`)
      if (positionals.length !== 2) throw new InputError("compare: expected two files, OLD.json and NEW.json (see 'stack-accounts compare --help')")
      const [oldPath = '', newPath = ''] = positionals
      const oldPolicy = readPolicyFile(oldPath)
      const newPolicy = readPolicyFile(newPath)
      const result = comparePolicies(oldPolicy, newPolicy)
      const findings = { old: trustPolicyFindings(oldPolicy), new: trustPolicyFindings(newPolicy) }
      const exitCode = (failOn === 'widening' && result.widens) || (failOn === 'changes' && result.changes.length > 0) ? EXIT_CHECK_FAILED : EXIT_OK

      if (format === 'json') {
        const strip = (list: PolicyFinding[]) => list.map(({ severity, code, message }) => ({ severity, code, message }))
        io.stdout(JSON.stringify({ widens: result.widens, changes: result.changes, findings: { old: strip(findings.old), new: strip(findings.new) } }, null, 2) + '\n')
        return exitCode
      }
      const style = createStyle(io.color)
      const lines: string[] = []
      const verdict = result.widens ? style.red('widens') : result.changes.length ? style.green('does not widen') : style.green('no change')
      lines.push(`${style.bold(`${oldPath} -> ${newPath}`)}: ${verdict}, ${result.changes.length} change${result.changes.length === 1 ? '' : 's'}`)
      lines.push(
        ...alignColumns(result.changes.map((change) => [change.widens ? `  ${style.red('+ widens')}` : '  ', change.kind, change.detail]))
      )
      const rows = [...findingRows(oldPath, findings.old), ...findingRows(newPath, findings.new)]
      if (rows.length) {
        lines.push(style.bold('findings:'))
        appendAll(lines, alignColumns(rows.map(([severity = '', code = '', message = '']) => [severity === '  error' ? style.red(severity) : style.yellow(severity), code, message])))
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
