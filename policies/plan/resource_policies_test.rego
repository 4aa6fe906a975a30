package spacelift_test

import rego.v1

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
