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
#     module_address, the names of its arguments (no values), its for_each expression, its
#     allowed_account_ids, and only the role_arn expression of its assume_role /
#     assume_role_with_web_identity blocks (no external_id, no credentials, no region); constant
#     values are kept only where they are strings or collections of strings;
#   - configuration.resources: every resource block of every module, flat: its module_address
#     ("" for the root module), address, mode, type and provider_config_key, nothing of its
#     arguments;
#   - no variable values at all (a role_arn given by a variable shows as its references only,
#     whatever expression it is, so the policy does not read variable values).
#
# The plan JSON is read as a stream of leaves (jq --stream), so module trees of any depth pass
# (jq 1.6 refuses to parse documents nested more than 256 levels: about 80 nested modules).
# A document that is not a plan (no configuration, or a state file) is refused: nothing is written,
# and the policy then denies the run, saying the hook did not run or failed.
#
# Needs jq (on Spacelift's standard runner image) and the terraform or tofu binary.
# Environment (all optional):
#   STACK_ACCOUNTS_IAC_BINARY  binary to run (default: the tool the stack ran, see below)
#   STACK_ACCOUNTS_PLAN_FILE   plan file (default: spacelift.plan)
#   STACK_ACCOUNTS_OUTPUT      output file (default: stack_accounts.custom.spacelift.json)
#
# Which tool: a plan file can only be shown by the tool (and version) that wrote it. The stack's
# tool is the one whose registry `init` installed the providers from: OpenTofu installs them
# under <data dir>/providers/registry.opentofu.org, Terraform under registry.terraform.io
# (TF_DATA_DIR, default .terraform). That tool is tried first; the other only if `show` fails.
set -eu

plan_file="${STACK_ACCOUNTS_PLAN_FILE:-spacelift.plan}"
output="${STACK_ACCOUNTS_OUTPUT:-stack_accounts.custom.spacelift.json}"
# A file left by an earlier run must not stand in for this plan's export.
rm -f "$output"

fail() {
  echo "stack-accounts after_plan hook: $*" >&2
  exit 1
}

command -v jq >/dev/null 2>&1 || fail "jq is not installed on the runner image; install it in a before_init hook"

if [ -n "${STACK_ACCOUNTS_IAC_BINARY:-}" ]; then
  candidates="$STACK_ACCOUNTS_IAC_BINARY"
elif [ -d "${TF_DATA_DIR:-.terraform}/providers/registry.opentofu.org" ]; then
  candidates="tofu terraform"
else
  candidates="terraform tofu"
fi

binaries=""
for candidate in $candidates; do
  if command -v "$candidate" >/dev/null 2>&1; then
    binaries="$binaries $candidate"
  fi
done
[ -n "$binaries" ] || fail "neither of '$candidates' is on PATH"

filter='
def strings_only:
  if type == "object" then (if ([.[] | type == "string"] | all) then . else null end)
  elif type == "array" then (if (map(type == "string") | all) then . else null end)
  else null end;

def object_or_empty: if type == "object" then . else {} end;

def role_expression:
  if type == "object" then
    {constant_value: (.constant_value | if type == "string" then . else null end), references: (.references | if type == "array" then . else null end)}
    | with_entries(select(.value != null))
  else null end;

def collection_expression:
  if type == "object" then
    {references: (.references | if type == "array" then . else [] end)}
    + ((.constant_value | strings_only) as $value | if $value != null then {constant_value: $value} else {} end)
  else null end;

def role_blocks:
  if type == "array" then [.[] | object_or_empty | {role_arn: (.role_arn | role_expression)}] else [] end;

def provider_configuration:
  object_or_empty
  | (.expressions | object_or_empty) as $e
  | {name, full_name, alias, module_address}
  + (if .for_each_expression != null then {for_each_expression: (.for_each_expression | collection_expression)} else {} end)
  + (if (.expressions | type) == "object" then {arguments: (.expressions | keys)} else {} end)
  + {expressions: (
      (if $e.assume_role != null then {assume_role: ($e.assume_role | role_blocks)} else {} end)
      + (if $e.assume_role_with_web_identity != null then {assume_role_with_web_identity: ($e.assume_role_with_web_identity | role_blocks)} else {} end)
      + (if $e.for_each != null then {for_each: ($e.for_each | collection_expression)} else {} end)
      + (if $e.allowed_account_ids != null then {allowed_account_ids: ($e.allowed_account_ids | collection_expression)} else {} end)
    )}
  | with_entries(select(.value != null));

