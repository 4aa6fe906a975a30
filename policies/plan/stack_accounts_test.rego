package spacelift_test

import rego.v1

import data.spacelift

# ---------------------------------------------------------------------------------------------
# A declaration as `policyDeclarationData` builds it from accounts.yaml
# ---------------------------------------------------------------------------------------------

prod_role := "arn:aws:iam::222222222222:role/spacelift-target"

staging_role := "arn:aws:iam::333333333333:role/spacelift-target"

legacy_role := "arn:aws:iam::123456789012:role/cross-account-roles/cross-account-role-app"

declaration := {
	"partition": "aws",
	"unverifiable": "deny",
	"spacelift_account_ids": ["324880187172", "577638371743"],
	"spacelift_principal_account_id": "324880187172",
	"hub": {"account_id": "111111111111", "role_arn": "arn:aws:iam::111111111111:role/spacelift-hub"},
	"accounts": {
		"legacy": {"id": "123456789012", "role_arn": legacy_role},
		"prod": {"id": "222222222222", "role_arn": prod_role},
		"staging": {"id": "333333333333", "role_arn": staging_role},
	},
	"stacks": {
		"app-prod": {"accounts": ["prod"], "role_arns": [prod_role], "account_ids": ["222222222222"], "access": "read-write"},
		"networking": {
			"accounts": ["prod", "staging"],
			"role_arns": [prod_role, staging_role],
			"account_ids": ["222222222222", "333333333333"],
			"access": "read-only",
		},
		"fixture-stack": {
			"accounts": ["legacy"],
			"role_arns": [legacy_role],
			"account_ids": ["123456789012"],
			"access": "read-write",
		},
	},
	"declared_account_ids": ["111111111111", "123456789012", "222222222222", "324880187172", "333333333333"],
}

# ---------------------------------------------------------------------------------------------
# Input builders (Spacelift plan-policy input shape)
# ---------------------------------------------------------------------------------------------

plan_input(stack, provider_config, resources, variables) := {
	"spacelift": {"run": {"type": "PROPOSED"}, "stack": {"id": stack, "labels": ["stack-accounts"]}},
	"terraform": {"resource_changes": []},
	"third_party_metadata": {"custom": {"stack_accounts": {
		"configuration": {
			"provider_config": provider_config,
			"resources": resources,
		},
		"variables": variables,
	}}},
}

# With allowed_account_ids pinned to the accounts of its constant roles, as `render` writes it.
aws_provider(alias, assume_role) := object.union(
	{
		"name": "aws",
		"full_name": "registry.terraform.io/hashicorp/aws",
		"arguments": ["allowed_account_ids", "assume_role", "region"],
		"expressions": {
			"assume_role": assume_role,
			"allowed_account_ids": {"references": [], "constant_value": role_accounts(assume_role)},
		},
	},
	alias_field(alias),
)

role_accounts(assume_role) := sort({split(block.role_arn.constant_value, ":")[4] |
	some block in assume_role
	is_string(block.role_arn.constant_value)
})

# A provider configuration without assume_role (the default credentials).
roleless_provider(alias) := object.union(
	{"name": "aws", "full_name": "registry.terraform.io/hashicorp/aws", "arguments": ["region"], "expressions": {}},
	alias_field(alias),
)

# The same block in a module.
in_module(module_address, block) := object.union(block, {"module_address": module_address})

alias_field("") := {}

alias_field(alias) := {"alias": alias} if alias != ""

constant_role(arn) := [{"role_arn": {"constant_value": arn}}]

referenced_role(references) := [{"role_arn": {"references": references}}]

managed(address, key) := {
	"module_address": "",
	"address": address,
	"mode": "managed",
	"type": "aws_s3_bucket",
	"provider_config_key": key,
}

data_source(address, key) := {
	"module_address": "",
	"address": address,
	"mode": "data",
	"type": "aws_caller_identity",
	"provider_config_key": key,
}

single_provider_input(stack, assume_role) := plan_input(
	stack,
	{"aws.prod": aws_provider("prod", assume_role)},
	[managed("aws_s3_bucket.logs", "aws.prod")],
	{},
)

