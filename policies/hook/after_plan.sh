#!/bin/sh
# stack-accounts after_plan hook for Spacelift.
#
# Spacelift's plan-policy input carries resource_changes but not the configuration, so the
# stack-accounts plan policy cannot see which role each AWS provider configuration assumes.
# This hook exports that part of `terraform show -json` (or `tofu show -json`) into
# stack_accounts.custom.spacelift.json at the project root, which Spacelift merges into the
# policy input as input.third_party_metadata.custom.stack_accounts.
#
# The export is filtered, because plan JSON holds every variable value in clear (sensitive
# ones too) and Spacelift may store policy samples:
#   - configuration.provider_config: each configuration's name, full_name, alias,
#     module_address, for_each marker, and only the role_arn expression of its assume_role /
#     assume_role_with_web_identity blocks (no external_id, no credentials, no region);
#   - configuration.root_module (module_calls followed recursively): each resource's
#     address, mode, type and provider_config_key, nothing of its arguments;
#   - variables: only the root variables that a root provider's role_arn is exactly
#     (role_arn = var.NAME), and only when their value is a string.
#
# Needs jq (on Spacelift's standard runner image) and the terraform or tofu binary.
# Environment (all optional):
#   STACK_ACCOUNTS_IAC_BINARY  binary to run (default: tofu if present, else terraform)
#   STACK_ACCOUNTS_PLAN_FILE   plan file (default: spacelift.plan)
#   STACK_ACCOUNTS_OUTPUT      output file (default: stack_accounts.custom.spacelift.json)
set -eu

plan_file="${STACK_ACCOUNTS_PLAN_FILE:-spacelift.plan}"
output="${STACK_ACCOUNTS_OUTPUT:-stack_accounts.custom.spacelift.json}"

fail() {
  echo "stack-accounts after_plan hook: $*" >&2
  exit 1
}

command -v jq >/dev/null 2>&1 || fail "jq is not installed on the runner image; install it in a before_init hook"

if [ -n "${STACK_ACCOUNTS_IAC_BINARY:-}" ]; then
  candidates="$STACK_ACCOUNTS_IAC_BINARY"
else
  candidates="tofu terraform"
fi

binary=""
for candidate in $candidates; do
  if command -v "$candidate" >/dev/null 2>&1; then
    binary="$candidate"
    break
  fi
done
[ -n "$binary" ] || fail "neither of '$candidates' is on PATH"

filter='
def role_expression:
  if type == "object" then
    {constant_value, references} | with_entries(select(.value != null))
  else null end;

def role_blocks:
  if type == "array" then [.[] | {role_arn: (.role_arn | role_expression)}] else [] end;

def provider_configuration:
  {name, full_name, alias, module_address}
  + (if .for_each_expression != null then {for_each_expression: {references: (.for_each_expression.references // [])}} else {} end)
  + {expressions: (
      (if .expressions.assume_role != null then {assume_role: (.expressions.assume_role | role_blocks)} else {} end)
      + (if .expressions.assume_role_with_web_identity != null then {assume_role_with_web_identity: (.expressions.assume_role_with_web_identity | role_blocks)} else {} end)
      + (if .expressions.for_each != null then {for_each: {references: (.expressions.for_each.references // [])}} else {} end)
    )}
  | with_entries(select(.value != null));

def module_configuration:
  {
    resources: [(.resources // [])[] | {address, mode, type, provider_config_key}],
    module_calls: ((.module_calls // {}) | map_values({module: ((.module // {}) | module_configuration)}))
  };

def referenced_variables($plan):
  [ ($plan.configuration.provider_config // {})[]
    | select(.module_address == null)
    | ((.expressions.assume_role // []), (.expressions.assume_role_with_web_identity // []))
    | if type == "array" then .[] else empty end
    | .role_arn.references // []
    | select(length == 1)
    | .[0]
    | select(test("^var\\.[A-Za-z_][A-Za-z0-9_-]*$"))
    | ltrimstr("var.") ] | unique;

. as $plan
| {
    terraform_version: $plan.terraform_version,
    format_version: $plan.format_version,
    configuration: {
      provider_config: (($plan.configuration.provider_config // {}) | map_values(provider_configuration)),
      root_module: (($plan.configuration.root_module // {}) | module_configuration)
    },
    variables: (
      reduce referenced_variables($plan)[] as $name ({};
        if ($plan.variables[$name].value | type) == "string"
        then . + {($name): {value: $plan.variables[$name].value}}
        else . end)
    )
  }
'

tmp="${output}.tmp.$$"
show_failed="${output}.failed.$$"
trap 'rm -f "$tmp" "$show_failed"' EXIT
# POSIX sh has no pipefail: a failing `show` is recorded in a marker file. The unfiltered plan
# JSON only ever goes through the pipe, never to disk.
{ "$binary" show -json "$plan_file" || echo failed >"$show_failed"; } | jq -c "$filter" >"$tmp" ||
  fail "jq could not filter the output of '$binary show -json $plan_file'"
if [ -e "$show_failed" ] || [ ! -s "$tmp" ]; then
  fail "could not export the plan with '$binary show -json $plan_file'"
fi
mv "$tmp" "$output"
trap - EXIT
echo "stack-accounts: wrote $output (provider configurations, resource addresses and role variables only)"
