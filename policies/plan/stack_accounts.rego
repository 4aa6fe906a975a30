# METADATA
# title: stack-accounts plan policy
# description: >-
#   Keeps each Spacelift stack to the AWS accounts that accounts.yaml declares for it:
#   every AWS provider configuration must assume a target role declared for the stack,
#   and no aws_iam_role may come to trust an AWS account that accounts.yaml does not declare.
#   Where the plan does not show enough to judge, it denies (or, with accounts.yaml
#   `policy: {unverifiable: warn}`, warns) and says what it could not see.
#   Attach it with the label autoattach:stack-accounts; stacks opt in with the label stack-accounts.
#   It reads the provider configuration that the stack-accounts after_plan hook exports into
#   stack_accounts.custom.spacelift.json (input.third_party_metadata.custom.stack_accounts).
package spacelift

import rego.v1

# The declaration derived from accounts.yaml. `stack-accounts render` replaces this one rule
# with a literal (Spacelift policy bodies cannot load data); elsewhere it is supplied as data.
declaration := data.stack_accounts.declaration

# Run samples whenever something was denied, so a denial can be replayed in the workbench.
sample if count(deny) > 0

stack_id := input.spacelift.stack.id

opt_in_label := "stack-accounts"

custom_input_key := "stack_accounts"

hook_file := "stack_accounts.custom.spacelift.json"

declared_stack := declaration.stacks[stack_id]

# ---------------------------------------------------------------------------------------------
# The stack itself
# ---------------------------------------------------------------------------------------------

# METADATA
# description: What Spacelift fails the run for; each message says what to change.
# entrypoint: true
deny contains msg if {
	not declared_stack
	opt_in_label in object.get(input.spacelift.stack, "labels", [])
	msg := concat("", [
		"stack-accounts: stack \"", stack_id, "\" carries the label \"", opt_in_label,
		"\" but accounts.yaml does not declare it. Add it under `stacks:` in accounts.yaml ",
		"with the accounts it may reach, or remove the label \"", opt_in_label, "\" from the stack.",
	])
}

deny contains msg if {
	not declared_stack
	not opt_in_label in object.get(input.spacelift.stack, "labels", [])
	msg := concat("", [
		"stack-accounts: stack \"", stack_id, "\" is not declared in accounts.yaml, yet this policy ",
		"is attached to it. Add it under `stacks:` in accounts.yaml with the accounts it may reach, ",
		"or detach the policy.",
	])
}

deny contains msg if {
	declared_stack
	not custom
	msg := concat("", [
		"stack-accounts: the plan-policy input has no custom input \"", custom_input_key,
		"\": the after_plan hook that writes ", hook_file, " did not run for stack \"", stack_id,
		"\". Attach the context labelled autoattach:", opt_in_label,
		" (it carries the hook) and make sure jq and terraform or tofu are on the runner image.",
	])
}

deny contains msg if {
	declared_stack
	custom
	not complete_custom_input
	msg := concat("", [
		"stack-accounts: the custom input \"", custom_input_key, "\" is empty or incomplete ",
		"(no configuration.provider_config object or configuration.resources list): the after_plan ",
		"hook that writes ", hook_file, " failed for stack \"", stack_id, "\", or an older hook wrote it. ",
		"Read the hook's output in the run log (it says what it could not export), and render the ",
		"bundle again with this version of stack-accounts.",
	])
}

# What the plan does not show enough of to judge: denied, or with accounts.yaml
# `policy: {unverifiable: warn}` only warned about.
default unverifiable_verdict := "deny"

unverifiable_verdict := "warn" if declaration.unverifiable == "warn"

deny contains msg if {
	unverifiable_verdict == "deny"
	some msg in unverifiable
}

warn contains msg if {
	unverifiable_verdict == "warn"
	some msg in unverifiable
}

# ---------------------------------------------------------------------------------------------
# The exported configuration (see policies/hook/after_plan.sh)
# ---------------------------------------------------------------------------------------------

custom := input.third_party_metadata.custom[custom_input_key]

complete_custom_input if {
	is_object(custom.configuration.provider_config)
	is_array(custom.configuration.resources)
}

configuration := custom.configuration if complete_custom_input

provider_configs := object.get(configuration, "provider_config", {})