decisions(input_document) := decisions_under(input_document, declaration)

decisions_under(input_document, declared) := {"deny": deny, "warn": warn} if {
	deny := spacelift.deny with input as input_document with data.stack_accounts.declaration as declared
	warn := spacelift.warn with input as input_document with data.stack_accounts.declaration as declared
}

# The declaration with accounts.yaml `policy: {unverifiable: warn}`.
warn_declaration := object.union(declaration, {"unverifiable": "warn"})

denied_with(input_document, fragment) if {
	some message in decisions(input_document).deny
	contains(message, fragment)
}

warned_with(input_document, fragment) if {
	some message in decisions(input_document).warn
	contains(message, fragment)
}

clean(input_document) if {
	result := decisions(input_document)
	count(result.deny) == 0
	count(result.warn) == 0
}

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

test_sample_when_denied if {
	spacelift.sample with input as single_provider_input("app-prod", constant_role(staging_role))
		with data.stack_accounts.declaration as declaration
}

test_no_sample_when_allowed if {
	not spacelift.sample with input as single_provider_input("app-prod", constant_role(prod_role))
		with data.stack_accounts.declaration as declaration
}

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

test_other_providers_are_ignored if {
	provider := {
		"name": "google", "full_name": "registry.terraform.io/hashicorp/google",
		"arguments": [], "expressions": {},
	}
	bucket := object.union(managed("google_storage_bucket.b", "google"), {"type": "google_storage_bucket"})
	clean(plan_input("app-prod", {"google": provider}, [bucket], {}))
}

test_provider_without_full_name_is_recognised_by_name if {
	plan := plan_input("app-prod", {"aws": {"name": "aws", "expressions": {}}}, [managed("aws_s3_bucket.logs", "aws")], {})
	denied_with(plan, "assumes no role")
}

test_every_aws_provider_source_is_judged if {
	every source in [
		"registry.opentofu.org/opentofu/aws",
		"registry.example.com/acme/aws",
		"registry.terraform.io/hashicorp/awscc",
	] {
		provider := object.union(roleless_provider("x"), {"name": "cloud", "full_name": source})
		plan := plan_input("app-prod", {"cloud.x": provider}, [], {})
		denied_with(plan, "provider configuration \"cloud.x\" assumes no role")
	}
}

test_fork_serving_aws_resources_is_judged if {
	provider := {"name": "fork", "full_name": "registry.example.com/acme/fork", "arguments": ["region"], "expressions": {}}
	plan := plan_input("app-prod", {"fork": provider}, [managed("aws_s3_bucket.logs", "fork")], {})
	denied_with(plan, "provider configuration \"fork\" (used by aws_s3_bucket.logs) assumes no role")
}

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

# ---------------------------------------------------------------------------------------------
# Module-scoped provider keys
# ---------------------------------------------------------------------------------------------

test_module_resource_with_root_alias_key if {
	plan := json.patch(single_provider_input("app-prod", constant_role(staging_role)), [{
		"op": "add",
		"path": "/third_party_metadata/custom/stack_accounts/configuration/resources/-",
		"value": in_module("module.net.module.inner", managed("aws_vpc.main", "aws.prod")),
	}])
	denied_with(plan, "(used by aws_s3_bucket.logs, module.net.module.inner.aws_vpc.main)")
}

test_module_scoped_provider_with_declared_constant_role if {
	provider := in_module("module.app", aws_provider("", constant_role(prod_role)))
	resources := [in_module("module.app", managed("aws_s3_bucket.data", "module.app:aws"))]
	clean(plan_input("app-prod", {"module.app:aws": provider}, resources, {}))
}

test_module_key_without_configuration_inherits_root_default if {
	resources := [in_module("module.app", managed("aws_s3_bucket.data", "module.app:aws"))]
	plan := plan_input("app-prod", {"aws": roleless_provider("")}, resources, {})
	denied_with(plan, "provider configuration \"aws\" (used by module.app.aws_s3_bucket.data) assumes no role")
}

