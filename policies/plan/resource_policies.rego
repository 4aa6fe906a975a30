# Resource policies that grant accounts outside the declaration (warnings).
package spacelift

import rego.v1

# The policy document attribute of each resource type that carries one.
resource_policy_attributes := {
	"aws_s3_bucket_policy": "policy",
	"aws_kms_key": "policy",
	"aws_sns_topic": "policy",
	"aws_sns_topic_policy": "policy",
	"aws_sqs_queue": "policy",
	"aws_sqs_queue_policy": "policy",
	"aws_ecr_repository_policy": "policy",
	"aws_secretsmanager_secret": "policy",
	"aws_secretsmanager_secret_policy": "policy",
	"aws_iam_role_policy": "policy",
	"aws_iam_policy": "policy",
}

# Principals given as one string: Lambda permissions and RAM shares.
single_principal_attributes := {"aws_lambda_permission": "principal", "aws_ram_principal_association": "principal"}

resource_policy_changes contains [change, document] if {
	some change in input.terraform.resource_changes
	attribute := resource_policy_attributes[change.type]
	some action in change.change.actions
	action in {"create", "update"}
	is_object(change.change.after)
	text := change.change.after[attribute]
	is_string(text)
	text != ""
	[document, reason] := read_policy_text(text)
	reason == ""
}

# Accounts a resource policy's Allow statements grant to (AWS principals).
warn contains msg if {
	some [change, document] in resource_policy_changes
	some statement in allow_statements(document)
	is_object(statement)
	some ["AWS", principal] in statement_principals(statement)
	account := principal_account(principal)
	not account in declared_account_ids
	msg := concat("", [
		"stack-accounts: ", change.address, " grants account ", account,
		", which accounts.yaml does not declare, in its ", resource_policy_attributes[change.type],
		". Check that the stack should share this resource outside the declared accounts.",
	])
}

# Identity policies that let a role assume roles in other accounts.
warn contains msg if {
	some [change, document] in resource_policy_changes
	change.type in {"aws_iam_role_policy", "aws_iam_policy"}
	some statement in allow_statements(document)
	is_object(statement)
	some action in string_list(statement.Action)
	assume_role_action(action)
	some resource in string_list(statement.Resource)
	role_account(resource) != ""
	not role_account(resource) in declared_account_ids
	msg := concat("", [
		"stack-accounts: ", change.address, " allows ", action, " on ", resource,
		", a role in account ", role_account(resource), ", which accounts.yaml does not declare.",
	])
}

warn contains msg if {
	some change in input.terraform.resource_changes
	attribute := single_principal_attributes[change.type]
	some action in change.change.actions
	action in {"create", "update"}
	principal := change.change.after[attribute]
	account := principal_account(principal)
	not account in declared_account_ids
	msg := concat("", [
		"stack-accounts: ", change.address, " grants account ", account,
		", which accounts.yaml does not declare (", attribute, " = \"", principal, "\").",
	])
}

string_list(value) := [value] if is_string(value)

string_list(value) := [item | some item in value; is_string(item)] if is_array(value)

assume_role_action(action) if regex.match(`^(?i)(sts:(assumerole.*|\*)|\*)$`, action)

role_account(resource) := split(resource, ":")[4] if {
	regex.match(`^arn:aws(-[a-z]+)*:iam::[0-9]{12}:role/`, resource)
} else := "any" if {
	resource == "*"
} else := ""
