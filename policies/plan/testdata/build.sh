#!/bin/sh
# Rebuilds data.json: the real plans of __tests__/fixtures/spacelift passed through the
# after_plan hook (with a stand-in `terraform` that prints the plan) and wrapped in the
# Spacelift plan-policy input shape (input.spacelift / input.terraform /
# input.third_party_metadata.custom.stack_accounts). resource_changes keep their address,
# type, name, provider_name and actions; only aws_iam_role changes keep their values.
# `opa test policies` loads it as data.plan.testdata.<plan name>.
# A Jest test (__tests__/planPolicy/regoTestdata.test.ts) fails when data.json is stale.
set -eu
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../../.." && pwd)"
fixtures="$root/__tests__/fixtures/spacelift"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/bin"
cat >"$work/bin/terraform" <<'SHIM'
#!/bin/sh
exec cat "$STACK_ACCOUNTS_FAKE_PLAN"
SHIM
chmod +x "$work/bin/terraform"

out="${1:-$here/data.json}"
printf '{' >"$work/data.json"
separator=""
for plan in "$fixtures"/*.plan.json; do
  name="$(basename "$plan" .plan.json | tr -c 'A-Za-z0-9_\n' '_')"
  (
    cd "$work"
    STACK_ACCOUNTS_FAKE_PLAN="$plan" STACK_ACCOUNTS_IAC_BINARY=terraform PATH="$work/bin:$PATH" \
      sh "$root/policies/hook/after_plan.sh" >/dev/null
  )
  entry="$(jq -c --slurpfile custom "$work/stack_accounts.custom.spacelift.json" '{
    spacelift: {
      run: {type: "PROPOSED"},
      stack: {id: "fixture-stack", labels: ["stack-accounts"], terraform_workflow_tool: "TERRAFORM_FOSS"}
    },
    terraform: {
      terraform_version: .terraform_version,
      resource_changes: [(.resource_changes // [])[] | {address, type, name, provider_name, mode}
        + {change: ({actions: .change.actions}
          + (if .type == "aws_iam_role" then {before: .change.before, after: .change.after, after_unknown: .change.after_unknown} else {} end))}]
    },
    third_party_metadata: {custom: {stack_accounts: $custom[0]}}
  }' "$plan")"
  printf '%s"%s":%s' "$separator" "$name" "$entry" >>"$work/data.json"
  separator=","
done
printf '}\n' >>"$work/data.json"
jq -S . "$work/data.json" >"$out"
