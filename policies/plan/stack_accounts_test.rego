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
# The decisions: sample
# ---------------------------------------------------------------------------------------------

test_sample_when_denied if {
	spacelift.sample with input as single_provider_input("app-prod", constant_role(staging_role))
		with data.stack_accounts.declaration as declaration
}

test_no_sample_when_allowed if {
	not spacelift.sample with input as single_provider_input("app-prod", constant_role(prod_role))
		with data.stack_accounts.declaration as declaration
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
