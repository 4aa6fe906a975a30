import { analyseConfigFile, DEFAULT_TRUST_POLICY_QUOTA, MAX_TRUST_POLICY_QUOTA } from '../../generate/analyseDeclaration.js'
import { parseCommandArgs, parseFormat, parseTrustPolicyQuota } from '../args.js'
import { diagnosticJson, diagnosticsText } from '../diagnosticsOutput.js'
import { EXIT_INVALID, EXIT_OK, type Command } from '../io.js'
import { createStyle } from '../../report/style.js'
import { plural } from '../../common/plural.js'

const HELP = `Usage: stack-accounts validate [--config accounts.yaml] [--format text|json] [--trust-policy-quota N]

Checks accounts.yaml against the format (CONTRACT §1) and what it implies: every error at once,
each with file:line:column, plus warnings about what IAM does not separate.

Options:
  --config FILE              the declaration (default: accounts.yaml)
  --format text|json         output format (default: text)
  --trust-policy-quota N     IAM's role trust policy length quota in characters (default: ${DEFAULT_TRUST_POLICY_QUOTA},
                             at most ${MAX_TRUST_POLICY_QUOTA}); every generated document is checked against IAM's limits

Exit codes: 0 valid (warnings allowed), 2 invalid.
JSON: {"valid": bool, "errors": [{"path","line","column","message"}], "warnings": [...]}
`

/**
 * The integration ID exists only once the integration does: the first pass creates the hub role
 * and the integration without it, the second sets it (README "First-time setup").
 */
export const FIRST_PASS_NOTE =
  'spacelift.integration_id is not set, so the external IDs the hub trusts match any AWS integration of your Spacelift account (<account>@*@<stack>@<read|write>). ' +
  'First pass: apply the hub role and terraform/spacelift.tf, which creates the integration; then set integration_id to its ID (Integrations > AWS), render and apply again.'

export const validateCommand: Command = {
  name: 'validate',
  summary: 'check accounts.yaml and what it implies',
  help: HELP,
  run(argv, io) {
    const { values } = parseCommandArgs('validate', argv, {
      config: { type: 'string', default: 'accounts.yaml' },
      format: { type: 'string' },
      'trust-policy-quota': { type: 'string' }
    })
    const format = parseFormat('validate', values.format, ['text', 'json'])
    const quota = parseTrustPolicyQuota('validate', values['trust-policy-quota'], DEFAULT_TRUST_POLICY_QUOTA, MAX_TRUST_POLICY_QUOTA)
    const analysis = analyseConfigFile(values.config, { trustPolicyQuota: quota })
    const errors = analysis.diagnostics.filter((d) => d.severity === 'error')
    const warnings = analysis.diagnostics.filter((d) => d.severity === 'warning')
    const valid = errors.length === 0

    if (format === 'json') {
      io.stdout(JSON.stringify({ valid, errors: errors.map(diagnosticJson), warnings: warnings.map(diagnosticJson) }, null, 2) + '\n')
    } else {
      const style = createStyle(io.color)
      const text = diagnosticsText(analysis.diagnostics, style)
      if (valid) {
        const d = analysis.declaration!
        const roles = (analysis.desired?.targets.length ?? 0) + 1
        io.stdout(text)
        io.stdout(
          `${style.green('valid')}: ${values.config}: ${d.accounts.length} accounts, ${d.stacks.length} stacks, ${roles} roles` +
            (warnings.length ? `, ${plural(warnings.length, 'warning')}` : '') +
            '\n'
        )
        if (d.spacelift.integrationId === null) io.stdout(`${style.yellow('note')}: ${FIRST_PASS_NOTE}\n`)
      } else {
        io.stderr(text)
        io.stderr(`${style.red('invalid')}: ${values.config}: ${plural(errors.length, 'error')}\n`)
      }
    }
    return valid ? EXIT_OK : EXIT_INVALID
  }
}
