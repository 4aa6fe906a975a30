/**
 * The plan-policy input Spacelift would give the policy for a plan.
 *
 * Either the file already is a Spacelift plan-policy input (a policy-workbench sample: it has
 * `spacelift` and `terraform`), used as it is; or it is `terraform show -json` output, wrapped in
 * the documented shape of Spacelift's input (spacelift-io/user-documentation,
 * docs/snippets/plan_input.json): `spacelift.stack` (id, labels with the opt-in label),
 * `spacelift.run.type = PROPOSED`, `terraform` (format and Terraform versions, resource_changes)
 * and `third_party_metadata.custom.stack_accounts`, which the after_plan hook would export.
 *
 * One difference from Spacelift: Spacelift sanitizes string values in the plan input by default
 * (hashes them, unless smart sanitization or the feature:disable_resource_sanitization label is
 * on). A pull request has the plan in clear, so it is evaluated unsanitized: a trust policy the
 * policy warns about as unreadable on Spacelift is checked here.
 */
import { isPlanDocument, stackAccountsCustomInput } from './customInput.js'
import { isObject } from '../common/json.js'

export const OPT_IN_LABEL = 'stack-accounts'
export const CUSTOM_INPUT_KEY = 'stack_accounts'

/** Whether the document is already a Spacelift plan-policy input. */
export function isSpaceliftPlanInput(plan: unknown): boolean {
  return isObject(plan) && 'spacelift' in plan && 'terraform' in plan
}

/**
 * Whether the document is `terraform show -json` output of a saved plan: a configuration object
 * and planned_values or resource_changes (a state file has neither; the hook refuses it too).
 */
export function isTerraformPlan(plan: unknown): boolean {
  return isPlanDocument(plan)
}

export function spaceliftPlanInput(plan: unknown, stackId: string): object {
  if (isSpaceliftPlanInput(plan)) return plan as object
  const terraformPlan = isObject(plan) ? plan : {}
  const terraform: Record<string, unknown> = {
    format_version: terraformPlan.format_version ?? null,
    terraform_version: terraformPlan.terraform_version ?? null,
    resource_changes: Array.isArray(terraformPlan.resource_changes) ? terraformPlan.resource_changes : []
  }
  const customInput = stackAccountsCustomInput(plan)
  return {
    spacelift: {
      stack: { id: stackId, labels: [OPT_IN_LABEL] },
      run: { type: 'PROPOSED' }
    },
    terraform,
    // Where the hook would refuse the document, Spacelift gets no custom input: so does the policy here.
    third_party_metadata: customInput === null ? {} : { custom: { [CUSTOM_INPUT_KEY]: customInput } }
  }
}
