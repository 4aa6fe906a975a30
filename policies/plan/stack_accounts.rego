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

# Every account accounts.yaml declares (hub, target accounts, Spacelift's principal).
declared_account_ids := {id | some id in declaration.declared_account_ids}

# The decisions Spacelift reads from a plan policy: deny (fails the run), warn (shown on the run)
# and sample (keeps the run's input for the policy workbench)
# (https://docs.spacelift.io/concepts/policy/terraform-plan-policy). Each of these rules is
# defined in several files of this package; the annotations below mark them as entrypoints
# (https://www.openpolicyagent.org/docs/policy-language/#entrypoint) on their definition in this
# file, without a `scope`: OPA 1.x takes an entrypoint as the whole document, where older OPA
# (Spacelift's v0 engine) refuses `scope: document` beside `entrypoint`.

# METADATA
# description: Run samples whenever something was denied, so a denial can be replayed in the workbench.
# entrypoint: true
sample if count(deny) > 0

# What the plan does not show enough of to judge: denied, or with accounts.yaml
# `policy: {unverifiable: warn}` only warned about.
default unverifiable_verdict := "deny"

unverifiable_verdict := "warn" if declaration.unverifiable == "warn"

# METADATA
# description: What Spacelift fails the run for; each message says what to change.
# entrypoint: true
deny contains msg if {
	unverifiable_verdict == "deny"
	some msg in unverifiable
}

# METADATA
# description: What Spacelift shows on the run without failing it; each message says what to check.
# entrypoint: true
warn contains msg if {
	unverifiable_verdict == "warn"
	some msg in unverifiable
}