# A module that declares required_providers (every published AWS module does), called from a
# wrapper module without any: Terraform writes the inner module's requirement as a provider
# configuration without arguments, which takes the root's.
required_providers_entry(module_address) := {
	"name": "aws", "full_name": "registry.terraform.io/hashicorp/aws",
	"module_address": module_address,
	"expressions": {},
}

test_wrapper_module_inherits_the_root_role if {
	provider_set := {
		"aws": aws_provider("", constant_role(prod_role)),
		"module.wrapper.module.inner:aws": required_providers_entry("module.wrapper.module.inner"),
	}
	inner := "module.wrapper.module.inner"
	resources := [in_module(inner, managed("aws_s3_bucket.data", concat(":", [inner, "aws"])))]
	clean(plan_input("app-prod", provider_set, resources, {}))
}

test_module_inherits_the_nearest_calling_module_configuration if {
	provider_set := {
		"aws": aws_provider("", constant_role(prod_role)),
		"module.a:aws": in_module("module.a", aws_provider("", constant_role(staging_role))),
		"module.a.module.b:aws": required_providers_entry("module.a.module.b"),
	}
	resources := [in_module("module.a.module.b", managed("aws_s3_bucket.data", "module.a.module.b:aws"))]
	plan := plan_input("app-prod", provider_set, resources, {})
	denied_with(plan, "configuration \"module.a:aws\" (used by module.a.module.b.aws_s3_bucket.data) assumes role")
}

test_module_configuration_of_its_own_without_role_is_denied if {
	provider_set := {
		"aws": aws_provider("", constant_role(prod_role)),
		"module.m:aws": in_module("module.m", roleless_provider("")),
	}
	resources := [in_module("module.m", managed("aws_s3_bucket.data", "module.m:aws"))]
	denied_with(plan_input("app-prod", provider_set, resources, {}), "provider configuration \"module.m:aws\" (used by")
}

test_warn_pre_1_2_provider_keys if {
	resources := [in_module("module.api", managed("aws_api_gateway_account.main", "api:aws"))]
	plan := plan_input("app-prod", {"aws": aws_provider("", constant_role(prod_role))}, resources, {})
	warned_with(plan, "older than 1.2 (resource module.api.aws_api_gateway_account.main has provider key \"api:aws\")")
	count(decisions(plan).deny) == 0
}

# ---------------------------------------------------------------------------------------------
# Resources removed from the configuration
# ---------------------------------------------------------------------------------------------

destroy_input(provider_set, resources, address) := json.patch(plan_input("app-prod", provider_set, resources, {}), [{
	"op": "replace",
	"path": "/terraform/resource_changes",
	"value": [{
		"address": address, "mode": "managed", "type": "aws_s3_bucket", "name": "old",
		"provider_name": "registry.terraform.io/hashicorp/aws",
		"change": {"actions": ["delete"]},
	}],
}])

test_deny_destroy_of_removed_resource_without_root_default if {
	plan := destroy_input({"aws.prod": aws_provider("prod", constant_role(prod_role))}, [], "aws_s3_bucket.old")
	denied_with(plan, "aws_s3_bucket.old would be destroyed: removed from the configuration")
}

test_allow_destroy_of_removed_resource_with_declared_root_default if {
	clean(destroy_input({"aws": aws_provider("", constant_role(prod_role))}, [], "module.m[\"k\"].aws_s3_bucket.old[0]"))
}

test_allow_destroy_of_resource_still_configured if {
	provider_set := {"aws.prod": aws_provider("prod", constant_role(prod_role))}
	resources := [in_module("module.m.module.n", managed("aws_s3_bucket.old", "aws.prod"))]
	clean(destroy_input(provider_set, resources, "module.m[\"a]\\\"[b\"].module.n[3].aws_s3_bucket.old[\"x\"]"))
}

# ---------------------------------------------------------------------------------------------
# Trust policies of IAM roles
# ---------------------------------------------------------------------------------------------

role_change(actions, after) := {
	"address": "aws_iam_role.deployer",
	"type": "aws_iam_role",
	"name": "deployer",
	"provider_name": "registry.terraform.io/hashicorp/aws",
	"change": {"actions": actions, "after": after},
}

