# METADATA
# title: stack-accounts plan policy
# description: >-
#   Keeps each Spacelift stack to the AWS accounts that accounts.yaml declares for it:
#   every AWS provider configuration must assume a target role declared for the stack,
#   and no aws_iam_role may come to trust an AWS account that accounts.yaml does not declare.
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

# ---------------------------------------------------------------------------------------------
# The exported configuration (filtered `terraform show -json` shapes)
# ---------------------------------------------------------------------------------------------

custom := input.third_party_metadata.custom[custom_input_key]

configuration := object.get(custom, "configuration", {})

variables := object.get(custom, "variables", {})

provider_configs := object.get(configuration, "provider_config", {})

# Cost: linear in the size of the configuration. The objects below are comprehensions, not
# partial object rules (`p[k] := v if …`, `p[k] contains v if …`): OPA 1.x builds those one key
# at a time at a cost that grows with the object, quadratic in all (10× the keys, 100× the time);
# partial set rules stay linear. Measure with bench/opa-bench.mjs, on OPA (`opa bench`) and on
# the policy compiled to WebAssembly (wasmBench), which indexes no comprehension and sorts in
# quadratic time.
#
# The modules of the configuration by module address: "" for the root module, "module.a" for
# its module call "a", "module.a.module.b" for b called from a. Level by level down to
# `modules_5`, so that the resources themselves are never walked; `walk` (which visits every
# node, resources included) only looks below that depth, which few configurations reach.
modules_0 := {"": object.get(configuration, "root_module", {})}

modules_1 := modules_below(modules_0)

modules_2 := modules_below(modules_1)

modules_3 := modules_below(modules_2)

modules_4 := modules_below(modules_3)

modules_5 := modules_below(modules_4)

# The modules that the given modules call, keyed by module address.
modules_below(parents) := {address: call.module |
	some parent_address, parent in parents
	some name, call in parent.module_calls
	is_string(name)
	address := concat("", [module_prefix(parent_address), "module.", name])
}

# The modules more than five calls down: walk the module_calls of the fifth level.
# regal ignore:prefer-set-or-object-rule
modules_deeper := {address: module |
	some base_address, base in modules_5
	[relative_path, module] := walk(base.module_calls)
	path := array.concat(["module_calls"], relative_path)
	is_module_path(path)
	address := concat(".", array.concat([base_address], module_names(path)))
}

# ("module_calls", name, "module")+
is_module_path(path) if {
	n := count(path)
	n > 0
	n % 3 == 0
	every i, segment in path {
		module_path_segment(i % 3, segment)
	}
}

# The resource list of each module, keyed by module address.
# regal ignore:prefer-set-or-object-rule
module_resource_lists := {module_address: module.resources |
	some modules in [modules_0, modules_1, modules_2, modules_3, modules_4, modules_5, modules_deeper]
	some module_address, module in modules
	is_array(module.resources)
}

# For each module, the provider configuration key each provider_config_key of its resources
# resolves to: computed once per distinct key of a module rather than once per resource.
# regal ignore:prefer-set-or-object-rule
module_provider_keys := {module_address: resolved |
	some module_address, resources in module_resource_lists
	keys := {block.provider_config_key | some block in resources}
	resolved := {key: effective_key(normalised_key(module_address, key)) | some key in keys}
}

# Every resource block of the configuration that names a provider_config_key, modules included,
# keyed by its module-qualified address: [the block, the provider configuration key it resolves
# to]. A pair rather than an object, and no concat for the root module's addresses: these are
# most of the cost per resource.
config_resources := object.union(root_resources, module_resources)

# regal ignore:prefer-set-or-object-rule
root_resources := {block.address: [block, provider_key] |
	resolved := module_provider_keys[""]
	some block in module_resource_lists[""]
	provider_key := resolved[block.provider_config_key]
}

# regal ignore:prefer-set-or-object-rule
module_resources := {address: [block, provider_key] |
	some module_address, resources in module_resource_lists
	module_address != ""
	resolved := module_provider_keys[module_address]
	prefix := concat("", [module_address, "."])
	some block in resources
	address := concat("", [prefix, block.address])
	provider_key := resolved[block.provider_config_key]
}

module_path_segment(0, "module_calls")

module_path_segment(1, name) if is_string(name)

module_path_segment(2, "module")

module_names(path) := [concat("", ["module.", path[i + 1]]) |
	some i, calls in path
	calls == "module_calls"
	i % 3 == 0
]

module_prefix("") := ""

module_prefix(module_address) := concat("", [module_address, "."]) if module_address != ""

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

# The provider configuration a key resolves to. A module-scoped key without a configuration of
# its own inherits the root's default (unaliased) configuration, as Terraform does.
effective_key(key) := key if {
	provider_configs[key]
} else := inherited if {
	parts := split(key, ":")
	inherited := parts[count(parts) - 1]
	not contains(inherited, ".")
} else := key

