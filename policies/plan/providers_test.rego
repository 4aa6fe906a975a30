package spacelift_test

import rego.v1

# ---------------------------------------------------------------------------------------------
# assume_role: declared, undeclared, undeterminable
# ---------------------------------------------------------------------------------------------

test_allow_constant_role_declared_for_stack if {
	clean(single_provider_input("app-prod", constant_role(prod_role)))
}

# `role_arn = var.r` and `role_arn = replace(var.r, …)` both show as references: ["var.r"], so the
# variable's value (even a declared role) does not stand for the role.
test_deny_variable_whose_value_is_a_declared_role if {
	plan := plan_input(
		"app-prod",
		{"aws.prod": aws_provider("prod", referenced_role(["var.prod_role"]))},
		[managed("aws_s3_bucket.logs", "aws.prod")],
		{"prod_role": {"value": prod_role}},
	)
	denied_with(plan, "an expression referring to var.prod_role, which the plan does not show")
}

test_deny_role_of_an_account_not_declared_for_stack if {
	plan := single_provider_input("app-prod", constant_role(staging_role))
	denied_with(plan, concat("", [
		"assumes role ", staging_role,
		", which accounts.yaml does not declare for stack \"app-prod\"",
	]))
	denied_with(plan, "add the account to stacks.app-prod.accounts")
	denied_with(plan, "(used by aws_s3_bucket.logs)")
}

test_deny_role_with_other_name_in_declared_account if {
	denied_with(
		single_provider_input("app-prod", constant_role("arn:aws:iam::222222222222:role/admin")),
		"assumes role arn:aws:iam::222222222222:role/admin, which accounts.yaml does not declare",
	)
}

test_deny_role_with_other_path_in_declared_account if {
	denied_with(
		single_provider_input("app-prod", constant_role("arn:aws:iam::222222222222:role/ci/spacelift-target")),
		"does not declare for stack",
	)
}

test_allow_variable_role_with_literal_allowed_account_ids if {
	provider := json.patch(aws_provider("prod", referenced_role(["var.role"])), [{
		"op": "add", "path": "/expressions/allowed_account_ids",
		"value": {"references": [], "constant_value": ["222222222222"]},
	}])
	clean(plan_input("app-prod", {"aws.prod": provider}, [managed("aws_s3_bucket.logs", "aws.prod")], {}))
}

# ---------------------------------------------------------------------------------------------
# Roles the plan does not show: allowed_account_ids, policy.unverifiable
# ---------------------------------------------------------------------------------------------

with_allowed_accounts(provider, ids) := json.patch(provider, [{
	"op": "add", "path": "/expressions/allowed_account_ids",
	"value": {"references": [], "constant_value": ids},
}])

test_deny_interpolated_role if {
	computed := plan_input(
		"app-prod",
		{"aws.prod": aws_provider("prod", referenced_role(["var.account_id"]))},
		[managed("aws_s3_bucket.logs", "aws.prod")],
		{},
	)
	denied_with(computed, "a role given by an expression referring to var.account_id, which the plan does not show")
	denied_with(computed, "add allowed_account_ids = [...] with a literal list of the stack's accounts (222222222222)")
}

test_allow_interpolated_role_with_literal_allowed_account_ids if {
	provider := with_allowed_accounts(aws_provider("prod", referenced_role(["var.r"])), ["222222222222"])
	clean(plan_input("app-prod", {"aws.prod": provider}, [managed("aws_s3_bucket.logs", "aws.prod")], {}))
}

test_deny_interpolated_role_with_allowed_account_ids_outside_the_stack if {
	provider := with_allowed_accounts(aws_provider("prod", referenced_role(["var.r"])), ["222222222222", "999999999999"])
	denied_with(plan_input("app-prod", {"aws.prod": provider}, [], {}), "which the plan does not show")
}

test_allowed_account_ids_are_not_relied_on_when_the_account_is_not_requested if {
	provider := json.patch(with_allowed_accounts(aws_provider("prod", referenced_role(["var.r"])), ["222222222222"]), [{
		"op": "add", "path": "/arguments/-",
		"value": "skip_requesting_account_id",
	}])
	denied_with(plan_input("app-prod", {"aws.prod": provider}, [], {}), "which the plan does not show")
}

test_deny_interpolated_role_with_computed_allowed_account_ids if {
	provider := json.patch(aws_provider("prod", referenced_role(["var.r"])), [{
		"op": "add", "path": "/expressions/allowed_account_ids",
		"value": {"references": ["var.ids"]},
	}])
	denied_with(plan_input("app-prod", {"aws.prod": provider}, [], {}), "which the plan does not show")
}