# Cost: linear in the size of the configuration. The objects below are comprehensions, not
# partial object rules (`p[k] := v if …`, `p[k] contains v if …`): OPA 1.x builds those one key
# at a time at a cost that grows with the object, quadratic in all (10× the keys, 100× the time);
# partial set rules stay linear. Measure with bench/opa-bench.mjs, on OPA (`opa bench`) and on
# the policy compiled to WebAssembly (wasmBench), which indexes no comprehension and sorts in
# quadratic time.
#
# The resources arrive flat (the hook walks the module tree), each with its module address.
# The distinct (module address, provider_config_key) pairs, in one pass over the resources.
# regal ignore:prefer-set-or-object-rule
module_keys := {[block.module_address, key_of(block)] |
	some block in object.get(configuration, "resources", [])
	is_string(block.module_address)
}

# The provider configuration key each pair resolves to, keyed "<module address>|<key>" (module
# addresses hold no "|"): computed once per distinct pair rather than once per resource.
# regal ignore:prefer-set-or-object-rule
resolved_keys := {concat("|", [module_address, key]): effective_key(normalised_key(module_address, key)) |
	some [module_address, key] in module_keys
}

key_of(block) := block.provider_config_key if is_string(block.provider_config_key)

key_of(block) := "" if not is_string(block.provider_config_key)

# Every resource block of the configuration, keyed by its module-qualified address: [the block,
# the provider configuration key it resolves to]. A pair rather than an object: these are most
# of the cost per resource.
# regal ignore:prefer-set-or-object-rule
config_resources := {address: [block, provider_key] |
	some block in configuration.resources
	is_string(block.address)
	address := qualified_address(block.module_address, block.address)
	provider_key := resolved_keys[concat("|", [block.module_address, key_of(block)])]
}

qualified_address("", address) := address

qualified_address(module_address, address) := concat(".", [module_address, address]) if module_address != ""

# Terraform before 1.2 wrote module resources' keys with the last module name only
# ("child:aws" for "module.parent.module.child:aws"), matching no provider_config key.
legacy_provider_key(key) if {
	contains(key, ":")
	not startswith(key, "module.")
}

normalised_key(module_address, key) := concat(":", [module_address, local_key]) if {
	legacy_provider_key(key)
	parts := split(key, ":")
	local_key := parts[count(parts) - 1]
}

normalised_key(_, key) := key if not legacy_provider_key(key)

# A provider configuration of its own: one with arguments or for_each. An entry without either
# is what Terraform writes for a `required_providers` entry or an empty provider block: in a
# module (a "proxy" block) it takes the configuration of the calling module; in the root module
# it is the default configuration (no role, the default credentials), judged where it is used.
own_configuration(key) if count(object.get(provider_configs[key], "arguments", [])) > 0

own_configuration(key) if has_for_each(provider_configs[key])

# The provider configuration a key resolves to: its own, else that of the nearest calling
# module that has one under the same local name ("module.a.module.b:aws" -> "module.a:aws" ->
# "aws"), as Terraform passes default configurations down. The root key may have no entry at
# all: the implicit default configuration (no arguments, the default credentials).
effective_key(key) := key if {
	own_configuration(key)
} else := inherited if {
	[module_part, local_key] := split(key, ":")
	names := split(module_part, ".")
	candidates := {candidate |
		some i, _ in names
		i % 2 == 1
		candidate := concat(":", [concat(".", array.slice(names, 0, i + 1)), local_key])
		own_configuration(candidate)
	}
	inherited := deepest(candidates, local_key)
} else := key

deepest(candidates, local_key) := local_key if count(candidates) == 0

deepest(candidates, _) := candidate if {
	longest := max({count(c) | some c in candidates})
	some candidate in candidates
	count(candidate) == longest
}

# The provider keys that resources use: one pass over the resources.
used_keys contains provider_key if {
	some [_, provider_key] in config_resources
}

# The keys whose resources are AWS resources (aws_* or awscc_* types), whatever the provider's
# name or source says: a fork under another name serves them with AWS credentials all the same.
aws_resource_keys contains provider_key if {
	some [block, provider_key] in config_resources
	aws_resource_type(block.type)
}

aws_resource_type(type) if startswith(type, "aws_")

