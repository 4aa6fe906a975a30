package spacelift_test

import rego.v1

# ---------------------------------------------------------------------------------------------
# The stack
# ---------------------------------------------------------------------------------------------

test_deny_when_labelled_stack_is_not_declared if {
	denied_with(single_provider_input("unknown-stack", constant_role(prod_role)), "carries the label \"stack-accounts\"")
}

test_deny_when_unlabelled_stack_is_not_declared if {
	unlabel := {"op": "replace", "path": "/spacelift/stack/labels", "value": []}
	plan := json.patch(single_provider_input("unknown-stack", constant_role(prod_role)), [unlabel])
	denied_with(plan, "is not declared in accounts.yaml, yet this policy is attached")
}

test_undeclared_stack_gets_no_provider_findings if {
	result := decisions(single_provider_input("unknown-stack", constant_role(staging_role)))
	count(result.deny) == 1
}

test_deny_when_custom_input_is_empty if {
	empty := {"op": "replace", "path": "/third_party_metadata/custom/stack_accounts", "value": {}}
	plan := json.patch(single_provider_input("app-prod", constant_role(prod_role)), [empty])
	denied_with(plan, "is empty or incomplete")
	denied_with(plan, "after_plan hook that writes stack_accounts.custom.spacelift.json failed")
	count(decisions(plan).deny) == 1
}

test_deny_when_custom_input_has_the_old_shape if {
	old := {
		"op": "replace", "path": "/third_party_metadata/custom/stack_accounts/configuration",
		"value": {"provider_config": {}, "root_module": {"resources": []}},
	}
	denied_with(json.patch(single_provider_input("app-prod", []), [old]), "is empty or incomplete")
}

test_deny_when_custom_input_is_missing if {
	drop_custom_input := {"op": "remove", "path": "/third_party_metadata"}
	plan := json.patch(single_provider_input("app-prod", constant_role(prod_role)), [drop_custom_input])
	denied_with(plan, "after_plan hook that writes stack_accounts.custom.spacelift.json did not run")
}
