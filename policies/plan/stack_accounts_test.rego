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
	"spacelift_principal_account_id": "324880187172",
	"hub": {"account_id": "111111111111", "role_arn": "arn:aws:iam::111111111111:role/spacelift-hub"},
	"accounts": {
		"legacy": {"id": "123456789012", "role_arn": legacy_role},
		"prod": {"id": "222222222222", "role_arn": prod_role},
		"staging": {"id": "333333333333", "role_arn": staging_role},
	},
	"stacks": {
		"app-prod": {"accounts": ["prod"], "role_arns": [prod_role], "access": "read-write"},
		"networking": {"accounts": ["prod", "staging"], "role_arns": [prod_role, staging_role], "access": "read-only"},
		"fixture-stack": {"accounts": ["legacy"], "role_arns": [legacy_role], "access": "read-write"},
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
			"root_module": {"resources": resources},
		},
		"variables": variables,
	}}},
}

aws_provider(alias, assume_role) := object.union(
	{"name": "aws", "full_name": "registry.terraform.io/hashicorp/aws", "expressions": {"assume_role": assume_role}},
	alias_field(alias),
)

alias_field("") := {}

alias_field(alias) := {"alias": alias} if alias != ""

constant_role(arn) := [{"role_arn": {"constant_value": arn}}]

referenced_role(references) := [{"role_arn": {"references": references}}]

managed(address, key) := {"address": address, "mode": "managed", "type": "aws_s3_bucket", "provider_config_key": key}

