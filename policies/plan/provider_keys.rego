# The exported configuration (see policies/hook/after_plan.sh): the provider configuration
# each resource uses, and which of them are AWS configurations.
package spacelift

import rego.v1

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