trust_text_input(actions, text) := json.patch(single_provider_input("app-prod", constant_role(prod_role)), [{
	"op": "replace",
	"path": "/terraform/resource_changes",
	"value": [role_change(actions, {"assume_role_policy": text})],
}])

trust_input(actions, policy) := trust_text_input(actions, json.marshal(policy))

trusting(principal) := {"Version": "2012-10-17", "Statement": [{
	"Effect": "Allow",
	"Principal": principal,
	"Action": "sts:AssumeRole",
}]}

test_deny_trust_of_wildcard_aws_principal if {
	denied_with(trust_input(["create"], trusting({"AWS": "*"})), "aws_iam_role.deployer would trust any AWS principal")
}

test_deny_trust_of_wildcard_principal if {
	denied_with(trust_input(["update"], trusting("*")), "would trust any AWS principal")
}

test_deny_trust_of_undeclared_account_arn if {
	denied_with(
		trust_input(["create"], trusting({"AWS": ["arn:aws:iam::222222222222:root", "arn:aws:iam::999999999999:role/x"]})),
		"would trust AWS principal arn:aws:iam::999999999999:role/x of account 999999999999",
	)
}

test_deny_trust_of_undeclared_account_id if {
	denied_with(trust_input(["create"], trusting({"AWS": "999999999999"})), "of account 999999999999")
}

test_deny_trust_of_account_written_as_a_number if {
	number := `{"Statement":[{"Effect":"Allow","Principal":{"AWS":999999999999},"Action":"sts:AssumeRole"}]}`
	denied_with(trust_text_input(["create"], number), "AWS principal 999999999999 of account 999999999999")
	short := `{"Statement":[{"Effect":"Allow","Principal":{"AWS":[12345]},"Action":"sts:AssumeRole"}]}`
	denied_with(trust_text_input(["create"], short), "of account 000000012345")
}

test_deny_trust_of_principal_without_account if {
	denied_with(trust_input(["create"], trusting({"AWS": "AROAEXAMPLEID"})), "whose account cannot be told")
	canonical := trusting({"CanonicalUser": "79a59df900b949e55d96a1e698fbace"})
	denied_with(trust_input(["create"], canonical), "a CanonicalUser principal")
}

test_deny_not_principal if {
	policy := {"Statement": {
		"Effect": "Allow",
		"NotPrincipal": {"AWS": "arn:aws:iam::222222222222:root"},
		"Action": "sts:AssumeRole",
	}}
	denied_with(trust_input(["create"], policy), "NotPrincipal")
}

spacelift_statement(condition) := {"Statement": [object.union(
	{"Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::324880187172:root"}, "Action": "sts:AssumeRole"},
	condition,
)]}

test_allow_trust_of_declared_accounts_and_services if {
	policy := {"Statement": [
		{"Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::111111111111:role/spacelift-hub"}, "Action": "sts:AssumeRole"},
		{"Effect": "Allow", "Principal": {"Service": "lambda.amazonaws.com"}, "Action": "sts:AssumeRole"},
		{"Effect": "Deny", "Principal": "*", "Action": "sts:AssumeRole"},
	]}
	clean(trust_input(["create"], policy))
	external_id := {"Condition": {"StringEquals": {"sts:ExternalId": "acme@x@app-prod@read"}}}
	clean(trust_input(["create"], spacelift_statement(external_id)))
}

test_deny_trust_of_spacelift_without_external_id if {
	every condition in [
		{},
		{"Condition": {"StringLike": {"sts:ExternalId": "*"}}},
		{"Condition": {"StringEqualsIfExists": {"sts:ExternalId": "x"}}},
		{"Condition": {"StringNotEquals": {"sts:ExternalId": "x"}}},
	] {
		denied_with(trust_input(["create"], spacelift_statement(condition)), "without an sts:ExternalId condition")
	}
}

test_deny_trust_of_spacelift_us_account_without_external_id if {
	policy := trusting({"AWS": "577638371743"})
	denied_with(trust_input(["create"], policy), "would trust Spacelift's AWS account 577638371743")
}