aws_resource_type(type) if startswith(type, "awscc_")

aws_provider_types := {"aws", "awscc"}

# The provider type of a configuration: the last part of its source address
# (registry.terraform.io/hashicorp/aws, registry.opentofu.org/opentofu/aws,
# registry.example.com/acme/aws, .../hashicorp/awscc), or its local name without one.
provider_type(config) := type if {
	is_string(config.full_name)
	parts := split(config.full_name, "/")
	type := parts[count(parts) - 1]
}

provider_type(config) := config.name if not is_string(config.full_name)

is_aws_config(config) if provider_type(config) in aws_provider_types

is_aws_config(config) if config.name in aws_provider_types

# The provider local name in a key: "aws" in "aws", "aws.prod", "module.x:aws.edge".
provider_name_in_key(key) := name if {
	parts := split(key, ":")
	name := split(parts[count(parts) - 1], ".")[0]
}

# The AWS provider configurations judged: every AWS configuration of its own (used or not: a
# configuration used only by ephemeral resources shows no user in the plan), and every key that
# resources resolve to that is AWS by its configuration, its name or its resources.
aws_keys contains key if {
	some key, config in provider_configs
	own_configuration(key)
	is_aws_config(config)
}

aws_keys contains key if {
	some key in used_keys
	aws_key(key)
}

aws_key(key) if is_aws_config(provider_configs[key])

aws_key(key) if {
	not provider_configs[key]
	provider_name_in_key(key) in aws_provider_types
}

aws_key(key) if aws_resource_keys[key]

# ---------------------------------------------------------------------------------------------
# AWS provider configurations: which roles they assume
# ---------------------------------------------------------------------------------------------

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

allowed_role_arns := {arn | some arn in declared_stack.role_arns}

stack_account_ids := {id | some id in object.get(declared_stack, "account_ids", [])}

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

# The provider_config_keys written the pre-1.2 way: checked once per distinct key of a module,
# and the resources looked at only when there is one.
legacy_keys contains key if {
	some [_, key] in module_keys
	legacy_provider_key(key)
}

warn contains msg if {
	count(legacy_keys) > 0
	address := min({address |
		some address, [block, _] in config_resources
		block.provider_config_key in legacy_keys
	})
	msg := concat("", [
		"stack-accounts: this plan comes from a Terraform older than 1.2 (resource ", address,
		" has provider key \"", config_resources[address][0].provider_config_key, "\"), whose plan JSON ",
		"names module providers ambiguously; module resources may be checked against the wrong ",
		"provider configuration. Upgrade the stack to Terraform 1.2 or later.",
	])
}

default declared_roles_phrase := "none"

declared_roles_phrase := concat(", ", sort(allowed_role_arns)) if count(allowed_role_arns) > 0

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

# ---------------------------------------------------------------------------------------------
# Resources destroyed that the configuration no longer holds
# ---------------------------------------------------------------------------------------------

# A resource removed from the configuration is destroyed through the provider configuration
# its state names, which the plan JSON does not show (resource_changes carry the provider's
# source, not its alias). When the root module has an AWS default configuration of its own, it is
# judged above like every other; without one, the destroy may run through Terraform's implicit
# default configuration, with the hub's credentials.
orphan_destroys contains change.address if {
	declared_stack
	complete_custom_input
	some change in input.terraform.resource_changes
	"delete" in change.change.actions
	aws_resource_type(change.type)
	not in_configuration(change)
}

in_configuration(change) if config_resources[configuration_address(change.address)]

# The configuration address of a resource instance: its address without instance keys
# (module.a["k"].module.b[0].aws_x.y[2] -> module.a.module.b.aws_x.y). Escaped backslashes and
# quotes are dropped first, so that no key holds a quote: each string key then runs from `["`
# to the next `"]`, and number keys hold digits only.
configuration_address(address) := stripped if {
	plain := replace(replace(address, `\\`, ""), `\"`, "")
	string_parts := split(plain, `["`)
	without_strings := concat("", array.concat([string_parts[0]], [rest |
		some i, part in string_parts
		i > 0
		rest := text_after(part, `"]`)
	]))
	number_parts := split(without_strings, "[")
	stripped := concat("", array.concat([number_parts[0]], [rest |
		some i, part in number_parts
		i > 0
		rest := text_after(part, "]")
	]))
}