test_warn_interpolated_role_when_unverifiable_is_warn if {
	plan := single_provider_input("app-prod", referenced_role(["local.role_arn"]))
	result := decisions_under(plan, warn_declaration)
	count(result.deny) == 0
	some message in result.warn
	contains(message, "an expression referring to local.role_arn")
}

test_literal_undeclared_role_is_denied_even_when_unverifiable_is_warn if {
	result := decisions_under(single_provider_input("app-prod", constant_role(staging_role)), warn_declaration)
	count(result.deny) == 1
}

test_deny_role_from_local if {
	denied_with(
		single_provider_input("app-prod", referenced_role(["local.role_arn"])),
		"an expression referring to local.role_arn",
	)
}

test_deny_indexed_variable if {
	plan := plan_input(
		"app-prod",
		{"aws.prod": aws_provider("prod", referenced_role(["var.roles[\"prod\"]", "var.roles"]))},
		[managed("aws_s3_bucket.logs", "aws.prod")],
		{},
	)
	denied_with(plan, "which the plan does not show")
}

test_deny_role_from_module_variable if {
	provider := in_module("module.app", aws_provider("", referenced_role(["var.role_arn"])))
	resources := [in_module("module.app", managed("aws_s3_bucket.data", "module.app:aws"))]
	plan := plan_input("app-prod", {"module.app:aws": provider}, resources, {"role_arn": {"value": prod_role}})
	denied_with(plan, "provider configuration \"module.app:aws\" (used by module.app.aws_s3_bucket.data)")
	denied_with(plan, "an expression referring to var.role_arn")
}

test_deny_role_arn_missing_from_block if {
	denied_with(single_provider_input("app-prod", [{"role_arn": {}}]), "assumes a role given by no role_arn")
}

test_deny_role_arn_constant_that_is_no_arn if {
	denied_with(single_provider_input("app-prod", constant_role("spacelift-target")), "assumes role spacelift-target")
}

# ---------------------------------------------------------------------------------------------
# Provider for_each (OpenTofu 1.9+; shapes hand-made, see the fixtures' PROVENANCE.md)
# ---------------------------------------------------------------------------------------------

for_each_provider(role_arn_expression, for_each) := object.union(
	aws_provider("by_account", [{"role_arn": role_arn_expression}]),
	{"for_each_expression": for_each},
)

test_allow_provider_for_each_with_constant_declared_role if {
	provider := for_each_provider({"constant_value": prod_role}, {"references": ["var.regions"]})
	clean(plan_input("app-prod", {"aws.by_account": provider}, [managed("aws_s3_bucket.logs", "aws.by_account")], {}))
}

test_allow_provider_for_each_marker_in_expressions if {
	provider := json.patch(aws_provider("each", constant_role(prod_role)), [{
		"op": "add", "path": "/expressions/for_each",
		"value": {"references": ["local.regions"]},
	}])
	clean(plan_input("app-prod", {"aws.each": provider}, [], {}))
}

# `role_arn = each.value` shows as references: ["each.value"], as `replace(each.value, …)` does:
# the instances' values can deny, not allow.
test_each_value_over_constant_map_of_declared_roles_needs_allowed_account_ids if {
	provider := for_each_provider(
		{"references": ["each.value"]},
		{"references": [], "constant_value": {"prod": prod_role, "staging": staging_role}},
	)
	denied_with(plan_input("networking", {"aws.by_account": provider}, [], {}), "an expression referring to each.value")
	pinned := with_allowed_accounts(provider, ["222222222222", "333333333333"])
	clean(plan_input("networking", {"aws.by_account": pinned}, [], {}))
}

test_deny_each_value_over_constant_map_with_an_undeclared_role if {
	provider := for_each_provider(
		{"references": ["each.value"]},
		{"references": [], "constant_value": {"prod": prod_role, "staging": staging_role}},
	)
	denied_with(plan_input("app-prod", {"aws.by_account": provider}, [], {}), concat("", ["assumes role ", staging_role]))
}

test_deny_each_value_over_a_variable if {
	provider := for_each_provider({"references": ["each.value"]}, {"references": ["var.roles"]})
	plan := plan_input("app-prod", {"aws.by_account": provider}, [], {})
	denied_with(plan, "an expression referring to each.value, which the plan does not show")
}

test_deny_each_value_without_for_each_marker if {
	# OpenTofu versions that write no for_each marker into provider_config.
	provider := aws_provider("by_account", referenced_role(["each.value"]))
	denied_with(plan_input("app-prod", {"aws.by_account": provider}, [], {}), "an expression referring to each.value")
}

