package spacelift_test

import rego.v1

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

test_deny_trust_policy_known_after_apply if {
	denied_with(trust_text_input(["create"], null), "known only after apply")
	unknown := json.patch(trust_text_input(["create"], "{}"), [{
		"op": "add", "path": "/terraform/resource_changes/0/change/after_unknown",
		"value": {"assume_role_policy": true},
	}])
	denied_with(unknown, "known only after apply")
}