text_after(text, separator) := substring(text, indexof(text, separator) + count(separator), -1) if {
	indexof(text, separator) >= 0
}

root_default_judged if {
	some key in aws_keys
	own_configuration(key)
	not provider_configs[key].module_address
	not provider_configs[key].alias
}

unverifiable contains msg if {
	not root_default_judged
	address := min(orphan_destroys)
	msg := concat("", [
		"stack-accounts: ", address, numbered_more(count(orphan_destroys) - 1),
		" would be destroyed: removed from the configuration, it is destroyed through the provider ",
		"configuration its state names, which the plan does not show, and the root module has no ",
		"AWS default provider configuration: Terraform would use its implicit default, with the ",
		"Spacelift integration's own (hub) credentials. Destroy it while its resource block still ",
		"names a declared provider (terraform destroy -target, or a `removed` block), or add a ",
		"default provider \"aws\" that assumes a role declared for stack \"", stack_id, "\": ",
		declared_roles_phrase, ".",
	])
}

numbered_more(0) := ""

numbered_more(n) := concat("", [" (and ", format_int(n, 10), " more)"]) if n > 0

# ---------------------------------------------------------------------------------------------
# Reading policy documents strictly
# ---------------------------------------------------------------------------------------------

# A JSON text both engines read the same way, and as IAM does: OPA compiled to WebAssembly
# accepts text after the value (`{…} x`), array elements without commas (`[1 2]`) and trailing
# commas (`[1,]`), and aborts on a lone UTF-16 surrogate escape, where OPA itself (and IAM) refuse
# the text. So a text counts only when OPA's checks and these hold:
#   - no \uD800-\uDFFF escape (refused as unreadable, surrogate pairs included);
#   - wrapped as `[TEXT\n]` and as `{"k":TEXT\n}` it is valid: for OPA that means TEXT is one
#     JSON value; for WebAssembly, trailing text would have to close an array in one and an
#     object in the other at once, which no text does. (json.is_valid on the bare text is not
#     called: compiled to WebAssembly, it aborts on a text whose value is `true` or `false`.)
#   - outside its strings, no `,` before `]` or `}`, and no value right after another value.
strict_json_text(text) if {
	is_string(text)
	unescaped := replace(text, `\\`, "")
	not regex.match(`\\u[dD][89a-fA-F]`, unescaped)
	json.is_valid(concat("", ["[", text, "\n]"]))
	json.is_valid(concat("", ["{\"k\":", text, "\n}"]))
	skeleton := json_skeleton(unescaped)
	not regex.match(`,\s*[\]}]`, skeleton)
	not regex.match(`("s"|[\]}])\s*("s"|[-0-9tfn\[{])`, skeleton)
	not regex.match(`[0-9el]\s+("s"|[-0-9tfn\[{])`, skeleton)
	not regex.match(`[0-9el]("s"|[\[{])`, skeleton)
}

# The text with every string replaced by "s" (its escaped backslashes already removed).
json_skeleton(unescaped) := concat(`"s"`, [part |
	some i, part in split(replace(unescaped, `\"`, ""), `"`)
	i % 2 == 0
])

# The number of strings in the text (keys and values): half its quotes, escaped ones aside.
text_string_count(text) := (count(split(replace(replace(text, `\\`, ""), `\"`, ""), `"`)) - 1) / 2

# The number of keys and string values in the parsed document. Fewer than the text's strings:
# a key was given twice, and the parsers kept one of them (which one, IAM may not agree).
document_string_count(document) := count([1 |
	walk(document, [_, value])
	is_string(value)
]) + sum([count(value) |
	walk(document, [_, value])
	is_object(value)
])

# [the parsed document, ""] or [null, why it cannot be read].
read_policy_text(text) := [json.unmarshal(text), ""] if {
	strict_json_text(text)
	is_object(json.unmarshal(text))
	text_string_count(text) == document_string_count(json.unmarshal(text))
} else := [null, "it is not a JSON object"] if {
	strict_json_text(text)
	not is_object(json.unmarshal(text))
} else := [null, "it gives a key twice, and IAM may read the other value"] if {
	strict_json_text(text)
} else := [null, "it is not a string"] if {
	not is_string(text)
} else := [null, sanitized_reason] if {
	regex.match(`^[0-9a-fA-F]{8,}$`, text)
} else := [null, concat("", [
	"it is not valid JSON (or holds text that WebAssembly and OPA would read differently; ",
	"where Spacelift's resource sanitization changed it, enable terraform_smart_sanitization ",
	"on the stack)",
])]