# The provider keys that managed resources use, and those that data sources use: one pass over
# the resources each. Which resources use a key is looked up only for the keys the policy
# reports (see users_phrases).
managed_keys contains provider_key if {
	some [block, provider_key] in config_resources
	block.mode == "managed"
}

data_keys contains provider_key if {
	some [block, provider_key] in config_resources
	block.mode == "data"
}

used_keys := managed_keys | data_keys

is_aws_config(config) if endswith(config.full_name, "/hashicorp/aws")

is_aws_config(config) if {
	not config.full_name
	config.name == "aws"
}

# The provider local name in a key: "aws" in "aws", "aws.prod", "module.x:aws.edge".
provider_name_in_key(key) := name if {
	parts := split(key, ":")
	name := split(parts[count(parts) - 1], ".")[0]
}

aws_key(key) if is_aws_config(provider_configs[key])

aws_key(key) if {
	used_keys[key]
	not provider_configs[key]
	provider_name_in_key(key) == "aws"
}

aws_keys contains key if {
	some key, _ in provider_configs
	aws_key(key)
}

aws_keys contains key if {
	some key in used_keys
	aws_key(key)
}

# The role-assuming blocks of a configuration, in chain order.
role_blocks(config) := array.concat(
	object.get(config, ["expressions", "assume_role"], []),
	object.get(config, ["expressions", "assume_role_with_web_identity"], []),
)

role_arn_pattern := `^arn:aws(-[a-z]+)*:iam::[0-9]{12}:role/.+$`

resolved_role_arn(_, block) := block.role_arn.constant_value if is_string(block.role_arn.constant_value)

resolved_role_arn(config, block) := value if {
	not config.module_address
	[reference] := block.role_arn.references
	startswith(reference, "var.")
	name := substring(reference, 4, -1)
	not contains(name, ".")
	not contains(name, "[")
	value := variables[name].value
	is_string(value)
}

describe_role_expression(block) := concat("", ["the constant \"", block.role_arn.constant_value, "\""]) if {
	is_string(block.role_arn.constant_value)
} else := concat("", ["an expression referring to ", concat(", ", block.role_arn.references)]) if {
	count(block.role_arn.references) > 0
} else := "no role_arn"

allowed_role_arns := {arn | some arn in declared_stack.role_arns}

# ---------------------------------------------------------------------------------------------
# AWS provider configurations
# ---------------------------------------------------------------------------------------------

# Each AWS provider configuration is judged without looking at the resources that use it:
# [the rule, "deny" or "warn"; the provider key; what its message says after the key and its
# users]. Only the keys judged here need their users (users_phrases), so a plan whose provider
# configurations are all declared costs one pass over its resources, on OPA and on OPA compiled
# to WebAssembly alike (which does not index comprehensions: grouping the resources of every
# key would cost keys × resources there).
provider_findings contains ["deny", key, text] if {
	declared_stack
	some key in aws_keys
	has_for_each(provider_configs[key])
	text := concat("", [
		" uses for_each, so the role it assumes cannot be checked for stack \"", stack_id,
		"\". Write one provider block per account with alias = the account alias and a constant role_arn.",
	])
}

provider_findings contains ["deny", key, text] if {
	declared_stack
	some key in aws_keys
	config := provider_configs[key]
	not has_for_each(config)
	some block in role_blocks(config)
	not determinable_role(config, block)
	text := concat("", [
		" assumes a role given by ", describe_role_expression(block),
		", which cannot be resolved to a role ARN for stack \"", stack_id,
		"\". Set assume_role.role_arn to a constant role ARN, or to one root-module variable ",
		"(var.NAME) whose value is a full role ARN; interpolations, locals, module variables ",
		"and dynamic blocks cannot be checked. Declared roles for this stack: ",
		declared_roles_phrase, ".",
	])
}

provider_findings contains ["deny", key, text] if {
	declared_stack
	some key in aws_keys
	config := provider_configs[key]
	not has_for_each(config)
	some block in role_blocks(config)
	arn := resolved_role_arn(config, block)
	regex.match(role_arn_pattern, arn)
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
	without_role(key)
	managed_keys[key]
	text := concat("", [
		" assumes no role, so it would run with the Spacelift integration's own (hub) credentials ",
		"(a dynamic \"assume_role\" block does not show in the plan JSON either). ",
		"Add an assume_role block with role_arn set to one of the roles declared for stack \"",
		stack_id, "\": ", declared_roles_phrase, ", and point the resources at that provider.",
	])
}

provider_findings contains ["warn", key, text] if {
	declared_stack
	some key in aws_keys
	without_role(key)
	not managed_keys[key]
	data_keys[key]
	text := concat("", [
		" assumes no role, so these data sources read with the Spacelift integration's own (hub) ",
		"credentials. Add an assume_role block with one of the roles declared for stack \"",
		stack_id, "\": ", declared_roles_phrase, ".",
	])
}

