# Trust policies of IAM roles: which accounts they trust.
package spacelift

import rego.v1

# Spacelift's AWS accounts: both SaaS regions' and the one accounts.yaml names.
saas_principal_accounts := {id |
	some id in object.get(declaration, "spacelift_account_ids", [declaration.spacelift_principal_account_id])
}

# The trust policy attribute of each role resource type.
trust_policy_attributes := {"aws_iam_role": "assume_role_policy", "awscc_iam_role": "assume_role_policy_document"}

iam_role_changes contains change if {
	some change in input.terraform.resource_changes
	trust_policy_attributes[change.type]
	some action in change.change.actions
	action in {"create", "update"}
}

trust_policy_attribute(change) := trust_policy_attributes[change.type]

trust_policy_unknown(change) if change.change.after_unknown[trust_policy_attribute(change)] == true

trust_policy_unknown(change) if not is_object(change.change.after)

trust_policy_unknown(change) if {
	is_object(change.change.after)
	is_null(object.get(change.change.after, trust_policy_attribute(change), null))
}

# [the readable trust policy, ""] or [null, why not], for each role change known at plan time.
# regal ignore:prefer-set-or-object-rule
trust_policies := {change.address: [change, read_policy_text(change.change.after[trust_policy_attribute(change)])] |
	some change in iam_role_changes
	not trust_policy_unknown(change)
}

unverifiable contains msg if {
	some change in iam_role_changes
	trust_policy_unknown(change)
	msg := concat("", [
		"stack-accounts: the ", trust_policy_attribute(change), " of ", change.address,
		" is known only after apply, so this policy cannot check which accounts it trusts. ",
		"Build it from values known at plan time (a constant aws_iam_policy_document, with no ",
		"depends_on and no attribute of a resource still to be created).",
	])
}

unverifiable contains msg if {
	some [change, [null, reason]] in trust_policies
	msg := concat("", [
		"stack-accounts: cannot read the ", trust_policy_attribute(change), " of ", change.address,
		": ", reason, ". So this policy cannot check which accounts it trusts.",
	])
}

unverifiable contains msg if {
	some [change, [document, ""]] in trust_policies
	some problem in statement_problems(document)
	msg := concat("", [
		"stack-accounts: cannot judge the ", trust_policy_attribute(change), " of ", change.address,
		": ", problem, ". Write it as IAM documents it ",
		"(https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_grammar.html).",
	])
}

trusted_statements contains [change, statement] if {
	some [change, [document, ""]] in trust_policies
	some statement in allow_statements(document)
}

deny contains msg if {
	some [change, statement] in trusted_statements
	some ["AWS", "*"] in statement_principals(statement)
	msg := concat("", [
		"stack-accounts: ", change.address, " would trust any AWS principal (\"*\") in its ",
		"trust policy. Name the trusted accounts or roles instead; accounts.yaml declares ",
		concat(", ", sort(declared_account_ids)), ".",
	])
}

deny contains msg if {
	some [change, statement] in trusted_statements
	some ["AWS", principal] in statement_principals(statement)
	account := principal_account(principal)
	not account in declared_account_ids
	msg := concat("", [
		"stack-accounts: ", change.address, " would trust AWS principal ", principal_text(principal),
		" of account ", account, ", which accounts.yaml does not declare (hub, target accounts, ",
		"Spacelift). Trust only declared accounts, or declare the account in accounts.yaml.",
	])
}

deny contains msg if {
	some [change, statement] in trusted_statements
	some ["AWS", principal] in statement_principals(statement)
	principal != "*"
	not principal_account(principal)
	msg := concat("", [
		"stack-accounts: ", change.address, " would trust AWS principal \"", principal_text(principal),
		"\", whose account cannot be told from it. Write the principal as an account ID or an ",
		"ARN of a declared account.",
	])
}

# Spacelift's own accounts assume roles for every Spacelift customer: a role that trusts them
# without an external ID can be assumed by any of them (the confused deputy,
# https://docs.aws.amazon.com/IAM/latest/UserGuide/confused-deputy.html).
deny contains msg if {
	some [change, statement] in trusted_statements
	some ["AWS", principal] in statement_principals(statement)
	account := principal_account(principal)
	account in saas_principal_accounts
	not pins_condition_key(statement, "sts:externalid")
	msg := concat("", [
		"stack-accounts: ", change.address, " would trust Spacelift's AWS account ", account,
		" without an sts:ExternalId condition, so any Spacelift customer could assume it. ",
		"Add a StringEquals (or StringLike) condition on sts:ExternalId, as stack-accounts ",
		"generates for the hub role.",
	])
}

deny contains msg if {
	some [change, statement] in trusted_statements
	some [type, principal] in statement_principals(statement)
	not type in {"AWS", "Service", "Federated"}
	msg := concat("", [
		"stack-accounts: ", change.address, " would trust a ", type, " principal (",
		principal_text(principal), "), whose account cannot be told from it. ",
		"Trust AWS principals of declared accounts, services or federated identity providers.",
	])
}

# Federated principals: an OIDC or SAML provider of a declared account, and for OpenID Connect
# a condition on the token's subject, without which every identity of the provider (every
# repository on GitHub) could assume the role
# (https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_create_for-idp_oidc.html).
deny contains msg if {
	some [change, statement] in trusted_statements
	some ["Federated", provider] in statement_principals(statement)
	federated_account(provider)
	not federated_account(provider) in declared_account_ids
	msg := concat("", [
		"stack-accounts: ", change.address, " would trust identity provider ", provider,
		" of account ", federated_account(provider), ", which accounts.yaml does not declare.",
	])
}

deny contains msg if {
	some [change, statement] in trusted_statements
	some ["Federated", provider] in statement_principals(statement)
	oidc_provider(provider)
	not pins_condition_key(statement, ":sub")
	msg := concat("", [
		"stack-accounts: ", change.address, " would trust OpenID Connect provider ", provider,
		" without a condition on its :sub claim, so any identity it issues tokens for (any ",
		"repository, for GitHub) could assume the role. Add a StringEquals or StringLike ",
		"condition on <provider>:sub naming who may.",
	])
}

deny contains msg if {
	some [change, statement] in trusted_statements
	some ["Federated", provider] in statement_principals(statement)
	not federated_account(provider)
	not oidc_provider(provider)
	msg := concat("", [
		"stack-accounts: ", change.address, " would trust federated principal ",
		principal_text(provider), ", which this policy cannot judge. Trust an OIDC or SAML ",
		"provider ARN of a declared account.",
	])
}

deny contains msg if {
	some [change, statement] in trusted_statements
	statement.NotPrincipal
	msg := concat("", [
		"stack-accounts: ", change.address, " has an Allow statement with NotPrincipal in its ",
		"trust policy, which trusts every principal but the ones it names. ",
		"Use Principal with the declared accounts instead.",
	])
}

federated_account(provider) := split(provider, ":")[4] if {
	is_string(provider)
	regex.match(`^arn:aws(-[a-z]+)*:iam::[0-9]{12}:(oidc-provider|saml-provider)/.+$`, provider)
}

oidc_provider(provider) if {
	is_string(provider)
	regex.match(`^arn:aws(-[a-z]+)*:iam::[0-9]{12}:oidc-provider/.+$`, provider)
}

# Web identity providers that IAM names without an ARN (Cognito, Google, Facebook, Amazon).
oidc_provider(provider) if provider in web_identity_providers

web_identity_providers := {
	"cognito-identity.amazonaws.com",
	"accounts.google.com",
	"graph.facebook.com",
	"www.amazon.com",
}