# ---------------------------------------------------------------------------------------------
# Chains and web identity
# ---------------------------------------------------------------------------------------------

test_allow_chain_of_declared_roles if {
	chain := array.concat(constant_role(prod_role), constant_role(staging_role))
	plan := plan_input("networking", {"aws.prod": aws_provider("prod", chain)}, [managed("aws_vpc.main", "aws.prod")], {})
	clean(plan)
}

test_deny_chain_with_one_undeclared_role if {
	chain := array.concat(constant_role(prod_role), constant_role("arn:aws:iam::999999999999:role/admin"))
	provider := with_allowed_accounts(aws_provider("prod", chain), ["222222222222"])
	plan := plan_input("networking", {"aws.prod": provider}, [managed("aws_vpc.main", "aws.prod")], {})
	result := decisions(plan)
	count(result.deny) == 1
	denied_with(plan, "arn:aws:iam::999999999999:role/admin")
}

web_identity_provider(role) := json.patch(aws_provider("prod", role), [
	{"op": "remove", "path": "/expressions/assume_role"},
	{"op": "add", "path": "/expressions/assume_role_with_web_identity", "value": role},
])

test_web_identity_role_must_be_declared if {
	provider := web_identity_provider(constant_role("arn:aws:iam::999999999999:role/oidc"))
	plan := plan_input("app-prod", {"aws.prod": provider}, [managed("aws_s3_bucket.logs", "aws.prod")], {})
	denied_with(plan, "assumes role arn:aws:iam::999999999999:role/oidc")
}

test_allow_web_identity_with_declared_role if {
	provider := web_identity_provider(constant_role(prod_role))
	clean(plan_input("app-prod", {"aws.prod": provider}, [managed("aws_s3_bucket.logs", "aws.prod")], {}))
}

test_deny_web_identity_without_literal_role_even_with_allowed_account_ids if {
	provider := with_allowed_accounts(web_identity_provider(referenced_role(["local.r"])), ["222222222222"])
	plan := plan_input("app-prod", {"aws.prod": provider}, [managed("aws_s3_bucket.logs", "aws.prod")], {})
	denied_with(plan, "assumes a role with a web identity token")
	count(decisions_under(plan, warn_declaration).deny) == 1
}

# ---------------------------------------------------------------------------------------------
# No assume_role; credentials from files
# ---------------------------------------------------------------------------------------------

test_deny_explicit_provider_without_role_used_by_managed_resource if {
	plan := single_provider_input("app-prod", [])
	denied_with(plan, "provider configuration \"aws.prod\" (used by aws_s3_bucket.logs) assumes no role")
}

test_deny_implicit_default_provider_used_by_managed_resource if {
	plan := plan_input("app-prod", {}, [managed("aws_s3_bucket.logs", "aws")], {})
	denied_with(plan, "provider configuration \"aws\" (used by aws_s3_bucket.logs) assumes no role")
}

test_deny_provider_without_role_used_only_by_data_sources if {
	plan := plan_input("app-prod", {"aws": roleless_provider("")}, [data_source("data.aws_caller_identity.me", "aws")], {})
	denied_with(plan, "provider configuration \"aws\" (used by data.aws_caller_identity.me) assumes no role")
}

test_deny_root_provider_without_role_that_no_resource_shows_using if {
	# Ephemeral resources do not show in the plan's configuration: a provider may be used anyway.
	plan := plan_input("app-prod", {"aws": roleless_provider("")}, [], {})
	denied_with(plan, "provider configuration \"aws\" assumes no role")
}

test_deny_credentials_from_files_and_profiles if {
	every argument in ["profile", "shared_config_files", "shared_credentials_files"] {
		provider := json.patch(aws_provider("prod", constant_role(prod_role)), [{
			"op": "replace", "path": "/arguments",
			"value": ["assume_role", argument],
		}])
		plan := plan_input("app-prod", {"aws.prod": provider}, [managed("aws_s3_bucket.logs", "aws.prod")], {})
		denied_with(plan, concat("", ["sets ", argument, ", which takes credentials or a role from files"]))
	}
}