data_source(address, key) := {
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

decisions(input_document) := {"deny": deny, "warn": warn} if {
	deny := spacelift.deny with input as input_document with data.stack_accounts.declaration as declaration
	warn := spacelift.warn with input as input_document with data.stack_accounts.declaration as declaration
}

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

test_allow_variable_whose_value_is_a_declared_role if {
	plan := plan_input(
		"app-prod",
		{"aws.prod": aws_provider("prod", referenced_role(["var.prod_role"]))},
		[managed("aws_s3_bucket.logs", "aws.prod")],
		{"prod_role": {"value": prod_role}},
	)
	clean(plan)
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

test_deny_variable_whose_value_is_an_undeclared_role if {
	plan := plan_input(
		"app-prod",
		{"aws.prod": aws_provider("prod", referenced_role(["var.role"]))},
		[managed("aws_s3_bucket.logs", "aws.prod")],
		{"role": {"value": staging_role}},
	)
	denied_with(plan, concat("", ["assumes role ", staging_role]))
}

test_deny_interpolated_role if {
	plan := plan_input(
		"app-prod",
		{"aws.prod": aws_provider("prod", referenced_role(["var.account_id"]))},
		[managed("aws_s3_bucket.logs", "aws.prod")],
		{"account_id": {"value": "222222222222"}},
	)
	denied_with(plan, "an expression referring to var.account_id, which cannot be resolved to a role ARN")
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
	denied_with(plan, "cannot be resolved to a role ARN")
}

test_deny_role_from_module_variable if {
	provider := object.union(
		aws_provider("", referenced_role(["var.role_arn"])),
		{"module_address": "module.app"},
	)
	plan := json.patch(
		plan_input("app-prod", {"module.app:aws": provider}, [], {"role_arn": {"value": prod_role}}),
		[{
			"op": "add",
			"path": "/third_party_metadata/custom/stack_accounts/configuration/root_module/module_calls",
			"value": {"app": {"module": {"resources": [managed("aws_s3_bucket.data", "module.app:aws")]}}},
		}],
	)
	denied_with(plan, "provider configuration \"module.app:aws\" (used by module.app.aws_s3_bucket.data)")
	denied_with(plan, "module variables")
}

test_deny_role_arn_missing_from_block if {
	denied_with(single_provider_input("app-prod", [{"role_arn": {}}]), "assumes a role given by no role_arn")
}

test_deny_provider_for_each if {
	for_each := {"for_each_expression": {"references": ["var.accounts"]}}
	provider := object.union(aws_provider("by_account", constant_role(prod_role)), for_each)
	plan := plan_input("app-prod", {"aws.by_account": provider}, [managed("aws_s3_bucket.logs", "aws.by_account")], {})
	denied_with(plan, "uses for_each")
}

test_deny_provider_for_each_in_expressions if {
	for_each := {"op": "add", "path": "/expressions/for_each", "value": {"references": ["local.accounts"]}}
	provider := json.patch(aws_provider("each", constant_role(prod_role)), [for_each])
	denied_with(plan_input("app-prod", {"aws.each": provider}, [], {}), "uses for_each")
}

# ---------------------------------------------------------------------------------------------
# Chains
# ---------------------------------------------------------------------------------------------

test_allow_chain_of_declared_roles if {
	chain := array.concat(constant_role(prod_role), constant_role(staging_role))
	plan := plan_input("networking", {"aws.prod": aws_provider("prod", chain)}, [managed("aws_vpc.main", "aws.prod")], {})
	clean(plan)
}

test_deny_chain_with_one_undeclared_role if {
	chain := array.concat(constant_role(prod_role), constant_role("arn:aws:iam::999999999999:role/admin"))
	plan := plan_input("networking", {"aws.prod": aws_provider("prod", chain)}, [managed("aws_vpc.main", "aws.prod")], {})
	result := decisions(plan)
	count(result.deny) == 1
	denied_with(plan, "arn:aws:iam::999999999999:role/admin")
}

test_web_identity_role_must_be_declared if {
	provider := json.patch(aws_provider("prod", []), [{
		"op": "add",
		"path": "/expressions/assume_role_with_web_identity",
		"value": constant_role("arn:aws:iam::999999999999:role/oidc"),
	}])
	plan := plan_input("app-prod", {"aws.prod": provider}, [managed("aws_s3_bucket.logs", "aws.prod")], {})
	denied_with(plan, "assumes role arn:aws:iam::999999999999:role/oidc")
}

# ---------------------------------------------------------------------------------------------
# No assume_role
# ---------------------------------------------------------------------------------------------

test_deny_explicit_provider_without_role_used_by_managed_resource if {
	plan := single_provider_input("app-prod", [])
	denied_with(plan, "provider configuration \"aws.prod\" (used by aws_s3_bucket.logs) assumes no role")
}

test_deny_implicit_default_provider_used_by_managed_resource if {
	plan := plan_input("app-prod", {}, [managed("aws_s3_bucket.logs", "aws")], {})
	denied_with(plan, "provider configuration \"aws\" (used by aws_s3_bucket.logs) assumes no role")
}

test_warn_provider_without_role_used_only_by_data_sources if {
	plan := plan_input("app-prod", {"aws": aws_provider("", [])}, [data_source("data.aws_caller_identity.me", "aws")], {})
	result := decisions(plan)
	count(result.deny) == 0
	warned_with(plan, "these data sources read with the Spacelift integration's own (hub) credentials")
}

test_unused_provider_without_role_is_ignored if {
	clean(plan_input("app-prod", {"aws": aws_provider("", [])}, [], {}))
}

test_other_providers_are_ignored if {
	provider := {"name": "google", "full_name": "registry.terraform.io/hashicorp/google", "expressions": {}}
	clean(plan_input("app-prod", {"google": provider}, [managed("google_storage_bucket.b", "google")], {}))
}

test_provider_without_full_name_is_recognised_by_name if {
	plan := plan_input("app-prod", {"aws": {"name": "aws", "expressions": {}}}, [managed("aws_s3_bucket.logs", "aws")], {})
	denied_with(plan, "assumes no role")
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
	count(result.deny) == 0
	result.warn == {concat("", [
		"stack-accounts: provider configuration \"aws\" (used by data.aws_caller_identity.c1, ",
		"data.aws_caller_identity.c2, data.aws_caller_identity.c3 and 1 more) assumes no role, so these ",
		"data sources read with the Spacelift integration's own (hub) credentials. Add an assume_role ",
		"block with one of the roles declared for stack \"app-prod\": ", prod_role, ".",
	])}
}

# ---------------------------------------------------------------------------------------------
# Module-scoped provider keys
# ---------------------------------------------------------------------------------------------

test_module_resource_with_root_alias_key if {
	inner_module := {"resources": [managed("aws_vpc.main", "aws.prod")]}
	plan := json.patch(single_provider_input("app-prod", constant_role(staging_role)), [{
		"op": "add",
		"path": "/third_party_metadata/custom/stack_accounts/configuration/root_module/module_calls",
		"value": {"net": {"module": {"resources": [], "module_calls": {"inner": {"module": inner_module}}}}},
	}])
	denied_with(plan, "(used by aws_s3_bucket.logs, module.net.module.inner.aws_vpc.main)")
}

test_module_scoped_provider_with_declared_constant_role if {
	provider := object.union(aws_provider("", constant_role(prod_role)), {"module_address": "module.app"})
	plan := json.patch(plan_input("app-prod", {"module.app:aws": provider}, [], {}), [{
		"op": "add",
		"path": "/third_party_metadata/custom/stack_accounts/configuration/root_module/module_calls",
		"value": {"app": {"module": {"resources": [managed("aws_s3_bucket.data", "module.app:aws")]}}},
	}])
	clean(plan)
}

test_module_key_without_configuration_inherits_root_default if {
	plan := json.patch(plan_input("app-prod", {"aws": aws_provider("", [])}, [], {}), [{
		"op": "add",
		"path": "/third_party_metadata/custom/stack_accounts/configuration/root_module/module_calls",
		"value": {"app": {"module": {"resources": [managed("aws_s3_bucket.data", "module.app:aws")]}}},
	}])
	denied_with(plan, "provider configuration \"aws\" (used by module.app.aws_s3_bucket.data) assumes no role")
}

# A module calling another: {"resources": resources, "module_calls": {name: {"module": module}}}.
calling(resources, name, module) := {"resources": resources, "module_calls": {name: {"module": module}}}

# Modules nested deeper than the levels the policy lists one by one (modules_0 … modules_5) are
# found by walking below them: resources at depths 6 and 8 count, a "resources" list elsewhere
# (here under outputs) does not.
test_modules_nested_deeper_than_the_listed_levels if {
	level_8 := {
		"resources": [managed("aws_s3_bucket.eight", "aws")],
		"outputs": {"resources": [managed("aws_s3_bucket.fake", "aws.fake")]},
	}
	level_7 := calling([], "m8", level_8)
	level_6 := calling([managed("aws_s3_bucket.six", "aws")], "m7", level_7)
	level_5 := calling([], "m6", level_6)
	level_4 := calling([], "m5", level_5)
	level_3 := calling([], "m4", level_4)
	level_2 := calling([], "m3", level_3)
	level_1 := calling([], "m2", level_2)
	plan := json.patch(plan_input("app-prod", {"aws": aws_provider("", [])}, [], {}), [{
		"op": "add",
		"path": "/third_party_metadata/custom/stack_accounts/configuration/root_module/module_calls",
		"value": {"m1": {"module": level_1}},
	}])
	six := "module.m1.module.m2.module.m3.module.m4.module.m5.module.m6.aws_s3_bucket.six"
	eight := "module.m1.module.m2.module.m3.module.m4.module.m5.module.m6.module.m7.module.m8.aws_s3_bucket.eight"
	denied_with(plan, concat("", ["provider configuration \"aws\" (used by ", six, ", ", eight, ") assumes no role"]))
	not denied_with(plan, "aws.fake")
	count(decisions(plan).deny) == 1
}

test_resources_nested_in_expressions_are_not_resources if {
	plan := json.patch(single_provider_input("app-prod", constant_role(prod_role)), [{
		"op": "add",
		"path": "/third_party_metadata/custom/stack_accounts/configuration/root_module/outputs",
		"value": {"resources": [managed("aws_s3_bucket.fake", "aws")]},
	}])
	clean(plan)
}

test_warn_pre_1_2_provider_keys if {
	plan := json.patch(plan_input("app-prod", {"aws": aws_provider("", constant_role(prod_role))}, [], {}), [{
		"op": "add",
		"path": "/third_party_metadata/custom/stack_accounts/configuration/root_module/module_calls",
		"value": {"api": {"module": {"resources": [managed("aws_api_gateway_account.main", "api:aws")]}}},
	}])
	warned_with(plan, "older than 1.2 (resource module.api.aws_api_gateway_account.main has provider key \"api:aws\")")
	count(decisions(plan).deny) == 0
}

# ---------------------------------------------------------------------------------------------
# aws_iam_role trust policies
# ---------------------------------------------------------------------------------------------

role_change(actions, after) := {
	"address": "aws_iam_role.deployer",
	"type": "aws_iam_role",
	"name": "deployer",
	"provider_name": "registry.terraform.io/hashicorp/aws",
	"change": {"actions": actions, "after": after},
}

trust_input(actions, policy) := json.patch(single_provider_input("app-prod", constant_role(prod_role)), [{
	"op": "replace",
	"path": "/terraform/resource_changes",
	"value": [role_change(actions, {"assume_role_policy": json.marshal(policy)})],
}])

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

test_deny_trust_of_principal_without_account if {
	denied_with(trust_input(["create"], trusting({"AWS": "AROAEXAMPLEID"})), "whose account cannot be told")
}

test_deny_not_principal if {
	policy := {"Statement": {
		"Effect": "Allow",
		"NotPrincipal": {"AWS": "arn:aws:iam::222222222222:root"},
		"Action": "sts:AssumeRole",
	}}
	denied_with(trust_input(["create"], policy), "NotPrincipal")
}

test_allow_trust_of_declared_accounts_and_services if {
	policy := {"Statement": [
		{"Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::111111111111:role/spacelift-hub"}, "Action": "sts:AssumeRole"},
		{"Effect": "Allow", "Principal": {"AWS": "arn:aws:sts::324880187172:assumed-role/x/y"}, "Action": "sts:AssumeRole"},
		{"Effect": "Allow", "Principal": {"Service": "lambda.amazonaws.com"}, "Action": "sts:AssumeRole"},
		{"Effect": "Deny", "Principal": "*", "Action": "sts:AssumeRole"},
	]}
	clean(trust_input(["create"], policy))
}

test_deleted_role_is_not_checked if {
	clean(trust_input(["delete"], trusting("*")))
}

test_warn_sanitized_trust_policy if {
	plan := json.patch(single_provider_input("app-prod", constant_role(prod_role)), [{
		"op": "replace",
		"path": "/terraform/resource_changes",
		"value": [role_change(["create"], {"assume_role_policy": "3b2c1a9f"})],
	}])
	warned_with(plan, "Spacelift's resource sanitization has hashed it")
	warned_with(plan, "terraform_smart_sanitization = true")
	warned_with(plan, "feature:disable_resource_sanitization")
}

test_warn_trust_policy_known_after_apply if {
	plan := json.patch(single_provider_input("app-prod", constant_role(prod_role)), [{
		"op": "replace",
		"path": "/terraform/resource_changes",
		"value": [role_change(["create"], {})],
	}])
	warned_with(plan, "known only after apply")
}

# ---------------------------------------------------------------------------------------------
# Real plans (policies/plan/testdata/data.json, built by testdata/build.sh)
# ---------------------------------------------------------------------------------------------

real_plan(name, stack) := json.patch(data.plan.testdata[name], [stack_patch]) if {
	stack_patch := {"op": "replace", "path": "/spacelift/stack/id", "value": stack}
}

test_real_plan_role_from_variable_declared_for_stack if {
	# Terraform 0.12: module resources inherit the root "aws", which assumes var.role_arn.
	plan := real_plan("terraform_compliance_issue_249_assume_role_var_iam", "fixture-stack")
	result := decisions(plan)
	count(result.deny) == 0
	count(result.warn) == 1
	warned_with(plan, "older than 1.2 (resource module.alb.aws_alb.alb has provider key \"alb:aws\")")
}

test_real_plan_role_from_variable_not_declared_for_stack if {
	plan := real_plan("terraform_compliance_issue_249_assume_role_var_iam", "app-prod")
	denied_with(plan, concat("", ["provider configuration \"aws\" (used by aws_iam_instance_profile.profile, ", ""]))
	denied_with(plan, concat("", [
		"assumes role ", legacy_role,
		", which accounts.yaml does not declare for stack \"app-prod\"",
	]))
}

test_real_plan_role_trust_policy_change if {
	outsider := "arn:aws:iam::210987654321:root"
	plan := json.patch(real_plan("terraform_compliance_issue_249_assume_role_var_iam", "fixture-stack"), [{
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
	denied_with(plan, concat("", ["provider configuration \"module.apigw_test_1:aws\" (used by ", first_resource]))
}

test_real_plan_unused_static_credentials_provider_is_not_denied if {
	# aws.ohio uses an access key, but no resource uses any provider: nothing runs with it.
	clean(real_plan("checkov_plan_with_providers_aliases", "app-prod"))
}

test_real_plan_without_aws_resources if {
	clean(real_plan("terraform_json_120_basic", "app-prod"))
}

test_real_plan_other_provider_with_module_aliases if {
	clean(real_plan("opentofu_show_json_provider_aliasing", "app-prod"))
	clean(real_plan("opentofu_show_json_provider_aliasing_default", "app-prod"))
}