oidc := "arn:aws:iam::222222222222:oidc-provider/token.actions.githubusercontent.com"

federated(provider, condition) := {"Statement": [object.union(
	{"Effect": "Allow", "Principal": {"Federated": provider}, "Action": "sts:AssumeRoleWithWebIdentity"},
	condition,
)]}

test_deny_oidc_trust_without_subject_condition if {
	aud := {"Condition": {"StringEquals": {"token.actions.githubusercontent.com:aud": "sts.amazonaws.com"}}}
	denied_with(trust_input(["create"], federated(oidc, aud)), "without a condition on its :sub claim")
	denied_with(trust_input(["create"], federated("accounts.google.com", {})), "without a condition on its :sub claim")
}

test_allow_oidc_trust_with_subject_condition if {
	sub := {"Condition": {"StringLike": {"token.actions.githubusercontent.com:sub": "repo:acme/infra:*"}}}
	clean(trust_input(["create"], federated(oidc, sub)))
}

test_deny_federated_provider_of_undeclared_account if {
	saml := "arn:aws:iam::999999999999:saml-provider/okta"
	denied_with(trust_input(["create"], federated(saml, {})), concat("", ["identity provider ", saml]))
	denied_with(trust_input(["create"], federated("example.com", {})), "federated principal example.com")
}

test_deleted_role_is_not_checked if {
	plan := trust_input(["delete"], trusting("*"))
	not denied_with(plan, "would trust")
}

test_deny_sanitized_trust_policy if {
	plan := trust_text_input(["create"], "3b2c1a9f")
	denied_with(plan, "Spacelift's resource sanitization has hashed it")
	denied_with(plan, "terraform_smart_sanitization = true")
	denied_with(plan, "feature:disable_resource_sanitization")
}

test_warn_sanitized_trust_policy_when_unverifiable_is_warn if {
	result := decisions_under(trust_text_input(["create"], "3b2c1a9f"), warn_declaration)
	count(result.deny) == 0
	count(result.warn) == 1
}

test_deny_trust_policy_known_after_apply if {
	denied_with(trust_text_input(["create"], null), "known only after apply")
	unknown := json.patch(trust_text_input(["create"], "{}"), [{
		"op": "add", "path": "/terraform/resource_changes/0/change/after_unknown",
		"value": {"assume_role_policy": true},
	}])
	denied_with(unknown, "known only after apply")
}

test_deny_unreadable_trust_policies if {
	every case in [
		["true", "it is not a JSON object"],
		["[]", "it is not a JSON object"],
		["{\"Statement\": [", "it is not valid JSON"],
		["{\"Statement\": []} x", "it is not valid JSON"],
		["{\"Statement\": []}]", "it is not valid JSON"],
		["{\"Statement\": [1 2]}", "it is not valid JSON"],
		["{\"Statement\": [1,]}", "it is not valid JSON"],
		["{\"Statement\": [\"\\ud800\"]}", "it is not valid JSON"],
		["{\"Statement\": [], \"Statement\": [1]}", "it gives a key twice"],
		[
			"{\"Statement\": {\"Effect\": \"Allow\", \"Principal\": {\"AWS\": \"222222222222\", \"AWS\": \"9\"}}}",
			"it gives a key twice",
		],
		["{\"Statement\": 5}", "its Statement is neither an object nor a list"],
		["{\"Statement\": [5]}", "a statement is not an object"],
		["{\"Statement\": [{\"Effect\": 1}]}", "a statement's Effect is not a string"],
		["{\"Statement\": [{\"Effect\": \"Allow\", \"Principal\": 5}]}", "Principal is neither"],
		["{\"Statement\": [{\"Effect\": \"Allow\", \"Condition\": 5}]}", "Condition is not an object"],
		["{\"Statement\": [{\"Effect\": \"Allow\", \"Principal\": {\"AWS\": {}}}]}", "a principal is neither"],
	] {
		[text, reason] := case
		denied_with(trust_text_input(["create"], text), reason)
	}
}

