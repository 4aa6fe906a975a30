# AWS provider configurations: which roles they assume, and what else decides the account
# they reach.
package spacelift

import rego.v1

# The role-assuming blocks of a configuration, in chain order: [kind, block].
role_blocks(config) := array.concat(
	[["assume_role", block] |
		some block in object.get(config, ["expressions", "assume_role"], [])
	],
	[["assume_role_with_web_identity", block] |
		some block in object.get(config, ["expressions", "assume_role_with_web_identity"], [])
	],
)

role_arn_pattern := `^arn:aws(-[a-z]+)*:iam::[0-9]{12}:role/.+$`

has_for_each(config) if config.for_each_expression

has_for_each(config) if config.expressions.for_each

# The constant collection a provider for_each iterates over (OpenTofu 1.9+), when it is one.
for_each_constant(config) := config.for_each_expression.constant_value

for_each_constant(config) := config.expressions.for_each.constant_value if not config.for_each_expression

# The role a role block names, where the plan shows it: a constant. Not a variable's value nor a
# for_each instance's: the plan JSON shows `role_arn = replace(var.r, …)`, `"${var.r}-x"` or a
# conditional on var.r as `references: ["var.r"]`, exactly as `role_arn = var.r` (and so for
# each.value), so no value stands for the role.
literal_role(block) := block.role_arn.constant_value if is_string(block.role_arn.constant_value)

# The roles a block names at least in part, to deny the undeclared ones: its constant, or, for
# `role_arn = each.value`-like expressions over a provider for_each of constant strings, the
# values of each instance (OpenTofu 1.9+).
named_roles(_, block) := {literal_role(block)}

named_roles(config, block) := {value | some value in for_each_constant(config)} if {
	block.role_arn.references == ["each.value"]
	count(for_each_constant(config)) > 0
}

describe_role_expression(block) := concat("", ["the constant \"", block.role_arn.constant_value, "\""]) if {
	is_string(block.role_arn.constant_value)
} else := concat("", ["an expression referring to ", concat(", ", block.role_arn.references)]) if {
	count(block.role_arn.references) > 0
	every reference in block.role_arn.references {
		is_string(reference)
	}
} else := "no role_arn"

# allowed_account_ids written as a literal list of the stack's declared accounts: the AWS
# provider then refuses credentials of any other account, at plan time
# (https://registry.terraform.io/providers/hashicorp/aws/latest/docs#allowed_account_ids).
literal_allowed_accounts(config) if {
	# Without the account ID the provider skips the check (it cannot tell the account).
	not "skip_requesting_account_id" in object.get(config, "arguments", [])
	ids := config.expressions.allowed_account_ids.constant_value
	is_array(ids)
	count(ids) > 0
	count(object.get(config.expressions.allowed_account_ids, "references", [])) == 0
	every id in ids {
		id in stack_account_ids
	}
}

# Arguments that take credentials or a role from files or profiles the plan does not show.
credential_source_arguments := {"profile", "shared_config_files", "shared_credentials_files"}

# Arguments that let a party other than AWS answer the provider's STS calls: an `endpoints`
# block (its `sts` entry takes AssumeRole and GetCallerIdentity elsewhere, so the credentials
# and the account ID that allowed_account_ids is checked against come from whoever answers
# there; the plan JSON export shows the argument's name only), a CA bundle or `insecure` (TLS to
# STS that a proxy can answer). A declared role_arn and allowed_account_ids prove nothing then
# (https://registry.terraform.io/providers/hashicorp/aws/latest/docs/guides/custom-service-endpoints).
answering_party_arguments := {"endpoints", "custom_ca_bundle", "insecure"}

# Each AWS provider configuration is judged without looking at the resources that use it:
# [verdict ("deny" or "unverifiable"), the provider key, what its message says after the key and
# its users]. Only the keys judged here need their users (users_phrases), so a plan whose
# provider configurations are all declared costs one pass over its resources, on OPA and on OPA
# compiled to WebAssembly alike (which does not index comprehensions: grouping the resources of
# every key would cost keys × resources there).
provider_findings contains ["deny", key, text] if {
	declared_stack
	some key in aws_keys
	config := provider_configs[key]
	some argument in object.get(config, "arguments", [])
	argument in credential_source_arguments
	text := concat("", [
		" sets ", argument, ", which takes credentials or a role from files the plan does not show, ",
		"so the account it reaches cannot be checked for stack \"", stack_id, "\". Remove ", argument,
		" and assume one of the roles declared for the stack in an assume_role block: ",
		declared_roles_phrase, ".",
	])
}

provider_findings contains ["unverifiable", key, text] if {
	declared_stack
	some key in aws_keys
	config := provider_configs[key]
	some argument in object.get(config, "arguments", [])
	argument in answering_party_arguments
	text := concat("", [
		" sets ", argument, ", which can let a party other than AWS answer its STS calls (the ",
		"credentials of the role it assumes, and the account ID allowed_account_ids is checked ",
		"against), so the account it reaches cannot be checked for stack \"", stack_id, "\". Remove ",
		argument, " from the provider block (point the runner at endpoints with AWS_ENDPOINT_URL_* in ",
		"the stack's environment instead).",
	])
}

provider_findings contains ["deny", key, text] if {
	declared_stack
	some key in aws_keys
	config := provider_configs[key]
	some [_, block] in role_blocks(config)
	some arn in named_roles(config, block)
	not arn in allowed_role_arns
	text := concat("", [
		" assumes role ", arn, ", which accounts.yaml does not declare for stack \"", stack_id,
		"\". Declared roles for this stack: ", declared_roles_phrase,
		". Use one of them, or add the account to stacks.", stack_id, ".accounts in accounts.yaml.",
	])
}

