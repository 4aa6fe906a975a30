# Resources destroyed that the configuration no longer holds.
package spacelift

import rego.v1

# A resource removed from the configuration is destroyed through the provider configuration
# its state names, which the plan JSON does not show (resource_changes carry the provider's
# source, not its alias). When the root module has an AWS default configuration of its own, it is
# judged like every other (providers.rego); without one, the destroy may run through Terraform's
# implicit default configuration, with the hub's credentials.
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