test_deny_trust_policy_that_is_not_a_string if {
	denied_with(trust_text_input(["create"], {"Statement": []}), "it is not a string")
}

test_readable_text_with_escapes_and_white_space if {
	text := "\n {\"Statement\": [{\"Effect\": \"Allow\", \"Sid\": \"a\\\"b\\\\\", \"Principal\": {\"Service\": \"x\"}}]}\t"
	clean(trust_text_input(["create"], text))
}

# ---------------------------------------------------------------------------------------------
# Resource policies granting other accounts (warnings)
# ---------------------------------------------------------------------------------------------

resource_change_input(type, after) := json.patch(single_provider_input("app-prod", constant_role(prod_role)), [{
	"op": "replace",
	"path": "/terraform/resource_changes",
	"value": [{"address": concat(".", [type, "x"]), "type": type, "change": {"actions": ["create"], "after": after}}],
}])

test_warn_resource_policies_granting_undeclared_accounts if {
	every type in [
		"aws_s3_bucket_policy", "aws_kms_key", "aws_sqs_queue_policy",
		"aws_sns_topic", "aws_ecr_repository_policy", "aws_secretsmanager_secret_policy",
	] {
		plan := resource_change_input(type, {"policy": json.marshal(trusting({"AWS": "arn:aws:iam::999999999999:root"}))})
		warned_with(plan, concat("", [type, ".x grants account 999999999999, which accounts.yaml does not declare"]))
		count(decisions(plan).deny) == 0
	}
}

test_no_warning_for_resource_policies_within_the_declaration if {
	clean(resource_change_input("aws_s3_bucket_policy", {"policy": json.marshal(trusting({"AWS": "222222222222"}))}))
}

test_warn_lambda_permission_and_ram_share_for_undeclared_accounts if {
	every type in ["aws_lambda_permission", "aws_ram_principal_association"] {
		warned_with(resource_change_input(type, {"principal": "999999999999"}), "grants account 999999999999")
	}
}

test_no_warning_for_service_principals_of_lambda_permissions if {
	clean(resource_change_input("aws_lambda_permission", {"principal": "s3.amazonaws.com"}))
}

test_warn_role_policy_assuming_a_foreign_role if {
	policy := {"Statement": [{
		"Effect": "Allow", "Action": "sts:AssumeRole",
		"Resource": "arn:aws:iam::999999999999:role/admin",
	}]}
	warned_with(
		resource_change_input("aws_iam_role_policy", {"policy": json.marshal(policy)}),
		"allows sts:AssumeRole on arn:aws:iam::999999999999:role/admin",
	)
}

# ---------------------------------------------------------------------------------------------
# Real plans (policies/plan/testdata/data.json, built by testdata/build.sh)
# ---------------------------------------------------------------------------------------------

real_plan(name, stack) := json.patch(data.plan.testdata[name], [stack_patch]) if {
	stack_patch := {"op": "replace", "path": "/spacelift/stack/id", "value": stack}
}

test_real_plan_role_from_variable_is_not_shown if {
	# Terraform 0.12: module resources inherit the root "aws", which assumes var.role_arn, and has
	# no allowed_account_ids.
	plan := real_plan("terraform_compliance_issue_249_assume_role_var_iam", "fixture-stack")
	denied_with(plan, "provider configuration \"aws\" (used by aws_iam_instance_profile.profile, ")
	denied_with(plan, "an expression referring to var.role_arn, which the plan does not show")
	warned_with(plan, "older than 1.2 (resource module.alb.aws_alb.alb has provider key \"alb:aws\")")
}

test_real_plan_role_trust_policy_change if {
	outsider := "arn:aws:iam::210987654321:root"
	plan := json.patch(real_plan("terraform_json_120_basic", "fixture-stack"), [{
		"op": "add",
		"path": "/terraform/resource_changes/-",
		"value": role_change(["create"], {"assume_role_policy": json.marshal(trusting({"AWS": outsider}))}),
	}])
	denied_with(plan, "of account 210987654321")
}

