import { analyseConfigFile } from '../../generate/analyseDeclaration.js'
import { InputError } from '../../common/diagnostics.js'
import { loadPlanPolicy, planStackId, readPlanFile } from '../../planPolicy/evaluatePlan.js'
import { spaceliftPlanInput } from '../../planPolicy/planInput.js'
import { locatePolicyWasm } from '../../planPolicy/wasmLocate.js'
import { parseCommandArgs, parseFormat } from '../args.js'
import { EXIT_CHECK_FAILED, EXIT_OK, type Command } from '../io.js'
import { createStyle } from '../../report/style.js'
import { didYouMean } from '../../config/didYouMean.js'

const HELP = `Usage: stack-accounts check-plan [--config accounts.yaml] --plan PLAN.json --stack ID [--format text|json]

Evaluates the shipped Spacelift plan policy, as Spacelift would, on a plan of a stack: the
policy compiled to WebAssembly, with accounts.yaml supplied as data.

PLAN.json is either \`terraform show -json\` (or \`tofu show -json\`) output, wrapped in the
plan-policy input Spacelift builds (the stack labelled stack-accounts, a PROPOSED run, and the
custom input the after_plan hook exports), or a full Spacelift plan-policy input (a policy
workbench sample), used as it is. Spacelift sanitizes string values in its input unless told
otherwise; here the plan is evaluated in clear.

Options:
  --config FILE        the declaration (default: accounts.yaml)
  --plan FILE          the plan JSON (required)
  --stack ID           the Spacelift stack ID the plan is for (required for a terraform plan;
                       for a Spacelift input it must match spacelift.stack.id when given)
  --format text|json   output format (default: text)

Exit codes: 0 no deny, 1 the policy denies, 2 invalid input.
JSON: {"deny": [...], "warn": [...]}
`

export const checkPlanCommand: Command = {
  name: 'check-plan',
  summary: 'evaluate the Spacelift plan policy on a plan',
  help: HELP,
  async run(argv, io) {
    const { values } = parseCommandArgs('check-plan', argv, {
      config: { type: 'string', default: 'accounts.yaml' },
      plan: { type: 'string' },
      stack: { type: 'string' },
      format: { type: 'string' }
    })
    const format = parseFormat('check-plan', values.format, ['text', 'json'])
    if (values.plan === undefined || values.plan === '') {
      throw new InputError("check-plan: --plan is required (see 'stack-accounts check-plan --help')")
    }
    const plan = readPlanFile(values.plan)
    const stackId = planStackId(values.plan, plan, values.stack)

    const analysis = analyseConfigFile(values.config)
    if (!analysis.declaration) {
      throw new InputError(analysis.diagnostics.filter((d) => d.severity === 'error'))
    }
    const declared = analysis.declaration.stacks.map((s) => s.id)
    if (!declared.includes(stackId)) {
      // The policy's verdict stands (Spacelift would deny the same), with the likely typo named.
      const near = didYouMean(stackId, declared)
      io.stderr(`hint: stack ${JSON.stringify(stackId)} is not declared in ${values.config}${near ? `; did you mean ${JSON.stringify(near)}?` : ''}\n`)
    }
    const policy = await loadPlanPolicy(analysis.declaration, locatePolicyWasm(io.env))
    const verdict = policy.evaluate(spaceliftPlanInput(plan, stackId))

    if (format === 'json') {
      io.stdout(JSON.stringify({ deny: verdict.deny, warn: verdict.warn }, null, 2) + '\n')
    } else {
      const style = createStyle(io.color)
      const lines = [
        ...verdict.deny.map((message) => `${style.red('deny')}: ${message}\n`),
        ...verdict.warn.map((message) => `${style.yellow('warn')}: ${message}\n`)
      ]
      const summary =
        verdict.deny.length > 0
          ? `${style.red('denied')}: stack ${stackId}, ${values.plan}: ${count(verdict.deny.length, 'deny', 'denies')}, ${count(verdict.warn.length, 'warning', 'warnings')}\n`
          : `${style.green('allowed')}: stack ${stackId}, ${values.plan}: ${count(verdict.warn.length, 'warning', 'warnings')}\n`
      io.stdout(lines.join('') + summary)
    }
    return verdict.deny.length > 0 ? EXIT_CHECK_FAILED : EXIT_OK
  }
}

function count(n: number, one: string, many: string): string {
  return `${n} ${n === 1 ? one : many}`
}
