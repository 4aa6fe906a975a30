package spacelift_test

import rego.v1

# ---------------------------------------------------------------------------------------------
# Spacelift OIDC (accounts.yaml spacelift.auth: oidc or both): providers that assume a target
# role with the run's web identity token, as `stack-accounts render` writes them, and target
# roles whose trust policy names Spacelift's OIDC identity provider.
# ---------------------------------------------------------------------------------------------

spacelift_oidc_token_file := "/mnt/workspace/spacelift.oidc"

# A provider as render writes it for a stack on OIDC: assume_role_with_web_identity with the
# role, the run ID as session name and Spacelift's token file, and allowed_account_ids.
oidc_provider_config(alias, role_arn) := {
	"name": "aws",
	"full_name": "registry.terraform.io/hashicorp/aws",
	"alias": alias,
	"arguments": ["allowed_account_ids", "assume_role_with_web_identity", "region"],
	"expressions": {
		"assume_role_with_web_identity": [{
			"role_arn": {"constant_value": role_arn},
			"session_name": {"references": ["var.spacelift_run_id"]},
			"web_identity_token_file": {"constant_value": spacelift_oidc_token_file},
		}],
		"allowed_account_ids": {"references": [], "constant_value": [split(role_arn, ":")[4]]},
		"region": {"constant_value": "eu-west-1"},
	},
}

oidc_plan(stack, by_alias) := plan_input(
	stack,
	{key: provider | some alias, provider in by_alias; key := concat(".", ["aws", alias])},
	[managed(concat("", ["aws_s3_bucket.", alias]), concat(".", ["aws", alias])) | some alias, _ in by_alias],
	{},
)

test_allow_web_identity_into_a_declared_role_of_the_stack if {
	clean(oidc_plan("app-prod", {"prod": oidc_provider_config("prod", prod_role)}))
}

test_allow_web_identity_into_every_declared_role_of_a_read_only_stack if {
	clean(oidc_plan("networking", {
		"prod": oidc_provider_config("prod", prod_role),
		"staging": oidc_provider_config("staging", staging_role),
	}))
}

test_deny_web_identity_into_another_stacks_role if {
	plan := oidc_plan("app-prod", {"staging": oidc_provider_config("staging", staging_role)})
	denied_with(plan, concat("", [
		"assumes role ", staging_role,
		", which accounts.yaml does not declare for stack \"app-prod\"",
	]))
}

test_deny_web_identity_into_an_undeclared_role if {
	undeclared := "arn:aws:iam::222222222222:role/admin"
	in_account := oidc_plan("app-prod", {"prod": oidc_provider_config("prod", undeclared)})
	denied_with(in_account, concat("", ["assumes role ", undeclared]))
	elsewhere := "arn:aws:iam::999999999999:role/spacelift-target"
	in_other_account := oidc_plan("app-prod", {"prod": oidc_provider_config("prod", elsewhere)})
	denied_with(in_other_account, concat("", ["assumes role ", elsewhere]))
}

test_deny_web_identity_of_an_undeclared_stack if {
	# plan_input gives the stack the opt-in label.
	plan := oidc_plan("unknown-stack", {"prod": oidc_provider_config("prod", prod_role)})
	denied_with(plan, "stack \"unknown-stack\" carries the label")
}

# The target trust stack-accounts generates for OIDC: the account's own Spacelift provider,
# aud pinned, sub naming the stacks.
spacelift_oidc_trust(provider_account, condition) := {"Version": "2012-10-17", "Statement": [{
	"Sid": "SpaceliftWebIdentity",
	"Effect": "Allow",
	"Principal": {"Federated": concat("", [
		"arn:aws:iam::", provider_account,
		":oidc-provider/acme.app.spacelift.io",
	])},
	"Action": ["sts:AssumeRoleWithWebIdentity", "sts:TagSession"],
	"Condition": condition,
}]}

generated_oidc_condition := {
	"StringEquals": {"acme.app.spacelift.io:aud": "acme.app.spacelift.io"},
	"StringLike": {"acme.app.spacelift.io:sub": [
		"space:*:stack:app-prod:run_type:*:scope:*",
		"space:*:stack:networking:run_type:*:scope:read",
	]},
}

test_allow_generated_oidc_trust_of_a_declared_account if {
	clean(trust_input(["create"], spacelift_oidc_trust("222222222222", generated_oidc_condition)))
}

test_deny_oidc_trust_without_sub if {
	aud_only := {"StringEquals": {"acme.app.spacelift.io:aud": "acme.app.spacelift.io"}}
	plan := trust_input(["update"], spacelift_oidc_trust("222222222222", aud_only))
	denied_with(plan, "without a condition on its :sub claim")
}

test_deny_oidc_trust_of_a_provider_in_an_undeclared_account if {
	plan := trust_input(["create"], spacelift_oidc_trust("999999999999", generated_oidc_condition))
	denied_with(plan, concat("", [
		"would trust identity provider arn:aws:iam::999999999999:oidc-provider/acme.app.spacelift.io",
		" of account 999999999999",
	]))
}

# accounts.yaml with auth: oidc and no hub: the declaration's hub is null.
test_allow_web_identity_without_a_hub if {
	plan := oidc_plan("app-prod", {"prod": oidc_provider_config("prod", prod_role)})
	result := decisions_under(plan, object.union(declaration, {"hub": null}))
	count(result.deny) == 0
	count(result.warn) == 0
}
