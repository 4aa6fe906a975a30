import { analyseConfigFile, DEFAULT_TRUST_POLICY_QUOTA, MAX_TRUST_POLICY_QUOTA } from '../../generate/analyseDeclaration.js'
import { InputError } from '../../common/diagnostics.js'
import { writeGeneratedFiles } from '../../generate/writeGeneratedFiles.js'
import { renderIamAndTerraformFiles } from '../../generate/iamTerraformFiles.js'
import { renderSpaceliftBundle } from '../../generate/spaceliftBundle.js'
import { parseCommandArgs, parseFormat, parseTrustPolicyQuota } from '../args.js'
import { diagnosticJson, diagnosticsText } from '../diagnosticsOutput.js'
import { EXIT_OK, type Command } from '../io.js'
import { createStyle } from '../../report/style.js'
import { plural } from '../../common/plural.js'

const HELP = `Usage: stack-accounts render [--config accounts.yaml] --out DIR [--format text|json] [--force]

Writes everything accounts.yaml implies (CONTRACT §3):
  DIR/iam/<account_id>/<role_name>.trust.json           trust policy of each role
  DIR/iam/<hub_id>/<hub_role_name>.permissions.json     what the hub role may assume
  DIR/terraform/<stack>/providers.tf                    one aliased aws provider per account
  DIR/terraform/iam/main.tf                             a Terraform root creating every role, each in its account
  DIR/spacelift/                                        one Terraform root: the integration and attachments
                                                        (integration.tf), the plan policy, its hook, main.tf

Nothing is written when accounts.yaml is invalid. A re-render replaces and removes only files a
previous render wrote and nobody edited since (see DIR/.stack-accounts-manifest.json); a directory
those removals leave empty (a dropped stack's terraform/<stack>/) goes with them.

Options:
  --config FILE              the declaration (default: accounts.yaml)
  --out DIR                  output directory (required)
  --format text|json         output format (default: text)
  --trust-policy-quota N     IAM's role trust policy length quota in characters (default: ${DEFAULT_TRUST_POLICY_QUOTA},
                             at most ${MAX_TRUST_POLICY_QUOTA}); every generated document is checked against IAM's limits
  --force                    overwrite files stack-accounts did not write, or that were edited
`

export const renderCommand: Command = {
  name: 'render',
  summary: 'write the IAM, Terraform and Spacelift files accounts.yaml implies',
  help: HELP,
  async run(argv, io) {
    const { values } = parseCommandArgs('render', argv, {
      config: { type: 'string', default: 'accounts.yaml' },
      out: { type: 'string' },
      format: { type: 'string' },
      force: { type: 'boolean', default: false },
      'trust-policy-quota': { type: 'string' }
    })
    const format = parseFormat('render', values.format, ['text', 'json'])
    if (!values.out) throw new InputError("render: --out DIR is required (see 'stack-accounts render --help')")
    const quota = parseTrustPolicyQuota('render', values['trust-policy-quota'], DEFAULT_TRUST_POLICY_QUOTA, MAX_TRUST_POLICY_QUOTA)
    const analysis = analyseConfigFile(values.config, { trustPolicyQuota: quota })
    if (!analysis.declaration || !analysis.desired) throw new InputError(analysis.diagnostics.filter((d) => d.severity === 'error'))

    const files = new Map([...renderIamAndTerraformFiles(analysis.declaration, analysis.desired), ...renderSpaceliftBundle(analysis.declaration)])
    const result = await writeGeneratedFiles(values.out, files, { force: values.force })
    const warnings = analysis.diagnostics.filter((d) => d.severity === 'warning')

    if (format === 'json') {
      io.stdout(JSON.stringify({ out: values.out, files: [...files.keys()].sort(), ...result, warnings: warnings.map(diagnosticJson) }, null, 2) + '\n')
    } else {
      const style = createStyle(io.color)
      io.stderr(diagnosticsText(warnings, style))
      io.stdout(
        `${style.green('rendered')} ${files.size} files into ${values.out}: ${result.written.length} written, ${result.unchanged.length} unchanged` +
          (result.removed.length ? `, ${result.removed.length} removed` : '') +
          (result.removedDirectories.length ? ` (and ${plural(result.removedDirectories.length, 'emptied directory', 'emptied directories')})` : '') +
          '\n'
      )
      for (const stale of result.keptStale)
        io.stdout(`${style.yellow('kept')} ${stale}: no longer generated, but edited since; remove it yourself if unneeded\n`)
    }
    return EXIT_OK
  }
}