# Red team: STS answered by someone other than AWS. With `endpoints { sts = … }` the provider
# takes the assumed role's credentials, and the account ID allowed_account_ids is compared with,
# from whoever answers there: a declared role_arn or allowed_account_ids proves nothing.
test_deny_provider_whose_sts_calls_another_party_may_answer if {
	every argument in ["endpoints", "custom_ca_bundle", "insecure"] {
		provider := json.patch(aws_provider("prod", constant_role(prod_role)), [{
			"op": "replace", "path": "/arguments",
			"value": ["assume_role", argument, "region"],
		}])
		plan := plan_input("app-prod", {"aws.prod": provider}, [managed("aws_s3_bucket.logs", "aws.prod")], {})
		denied_with(plan, concat("", [
			"provider configuration \"aws.prod\" (used by aws_s3_bucket.logs) sets ", argument,
			", which can let a party other than AWS answer its STS calls",
		]))
		warned_with_under(plan, warn_declaration, concat("", ["sets ", argument]))
	}
}

test_deny_pinned_accounts_with_sts_elsewhere if {
	provider := {
		"name": "aws", "full_name": "registry.terraform.io/hashicorp/aws", "alias": "pinned",
		"arguments": ["allowed_account_ids", "assume_role", "endpoints", "region"],
		"expressions": {
			"assume_role": referenced_role(["var.role"]),
			"allowed_account_ids": {"references": [], "constant_value": ["222222222222"]},
		},
	}
	plan := plan_input("app-prod", {"aws.pinned": provider}, [], {})
	denied_with(plan, "provider configuration \"aws.pinned\" sets endpoints")
}

# Red team: `assume_role { role_arn = <declared> }` plus a `dynamic "assume_role"` naming a role
# of account 999999999999 reached that account on a real plan (Terraform 1.11, AWS provider
# 5.100, moto), whose JSON shows the constant block only, exactly as here.
test_deny_constant_role_without_allowed_account_ids if {
	provider := json.patch(aws_provider("prod", constant_role(prod_role)), [
		{"op": "remove", "path": "/expressions/allowed_account_ids"},
		{"op": "replace", "path": "/arguments", "value": ["assume_role", "region"]},
	])
	plan := plan_input("app-prod", {"aws.prod": provider}, [managed("aws_s3_bucket.logs", "aws.prod")], {})
	denied_with(plan, "assumes a constant role but has no literal allowed_account_ids")
	warned_with_under(plan, warn_declaration, "assumes a constant role but has no literal allowed_account_ids")
	outside := with_allowed_accounts(provider, ["222222222222", "999999999999"])
	denied_with(plan_input("app-prod", {"aws.prod": outside}, [], {}), "has no literal allowed_account_ids")
	clean(plan_input("app-prod", {"aws.prod": with_allowed_accounts(provider, ["222222222222"])}, [], {}))
}

warned_with_under(input_document, declared, fragment) if {
	some message in decisions_under(input_document, declared).warn
	contains(message, fragment)
}

# ---------------------------------------------------------------------------------------------
# Users named in the messages
# ---------------------------------------------------------------------------------------------

test_users_are_abbreviated if {
	resources := [managed(sprintf("aws_s3_bucket.b%d", [i]), "aws") | some i in numbers.range(1, 5)]
	plan := plan_input("app-prod", {}, resources, {})
	denied_with(plan, "(used by aws_s3_bucket.b1, aws_s3_bucket.b2, aws_s3_bucket.b3 and 2 more)")
}

test_abbreviated_users_are_the_first_in_sorted_order if {
	resources := [managed(sprintf("aws_s3_bucket.b%d", [i]), "aws") | some i in numbers.range(12, 1)]
	plan := plan_input("app-prod", {}, resources, {})
	denied_with(plan, "(used by aws_s3_bucket.b1, aws_s3_bucket.b10, aws_s3_bucket.b11 and 9 more)")
}

test_only_reported_provider_keys_name_their_users if {
	resources := array.concat(
		[managed(sprintf("aws_s3_bucket.p%d", [i]), "aws.prod") | some i in numbers.range(1, 4)],
		[data_source(sprintf("data.aws_caller_identity.c%d", [i]), "aws") | some i in numbers.range(1, 4)],
	)
	plan := plan_input("app-prod", {"aws.prod": aws_provider("prod", constant_role(prod_role))}, resources, {})
	result := decisions(plan)
	count(result.warn) == 0
	result.deny == {concat("", [
		"stack-accounts: provider configuration \"aws\" (used by data.aws_caller_identity.c1, ",
		"data.aws_caller_identity.c2, data.aws_caller_identity.c3 and 1 more) assumes no role, so it ",
		"would run with the Spacelift integration's own (hub) credentials (a dynamic \"assume_role\" ",
		"block does not show in the plan JSON either, and counts as none). Add an assume_role block ",
		"with role_arn set to one of the roles declared for stack \"app-prod\": ", prod_role,
		", and point the resources at that provider.",
	])}
}