test_real_plan_pre_1_2_module_keys if {
	plan := real_plan("terraform_compliance_module_scoped_provider_alias", "app-prod")
	first_resource := "module.apigw_test_1.aws_api_gateway_account.main"
	warned_with(plan, concat("", ["older than 1.2 (resource ", first_resource, " has provider key \"apigw_test_1:aws\")"]))

	# The module's entry has no arguments (a proxy block): its resources use the root "aws".
	denied_with(plan, concat("", ["provider configuration \"aws\" (used by ", first_resource]))
}

test_real_plan_unused_static_credentials_providers_are_denied if {
	# aws, aws.ohio and aws.oregon assume no role; no resource shows using them, but ephemeral
	# resources would not show either.
	plan := real_plan("checkov_plan_with_providers_aliases", "app-prod")
	denied_with(plan, "provider configuration \"aws.ohio\" assumes no role")
}

test_real_plan_without_aws_resources_but_with_roleless_aws_providers if {
	plan := real_plan("terraform_json_120_basic", "app-prod")
	denied_with(plan, "provider configuration \"aws.east\" assumes no role")
}

test_real_plan_other_provider_with_module_aliases if {
	clean(real_plan("opentofu_show_json_provider_aliasing", "app-prod"))
	clean(real_plan("opentofu_show_json_provider_aliasing_default", "app-prod"))
}

test_real_plan_declared_constant_role if {
	# Planned by Terraform 1.11 against moto (__tests__/fixtures/terraform/declared-role).
	clean(real_plan("stack_accounts_declared_role", "fixture-stack"))
	denied_with(real_plan("stack_accounts_declared_role", "app-prod"), concat("", ["assumes role ", legacy_role]))
}

# ---------------------------------------------------------------------------------------------
# IAM roles created through CloudFormation or Cloud Control (red team)
# ---------------------------------------------------------------------------------------------

foreign_trust := trusting({"AWS": "arn:aws:iam::999999999999:root"})

indirect_change(type, actions, after) := {
	"address": concat(".", [type, "r"]),
	"type": type,
	"name": "r",
	"provider_name": "registry.terraform.io/hashicorp/aws",
	"change": {"actions": actions, "after": after},
}

with_changes(changes) := json.patch(single_provider_input("app-prod", constant_role(prod_role)), [{
	"op": "replace",
	"path": "/terraform/resource_changes",
	"value": changes,
}])

role_template := json.marshal({"Resources": {"Role": {
	"Type": "AWS::IAM::Role",
	"Properties": {"AssumeRolePolicyDocument": foreign_trust},
}}})

test_deny_cloudformation_stack_creating_roles if {
	every type in ["aws_cloudformation_stack", "aws_cloudformation_stack_set"] {
		plan := with_changes([indirect_change(type, ["create"], {"template_body": role_template})])
		denied_with(plan, concat("", [type, ".r may create IAM roles (its template holds AWS::IAM::Role)"]))
	}
}

test_deny_cloudformation_stack_with_hidden_template if {
	after := {"template_url": "https://example.com/t.yaml"}
	plan := with_changes([indirect_change("aws_cloudformation_stack", ["update"], after)])
	denied_with(plan, "aws_cloudformation_stack.r may create IAM roles (its template is not in the plan")
}

test_allow_cloudformation_stack_without_roles if {
	template := json.marshal({"Resources": {"Queue": {"Type": "AWS::SQS::Queue"}}})
	plan := with_changes([indirect_change("aws_cloudformation_stack", ["create"], {"template_body": template})])
	clean(plan)
}

test_deny_cloud_control_role if {
	state := json.marshal({"RoleName": "x", "AssumeRolePolicyDocument": foreign_trust})
	role := {"type_name": "AWS::IAM::Role", "desired_state": state}
	plan := with_changes([indirect_change("aws_cloudcontrolapi_resource", ["create"], role)])
	denied_with(plan, "aws_cloudcontrolapi_resource.r may create IAM roles (it creates an AWS::IAM::Role")
	queue := {"type_name": "AWS::SQS::Queue", "desired_state": "{}"}
	other := with_changes([indirect_change("aws_cloudcontrolapi_resource", ["create"], queue)])
	count(decisions(other).deny) == 0
}
