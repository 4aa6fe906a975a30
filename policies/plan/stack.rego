# The stack: whether accounts.yaml declares it, and whether the after_plan hook's export
# (policies/hook/after_plan.sh) reached the policy; what the declaration allows the stack.
package spacelift

import rego.v1

stack_id := input.spacelift.stack.id

opt_in_label := "stack-accounts"

custom_input_key := "stack_accounts"

hook_file := "stack_accounts.custom.spacelift.json"

declared_stack := declaration.stacks[stack_id]

deny contains msg if {
	not declared_stack
	opt_in_label in object.get(input.spacelift.stack, "labels", [])
	msg := concat("", [
		"stack-accounts: stack \"", stack_id, "\" carries the label \"", opt_in_label,
		"\" but accounts.yaml does not declare it. Add it under `stacks:` in accounts.yaml ",
		"with the accounts it may reach, or remove the label \"", opt_in_label, "\" from the stack.",
	])
}

deny contains msg if {
	not declared_stack
	not opt_in_label in object.get(input.spacelift.stack, "labels", [])
	msg := concat("", [
		"stack-accounts: stack \"", stack_id, "\" is not declared in accounts.yaml, yet this policy ",
		"is attached to it. Add it under `stacks:` in accounts.yaml with the accounts it may reach, ",
		"or detach the policy.",
	])
}

deny contains msg if {
	declared_stack
	not custom
	msg := concat("", [
		"stack-accounts: the plan-policy input has no custom input \"", custom_input_key,
		"\": the after_plan hook that writes ", hook_file, " did not run for stack \"", stack_id,
		"\". Attach the context labelled autoattach:", opt_in_label,
		" (it carries the hook) and make sure jq and terraform or tofu are on the runner image.",
	])
}

deny contains msg if {
	declared_stack
	custom
	not complete_custom_input
	msg := concat("", [
		"stack-accounts: the custom input \"", custom_input_key, "\" is empty or incomplete ",
		"(no configuration.provider_config object or configuration.resources list): the after_plan ",
		"hook that writes ", hook_file, " failed for stack \"", stack_id, "\", or an older hook wrote it. ",
		"Read the hook's output in the run log (it says what it could not export), and render the ",
		"bundle again with this version of stack-accounts.",
	])
}

custom := input.third_party_metadata.custom[custom_input_key]

complete_custom_input if {
	is_object(custom.configuration.provider_config)
	is_array(custom.configuration.resources)
}

allowed_role_arns := {arn | some arn in declared_stack.role_arns}

stack_account_ids := {id | some id in object.get(declared_stack, "account_ids", [])}

default declared_roles_phrase := "none"

declared_roles_phrase := concat(", ", sort(allowed_role_arns)) if count(allowed_role_arns) > 0
