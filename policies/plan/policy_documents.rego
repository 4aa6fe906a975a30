# Reading policy documents strictly (trust policies and resource policies).
package spacelift

import rego.v1

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

principal_account(principal) := split(principal, ":")[4] if {
	is_string(principal)
	regex.match(`^arn:aws(-[a-z]+)*:(iam|sts)::[0-9]{12}:`, principal)
}

# The digits of a number of at most 12 digits, written without fraction or exponent. json.marshal
# rather than format_int: compiled to WebAssembly, format_int aborts on numbers over 2^32.
number_digits(principal) := digits if {
	is_number(principal)
	digits := json.marshal(principal)
	regex.match(`^[0-9]{1,12}$`, digits)
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