sanitized_reason := concat("", [
	"Spacelift's resource sanitization has hashed it: enable smart sanitization on the stack ",
	"(terraform_smart_sanitization = true on spacelift_stack, \"Smart Sanitization\" in the stack ",
	"settings) or add the stack label feature:disable_resource_sanitization",
])

# The Allow statements of a document, or none; unreadable ones are reported by statement_problems.
allow_statements(document) := [document.Statement] if {
	is_object(document.Statement)
	document.Statement.Effect != "Deny"
}

allow_statements(document) := [statement |
	some statement in document.Statement
	is_object(statement)
	statement.Effect != "Deny"
] if {
	is_array(document.Statement)
}

# Why the statements of a readable document cannot all be judged: empty when they can.
statement_problems(document) := {"its Statement is neither an object nor a list"} if {
	not is_object(document.Statement)
	not is_array(document.Statement)
} else := {problem |
	some statement in statements_of(document)
	some problem in statement_problem(statement)
}

statements_of(document) := [document.Statement] if is_object(document.Statement)

statements_of(document) := document.Statement if is_array(document.Statement)

statement_problem(statement) := {"a statement is not an object"} if {
	not is_object(statement)
} else := {message |
	some [message, found] in [
		["a statement's Effect is not a string", effect_unreadable(statement)],
		["a statement's Principal is neither \"*\" nor an object", principal_unreadable(statement)],
		["a statement's Condition is not an object", condition_unreadable(statement)],
		["a principal is neither a string, a number nor a list of them", principal_value_unreadable(statement)],
	]
	found == true
}

effect_unreadable(statement) if not is_string(statement.Effect)

else := false

principal_unreadable(statement) if {
	statement.Principal != "*"
	not is_object(statement.Principal)
	not is_null(object.get(statement, "Principal", null))
} else := false

condition_unreadable(statement) if {
	not is_null(object.get(statement, "Condition", null))
	not is_object(statement.Condition)
} else := false

principal_value_unreadable(statement) if {
	some value in object.get(statement, "Principal", {})
	not principal_values(value)
} else := false

principal_values(value) := [value] if is_string(value)

principal_values(value) := [value] if is_number(value)

principal_values(value) := value if {
	is_array(value)
	every item in value {
		scalar_principal(item)
	}
}

scalar_principal(item) if is_string(item)

scalar_principal(item) if is_number(item)

# The principals of a statement: [type, value] for each, "*" as ["AWS", "*"].
statement_principals(statement) := {["AWS", "*"]} if {
	statement.Principal == "*"
} else := {[type, value] |
	some type, values in statement.Principal
	some value in principal_values(values)
}

# The account of an AWS principal: a 12-digit ID (as a string or, which IAM accepts too, a JSON
# number), or the account field of an IAM or STS ARN.
principal_account(principal) := principal if {
	is_string(principal)
	regex.match(`^[0-9]{12}$`, principal)
}

principal_account(principal) := account if {
	digits := number_digits(principal)
	account := concat("", [substring("000000000000", 0, 12 - count(digits)), digits])
}

# The digits of a number of at most 12 digits, written without fraction or exponent. json.marshal
# rather than format_int: compiled to WebAssembly, format_int aborts on numbers over 2^32.
number_digits(principal) := digits if {
	is_number(principal)
	digits := json.marshal(principal)
	regex.match(`^[0-9]{1,12}$`, digits)
}

principal_account(principal) := split(principal, ":")[4] if {
	is_string(principal)
	regex.match(`^arn:aws(-[a-z]+)*:(iam|sts)::[0-9]{12}:`, principal)
}

principal_text(principal) := principal if is_string(principal)

principal_text(principal) := number_digits(principal)

principal_text(principal) := "a number that is no account ID" if {
	is_number(principal)
	not number_digits(principal)
}