def scalar: type != "object" and type != "array";

# ("module_calls", NAME, "module")* -> "module.a.module.b", or null when the path is not that.
def module_address_of:
  if length % 3 != 0 then null
  elif ([range(0; length; 3) as $i | .[$i] == "module_calls" and (.[$i + 1] | type) == "string" and .[$i + 2] == "module"] | all)
  then [range(1; length; 3) as $i | "module." + .[$i]] | join(".")
  else null end;

def kind_of($event):
  if ($event[0] | length) == 1 then ($event[1] | type)
  elif ($event[0][1] | type) == "string" then "object"
  else "array" end;

reduce (inputs | select(length == 2)) as $event (
  {kinds: {}, providers: {}, resources: {}, terraform_version: null, format_version: null};
  $event[0] as $path
  | ($path | length) as $n
  | if $n == 0 then .
    else
      (if ($path[0] | IN("configuration", "planned_values", "resource_changes")) and .kinds[$path[0]] == null
       then .kinds[$path[0]] = kind_of($event) else . end)
      | if $n == 1 and ($path[0] | IN("terraform_version", "format_version")) and ($event[1] | scalar) then .[$path[0]] = $event[1]
        elif $n >= 3 and $path[0] == "configuration" and $path[1] == "provider_config" then .providers |= setpath($path[2:]; $event[1])
        elif $n >= 5 and $path[0] == "configuration" and $path[1] == "root_module" and $path[$n - 3] == "resources"
          and ($path[$n - 2] | type) == "number"
          and ($path[$n - 1] | IN("address", "mode", "type", "provider_config_key"))
          and ($event[1] | scalar)
        then ($path[2:$n - 3] | module_address_of) as $mod
          | if $mod == null then .
            else .resources[$mod][$path[$n - 2] | tostring][$path[$n - 1]] = $event[1] end
        else . end
    end
)
| if .kinds.configuration != "object" or (.kinds.planned_values != "object" and .kinds.resource_changes != "array")
  then error("not a plan: the document has no configuration (a state file, or not the JSON of a saved plan)")
  else . end
| (.providers | object_or_empty | map_values(provider_configuration)) as $providers
| {
    terraform_version,
    format_version,
    configuration: {
      provider_config: $providers,
      resources: [
        .resources | to_entries[] | .key as $mod | .value | to_entries[]
        | {index: (.key | tonumber), module_address: $mod, address: .value.address, mode: .value.mode, type: .value.type, provider_config_key: .value.provider_config_key}
      ] | sort_by([.module_address, .index]) | map(del(.index))
    }
  }
'

tmp="${output}.tmp.$$"
show_failed="${output}.failed.$$"
errors="${output}.errors.$$"
trap 'rm -f "$tmp" "$show_failed" "$errors"' EXIT
# POSIX sh has no pipefail: a failing `show` is recorded in a marker file. The unfiltered plan
# JSON only ever goes through the pipe, never to disk.
export_with() {
  rm -f "$tmp" "$show_failed"
  { "$1" show -json "$plan_file" || echo failed >"$show_failed"; } | jq -n -c --stream "$filter" >"$tmp" 2>"$errors" || return 2
  [ ! -e "$show_failed" ] && [ -s "$tmp" ] || return 1
}

for binary in $binaries; do
  status=0
  export_with "$binary" || status=$?
  if [ "$status" -eq 0 ]; then
    mv "$tmp" "$output"
    trap - EXIT
    rm -f "$errors"
    echo "stack-accounts: wrote $output with '$binary show -json' (provider configurations and resource addresses only)"
    exit 0
  fi
  if [ "$status" -eq 2 ] && [ ! -e "$show_failed" ]; then
    # `show` worked and jq refused the document.
    fail "'$binary show -json $plan_file' did not give a plan: $(tail -c 300 "$errors")"
  fi
  echo "stack-accounts after_plan hook: '$binary show -json $plan_file' failed" >&2
done
fail "could not export the plan with$binaries (show -json $plan_file)"
