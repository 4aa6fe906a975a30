#!/usr/bin/env bash
# Quality gates for the Rego sources in policies/ (run by `npm run test:rego`):
#   1. opa fmt: every file formatted;
#   2. opa check --strict (Rego v1, OPA 1.x);
#   3. the plan policy on the Rego v0 engine: opa check --v0-compatible against OPA v0.64.0's
#      capabilities (Spacelift runs v0 and v1 engines), and --v0-v1 (valid on both);
#   4. opa build -t wasm: compiles, and needs no built-in from the host (the PR-side
#      evaluation runs it with @open-policy-agent/opa-wasm);
#   5. opa test --coverage, failing under the coverage threshold;
#   6. regal lint (configuration in .regal/config.yaml).
# The rendered body (declaration inlined) gets the same checks in __tests__/planPolicy/.
set -euo pipefail

root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"
tools="$(bash scripts/install-tools.sh)"
opa="$tools/bin/opa"
regal="$tools/bin/regal"
threshold="${REGO_COVERAGE_THRESHOLD:-95}"
policy="policies/plan/stack_accounts.rego"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

step() { printf '\n== %s\n' "$*"; }
failures=0
fail() { printf 'FAIL: %s\n' "$*" >&2; failures=$((failures + 1)); }

step "opa fmt --list policies"
unformatted="$("$opa" fmt --list policies)"
if [[ -n "$unformatted" ]]; then
  fail "not formatted (run: opa fmt -w policies): $unformatted"
fi

step "opa check --strict policies"
"$opa" check --strict policies || fail "opa check --strict"

step "opa check on the Rego v0 engine (OPA v0.64.0 capabilities) and --v0-v1"
"$opa" capabilities --version v0.64.0 >"$work/capabilities-v0.64.0.json"
"$opa" check --strict --v0-compatible --capabilities "$work/capabilities-v0.64.0.json" "$policy" ||
  fail "the plan policy does not compile on the Rego v0 engine"
"$opa" check --strict --v0-v1 "$policy" || fail "the plan policy is not valid for both Rego v0 and v1"

step "opa build -t wasm (no host built-ins)"
"$opa" build -t wasm -e spacelift/deny -e spacelift/warn -e spacelift/sample "$policy" -o "$work/bundle.tar.gz" ||
  fail "opa build -t wasm"
if [[ -f "$work/bundle.tar.gz" ]]; then
  tar -xzf "$work/bundle.tar.gz" -C "$work" /policy.wasm 2>/dev/null || tar -xzf "$work/bundle.tar.gz" -C "$work" policy.wasm
  host_builtins="$(node scripts/wasm-builtins.mjs "$work/policy.wasm")"
  echo "host built-ins: $host_builtins"
  [[ "$host_builtins" == "{}" ]] || fail "the wasm policy needs host built-ins $host_builtins; keep to OPA's native wasm built-ins"
fi

step "opa test --coverage policies (threshold ${threshold}%)"
"$opa" test policies || fail "opa test"
coverage="$("$opa" test --coverage policies | node -e '
  let text = ""; process.stdin.on("data", (c) => (text += c)).on("end", () => {
    const report = JSON.parse(text);
    const file = report.files?.["'"$policy"'"];
    process.stdout.write(String(file ? file.coverage : 0));
  });')"
echo "coverage of $policy: ${coverage}%"
node -e "process.exit(Number('$coverage') >= Number('$threshold') ? 0 : 1)" ||
  fail "coverage ${coverage}% is under ${threshold}%"

step "regal lint policies"
"$regal" lint policies || fail "regal lint"

echo
if [[ "$failures" -gt 0 ]]; then
  echo "rego: 0 passed, $failures failed"
  exit 1
fi
echo "rego: all checks passed"