deny contains provider_message(key, text) if {
	some ["deny", key, text] in provider_findings
}

warn contains provider_message(key, text) if {
	some ["warn", key, text] in provider_findings
}

provider_message(key, text) := concat("", [
	"stack-accounts: provider configuration \"", key, "\"",
	object.get(users_phrases, key, ""), text,
])

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
	some resolved in module_provider_keys
	some key, _ in resolved
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

has_for_each(config) if config.for_each_expression

has_for_each(config) if config.expressions.for_each

determinable_role(config, block) if regex.match(role_arn_pattern, resolved_role_arn(config, block))

without_role(key) if {
	not provider_configs[key]
}

without_role(key) if {
	config := provider_configs[key]
	not has_for_each(config)
	count(role_blocks(config)) == 0
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
# aws_iam_role trust policies
# ---------------------------------------------------------------------------------------------

declared_account_ids := {id | some id in declaration.declared_account_ids}

iam_role_changes contains change if {
	some change in input.terraform.resource_changes
	change.type == "aws_iam_role"
	some action in change.change.actions
	action in {"create", "update"}
}

trust_policy_text(change) := change.change.after.assume_role_policy

trust_policy_known(change) if is_string(trust_policy_text(change))

readable_trust_policy(change) := json.unmarshal(trust_policy_text(change)) if {
	is_string(trust_policy_text(change))
	json.is_valid(trust_policy_text(change))
}

allow_statements(document) := [document.Statement] if {
	is_object(document.Statement)
	document.Statement.Effect == "Allow"
}

allow_statements(document) := [statement |
	some statement in document.Statement
	statement.Effect == "Allow"
] if {
	is_array(document.Statement)
}

aws_principals(statement) := ["*"] if statement.Principal == "*"

aws_principals(statement) := [statement.Principal.AWS] if is_string(statement.Principal.AWS)

aws_principals(statement) := statement.Principal.AWS if is_array(statement.Principal.AWS)

principal_account(principal) := principal if regex.match(`^[0-9]{12}$`, principal)

principal_account(principal) := split(principal, ":")[4] if {
	regex.match(`^arn:aws(-[a-z]+)*:(iam|sts)::[0-9]{12}:`, principal)
}

deny contains msg if {
	some change in iam_role_changes
	some statement in allow_statements(readable_trust_policy(change))
	some principal in aws_principals(statement)
	principal == "*"
	msg := concat("", [
		"stack-accounts: ", change.address, " would trust any AWS principal (\"*\") in its ",
		"assume_role_policy. Name the trusted accounts or roles instead; accounts.yaml declares ",
		concat(", ", sort(declared_account_ids)), ".",
	])
}

deny contains msg if {
	some change in iam_role_changes
	some statement in allow_statements(readable_trust_policy(change))
	some principal in aws_principals(statement)
	account := principal_account(principal)
	not account in declared_account_ids
	msg := concat("", [
		"stack-accounts: ", change.address, " would trust AWS principal ", principal,
		" of account ", account, ", which accounts.yaml does not declare (hub, target accounts, ",
		"Spacelift). Trust only declared accounts, or declare the account in accounts.yaml.",
	])
}

deny contains msg if {
	some change in iam_role_changes
	some statement in allow_statements(readable_trust_policy(change))
	some principal in aws_principals(statement)
	principal != "*"
	not principal_account(principal)
	msg := concat("", [
		"stack-accounts: ", change.address, " would trust AWS principal \"", principal,
		"\", whose account cannot be told from it. Write the principal as an account ID or an ",
		"ARN of a declared account.",
	])
}

deny contains msg if {
	some change in iam_role_changes
	some statement in allow_statements(readable_trust_policy(change))
	statement.NotPrincipal
	msg := concat("", [
		"stack-accounts: ", change.address, " has an Allow statement with NotPrincipal in its ",
		"assume_role_policy, which trusts every principal but the ones it names. ",
		"Use Principal with the declared accounts instead.",
	])
}

warn contains msg if {
	some change in iam_role_changes
	text := trust_policy_text(change)
	is_string(text)
	not json.is_valid(text)
	msg := concat("", [
		"stack-accounts: cannot read the assume_role_policy of ", change.address,
		": Spacelift's resource sanitization has hashed it. To let this policy check trust policies, ",
		"enable smart sanitization on the stack (terraform_smart_sanitization = true on ",
		"spacelift_stack, or \"Smart Sanitization\" in the stack settings), or add the stack label ",
		"feature:disable_resource_sanitization.",
	])
}

warn contains msg if {
	some change in iam_role_changes
	not trust_policy_known(change)
	msg := concat("", [
		"stack-accounts: the assume_role_policy of ", change.address,
		" is known only after apply, so this policy cannot check which accounts it trusts. ",
		"Build it from values known at plan time (for example a constant aws_iam_policy_document).",
	])
}