provider_findings contains ["deny", key, text] if {
	declared_stack
	some key in aws_keys
	config := provider_configs[key]
	some ["assume_role_with_web_identity", block] in role_blocks(config)
	not literal_role(block)
	text := concat("", [
		" assumes a role with a web identity token, given by ", describe_role_expression(block),
		", which the plan does not show for stack \"", stack_id, "\". Write role_arn of ",
		"assume_role_with_web_identity as one of the declared roles: ", declared_roles_phrase, ".",
	])
}

provider_findings contains ["unverifiable", key, text] if {
	declared_stack
	some key in aws_keys
	config := provider_configs[key]
	some ["assume_role", block] in role_blocks(config)
	not literal_role(block)
	not literal_allowed_accounts(config)
	text := concat("", [
		" assumes a role given by ", describe_role_expression(block),
		", which the plan does not show (it shows only the references of an expression), so the ",
		"account it reaches cannot be checked for stack \"", stack_id, "\". Set role_arn to a ",
		"constant role ARN, or add ",
		"allowed_account_ids = [...] with a literal list of the stack's accounts (",
		concat(", ", sort(stack_account_ids)), "), as `stack-accounts render` writes it: the AWS ",
		"provider then refuses credentials of any other account. Declared roles: ",
		declared_roles_phrase, ".",
	])
}

# A constant declared role does not show where the chain ends: a `dynamic "assume_role"` block
# (the AWS provider chains every assume_role block in order) does not show in the plan JSON, so
# `assume_role { role_arn = <declared> }` plus a dynamic block naming a role of another account
# reaches that account with nothing in the plan to tell. A literal allowed_account_ids within
# the stack's accounts makes the provider itself refuse the credentials the chain ends with, at
# plan time (`render` writes it in every provider block). Roles given by expressions, and
# undeclared roles, are reported above.
provider_findings contains ["unverifiable", key, text] if {
	declared_stack
	some key in aws_keys
	config := provider_configs[key]
	count(role_blocks(config)) > 0

	# Undeclared roles are reported above; this is about where a declared chain may end.
	every pair in role_blocks(config) {
		literal_role(pair[1]) in allowed_role_arns
	}
	not literal_allowed_accounts(config)
	text := concat("", [
		" assumes a constant role but has no literal allowed_account_ids within the accounts of stack \"",
		stack_id, "\" (", concat(", ", sort(stack_account_ids)), "): a dynamic \"assume_role\" block, ",
		"which the plan JSON does not show, could chain on from that role to another account. Add ",
		"allowed_account_ids = [...] with those accounts, as `stack-accounts render` writes it: the AWS ",
		"provider then refuses credentials of any other account.",
	])
}

provider_findings contains ["deny", key, text] if {
	declared_stack
	some key in aws_keys
	without_role(key)
	text := concat("", [
		" assumes no role, so it would run with the Spacelift integration's own (hub) credentials ",
		"(a dynamic \"assume_role\" block does not show in the plan JSON either, and counts as none). ",
		"Add an assume_role block with role_arn set to one of the roles declared for stack \"",
		stack_id, "\": ", declared_roles_phrase, ", and point the resources at that provider.",
	])
}

deny contains provider_message(key, text) if {
	some ["deny", key, text] in provider_findings
}

unverifiable contains provider_message(key, text) if {
	some ["unverifiable", key, text] in provider_findings
}

provider_message(key, text) := concat("", [
	"stack-accounts: provider configuration \"", key, "\"",
	object.get(users_phrases, key, ""), text,
])

without_role(key) if not provider_configs[key]

without_role(key) if count(role_blocks(provider_configs[key])) == 0

# A comprehension rather than a partial set rule: OPA looks a key up in it for less (about three
# allocations fewer per resource below).
# regal ignore:prefer-set-or-object-rule
reported_keys := {key | some [_, key, _] in provider_findings}

# The provider key of each resource using a reported key, by address: one pass over the
# resources (none when nothing is reported), with a lookup of the key (`in` allocates less than
# a reference into the rule).
# regal ignore:prefer-set-or-object-rule
reported_key_users := {address: key |
	count(reported_keys) > 0
	some address, [_, key] in config_resources
	key in reported_keys
}

# " (used by a, b, c and 2 more)" for each reported key that resources use. The inner
# comprehension closes over `key` only, so OPA indexes it; compiled to WebAssembly, it scans the
# users of the reported keys once per reported key.
# regal ignore:prefer-set-or-object-rule
users_phrases := {key: users_phrase(users) |
	some key in reported_keys
	users := {address |
		some address, user_key in reported_key_users
		user_key == key
	}
	count(users) > 0
}

max_named_users := 3

# " (used by a, b)", or " (used by a, b, c and 4 more)": the first addresses in sorted order.
# Sorting is for the few only: sort, compiled to WebAssembly, takes time quadratic in the number
# of items, and the first three are three linear passes.
users_phrase(users) := concat("", [" (used by ", concat(", ", sort(users)), ")"]) if {
	count(users) <= max_named_users
} else := concat("", [
	" (used by ", concat(", ", first_three(users)),
	" and ", format_int(count(users) - max_named_users, 10), " more)",
])

first_three(items) := [first, second, third] if {
	first := min(items)
	second := min({item | some item in items; item > first})
	third := min({item | some item in items; item > second})
}
