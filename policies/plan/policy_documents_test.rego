package spacelift_test

import rego.v1

# ---------------------------------------------------------------------------------------------
# Trust policies that cannot be read as IAM reads them
# ---------------------------------------------------------------------------------------------

test_deny_sanitized_trust_policy if {
	plan := trust_text_input(["create"], "3b2c1a9f")
	denied_with(plan, "Spacelift's resource sanitization has hashed it")
	denied_with(plan, "terraform_smart_sanitization = true")
	denied_with(plan, "feature:disable_resource_sanitization")
}

test_warn_sanitized_trust_policy_when_unverifiable_is_warn if {
	result := decisions_under(trust_text_input(["create"], "3b2c1a9f"), warn_declaration)
	count(result.deny) == 0
	count(result.warn) == 1
}

test_deny_unreadable_trust_policies if {
	every case in [
		["true", "it is not a JSON object"],
		["[]", "it is not a JSON object"],
		["{\"Statement\": [", "it is not valid JSON"],
		["{\"Statement\": []} x", "it is not valid JSON"],
		["{\"Statement\": []}]", "it is not valid JSON"],
		["{\"Statement\": [1 2]}", "it is not valid JSON"],
		["{\"Statement\": [1,]}", "it is not valid JSON"],
		["{\"Statement\": [\"\\ud800\"]}", "it is not valid JSON"],
		["{\"Statement\": [], \"Statement\": [1]}", "it gives a key twice"],
		[
			"{\"Statement\": {\"Effect\": \"Allow\", \"Principal\": {\"AWS\": \"222222222222\", \"AWS\": \"9\"}}}",
			"it gives a key twice",
		],
		["{\"Statement\": 5}", "its Statement is neither an object nor a list"],
		["{\"Statement\": [5]}", "a statement is not an object"],
		["{\"Statement\": [{\"Effect\": 1}]}", "a statement's Effect is not a string"],
		["{\"Statement\": [{\"Effect\": \"Allow\", \"Principal\": 5}]}", "Principal is neither"],
		["{\"Statement\": [{\"Effect\": \"Allow\", \"Condition\": 5}]}", "Condition is not an object"],
		["{\"Statement\": [{\"Effect\": \"Allow\", \"Principal\": {\"AWS\": {}}}]}", "a principal is neither"],
	] {
		[text, reason] := case
		denied_with(trust_text_input(["create"], text), reason)
	}
}

test_deny_trust_policy_that_is_not_a_string if {
	denied_with(trust_text_input(["create"], {"Statement": []}), "it is not a string")
}

test_readable_text_with_escapes_and_white_space if {
	text := "\n {\"Statement\": [{\"Effect\": \"Allow\", \"Sid\": \"a\\\"b\\\\\", \"Principal\": {\"Service\": \"x\"}}]}\t"
	clean(trust_text_input(["create"], text))
}