# A condition that pins `key` (compared in lower case; `suffix` matches its end) to values
# that are not only wildcards, with an operator that needs the key to be present.
pinning_operators := {
	"stringequals", "stringlike", "stringequalsignorecase",
	"forallvalues:stringequals", "forallvalues:stringlike",
	"foranyvalue:stringequals", "foranyvalue:stringlike",
}

pins_condition_key(statement, suffix) if {
	some operator, block in statement.Condition
	lower(operator) in pinning_operators
	some key, values in block
	endswith(lower(key), suffix)
	pinned_values(values)
}

pinned_values(values) if {
	is_string(values)
	not regex.match(`^[*?]*$`, values)
}

pinned_values(values) if {
	is_array(values)
	count(values) > 0
	every value in values {
		is_string(value)
		not regex.match(`^[*?]*$`, value)
	}
}

# ---------------------------------------------------------------------------------------------
# Trust policies of IAM roles
# ---------------------------------------------------------------------------------------------

declared_account_ids := {id | some id in declaration.declared_account_ids}

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

deny contains msg if {
	some [change, statement] in trusted_statements
	statement.NotPrincipal
	msg := concat("", [
		"stack-accounts: ", change.address, " has an Allow statement with NotPrincipal in its ",
		"trust policy, which trusts every principal but the ones it names. ",
		"Use Principal with the declared accounts instead.",
	])
}

# IAM roles created by another service on the plan's behalf: a CloudFormation stack or stack set
# whose template creates roles (or hides what it creates: a template by URL or known only after
# apply, a transform such as AWS::Serverless, a nested stack), and an AWS::IAM::Role created
# through Cloud Control. Their trust policies are not in an aws_iam_role, and this policy does
# not read templates (YAML, intrinsic functions), so it cannot check them.
cloudformation_types := {"aws_cloudformation_stack", "aws_cloudformation_stack_set"}

role_template_markers := ["AWS::IAM::Role", "AWS::Serverless", "Transform", "AWS::CloudFormation::Stack"]

created_or_updated(change) if {
	some action in change.change.actions
	action in {"create", "update"}
}

hidden_template := "its template is not in the plan (template_url, or known only after apply)"

indirect_role_findings contains [change.address, hidden_template] if {
	some change in input.terraform.resource_changes
	change.type in cloudformation_types
	created_or_updated(change)
	not is_string(object.get(object.get(change.change, "after", {}), "template_body", null))
}

indirect_role_findings contains [change.address, concat("", ["its template holds ", marker])] if {
	some change in input.terraform.resource_changes
	change.type in cloudformation_types
	created_or_updated(change)
	template := change.change.after.template_body
	is_string(template)
	some marker in role_template_markers
	contains(template, marker)
}

cloud_control_role := "it creates an AWS::IAM::Role through Cloud Control"

indirect_role_findings contains [change.address, cloud_control_role] if {
	some change in input.terraform.resource_changes
	change.type == "aws_cloudcontrolapi_resource"
	created_or_updated(change)
	change.change.after.type_name == "AWS::IAM::Role"
}

unverifiable contains msg if {
	some [address, reason] in indirect_role_findings
	msg := concat("", [
		"stack-accounts: ", address, " may create IAM roles (", reason, ") whose trust policies ",
		"this policy cannot read, so it cannot check which accounts they trust. Create roles with ",
		"aws_iam_role (or awscc_iam_role), whose assume_role_policy it checks.",
	])
}

# ---------------------------------------------------------------------------------------------
# Resource policies that grant accounts outside the declaration (warnings)
# ---------------------------------------------------------------------------------------------

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

string_list(value) := [value] if is_string(value)

string_list(value) := [item | some item in value; is_string(item)] if is_array(value)

assume_role_action(action) if regex.match(`^(?i)(sts:(assumerole.*|\*)|\*)$`, action)

role_account(resource) := split(resource, ":")[4] if {
	regex.match(`^arn:aws(-[a-z]+)*:iam::[0-9]{12}:role/`, resource)
} else := "any" if {
	resource == "*"
} else := ""

# Principals given as one string: Lambda permissions and RAM shares.
single_principal_attributes := {"aws_lambda_permission": "principal", "aws_ram_principal_association": "principal"}

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
