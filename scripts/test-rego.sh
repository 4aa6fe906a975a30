#!/usr/bin/env bash
# Quality gates for the Rego sources in policies/ (run by `npm run test:rego`):
#   1. opa fmt: every file formatted, and the joined body;
#   2. opa check --strict (Rego v1, OPA 1.x), of the files and of the joined body alone;
#   3. the joined body on the Rego v0 engine: opa check --v0-compatible against OPA v0.64.0's
#      capabilities (Spacelift runs v0 and v1 engines), and --v0-v1 (valid on both);
#   4. opa build -t wasm of the joined body: compiles, and needs no built-in from the host (the
#      PR-side evaluation runs it with @open-policy-agent/opa-wasm);
#   5. opa test of the files, and of the joined body with the same tests; the joined body's
#      coverage, failing under the coverage threshold (each file's is printed);
#   6. scripts/join-policy.mjs refuses files it cannot join without changing their meaning;
#   7. regal lint (configuration in .regal/config.yaml).
# The joined body is the one body Spacelift takes: policies/plan/*.rego (tests excluded) joined
# by scripts/join-policy.mjs. The rendered body (declaration inlined) gets the same checks in
# __tests__/planPolicy/.
set -euo pipefail

root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"
tools="$(bash scripts/install-tools.sh)"
opa="$tools/bin/opa"
regal="$tools/bin/regal"
threshold="${REGO_COVERAGE_THRESHOLD:-95}"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
# The joined body, with the tests and their data beside it as under policies/ (data.plan.testdata).
mkdir -p "$work/joined/plan"
policy="$work/joined/plan/stack_accounts.rego"
node scripts/join-policy.mjs >"$policy"
cp policies/plan/*_test.rego "$work/joined/plan/"
cp -R policies/plan/testdata "$work/joined/plan/testdata"

step() { printf '\n== %s\n' "$*"; }
failures=0
fail() { printf 'FAIL: %s\n' "$*" >&2; failures=$((failures + 1)); }

step "opa fmt --list policies"
unformatted="$("$opa" fmt --list policies)"
if [[ -n "$unformatted" ]]; then
  fail "not formatted (run: opa fmt -w policies): $unformatted"
fi
[[ -z "$("$opa" fmt --list "$policy")" ]] || fail "the joined body is not formatted (scripts/join-policy.mjs)"

step "opa check --strict policies"
"$opa" check --strict policies || fail "opa check --strict"
"$opa" check --strict "$policy" || fail "opa check --strict of the joined body"

step "opa check on the Rego v0 engine (OPA v0.64.0 capabilities) and --v0-v1"
"$opa" capabilities --version v0.64.0 >"$work/capabilities-v0.64.0.json"
"$opa" check --strict --v0-compatible --capabilities "$work/capabilities-v0.64.0.json" "$policy" ||
  fail "the plan policy does not compile on the Rego v0 engine"
"$opa" check --strict --v0-v1 "$policy" || fail "the plan policy is not valid for both Rego v0 and v1"

step "opa build -t wasm (entrypoints from the annotations; no host built-ins)"
# No -e: the `entrypoint: true` annotations alone must give deny, sample and warn (what
# scripts/build-wasm.sh names and the PR-side evaluation calls), and nothing else.
"$opa" build -t wasm "$policy" -o "$work/bundle.tar.gz" || fail "opa build -t wasm"
if [[ -f "$work/bundle.tar.gz" ]]; then
  tar -xzf "$work/bundle.tar.gz" -C "$work" /policy.wasm /.manifest 2>/dev/null ||
    tar -xzf "$work/bundle.tar.gz" -C "$work" policy.wasm .manifest
  entrypoints="$(node -e '
    const manifest = JSON.parse(require("node:fs").readFileSync(process.argv[1], "utf8"));
    process.stdout.write(manifest.wasm.map((w) => w.entrypoint).sort().join(" "));' "$work/.manifest")"
  echo "entrypoints: $entrypoints"
  [[ "$entrypoints" == "spacelift/deny spacelift/sample spacelift/warn" ]] ||
    fail "the entrypoint annotations give \"$entrypoints\", not spacelift/deny, spacelift/sample and spacelift/warn"
  host_builtins="$(node scripts/wasm-builtins.mjs "$work/policy.wasm")"
  echo "host built-ins: $host_builtins"
  [[ "$host_builtins" == "{}" ]] || fail "the wasm policy needs host built-ins $host_builtins; keep to OPA's native wasm built-ins"
fi

step "opa test policies, and the joined body with the same tests (coverage threshold ${threshold}%)"
"$opa" test policies || fail "opa test"
"$opa" test --coverage policies | node -e '
  let text = ""; process.stdin.on("data", (c) => (text += c)).on("end", () => {
    for (const [file, { coverage }] of Object.entries(JSON.parse(text).files ?? {}))
      if (!file.endsWith("_test.rego")) console.log(`coverage of ${file}: ${coverage}%`);
  });'
(cd "$work/joined" && "$opa" test .) || fail "opa test of the joined body"
coverage="$(cd "$work/joined" && "$opa" test --coverage . | node -e '
  let text = ""; process.stdin.on("data", (c) => (text += c)).on("end", () => {
    const report = JSON.parse(text);
    const file = report.files?.["plan/stack_accounts.rego"];
    process.stdout.write(String(file ? file.coverage : 0));
  });')"
echo "coverage of the joined body: ${coverage}%"
node -e "process.exit(Number('$coverage') >= Number('$threshold') ? 0 : 1)" ||
  fail "coverage ${coverage}% is under ${threshold}%"

step "join-policy refuses what it cannot join into one body"
refused() { # DIR DESCRIPTION: the join of DIR must fail
  if node scripts/join-policy.mjs "$1" >/dev/null 2>"$work/join-error"; then
    fail "join-policy joined $2"
  else
    echo "refused $2: $(cat "$work/join-error")"
  fi
}
mkdir -p "$work/refuse"
cp policies/plan/stack_accounts.rego "$work/refuse/"
printf '# METADATA\n# title: detached\npackage spacelift\n\nx := 1\n' >"$work/refuse/x.rego"
refused "$work/refuse" "a METADATA block before a package line other than the entry's"
printf 'package other\n\nx := 1\n' >"$work/refuse/x.rego"
refused "$work/refuse" "a file of another package"
rm "$work/refuse/stack_accounts.rego"
printf 'package spacelift\n\nx := 1\n' >"$work/refuse/x.rego"
refused "$work/refuse" "files without the entry file"

step "regal lint policies"
"$regal" lint policies || fail "regal lint"

echo
if [[ "$failures" -gt 0 ]]; then
  echo "rego: 0 passed, $failures failed"
  exit 1
fi
echo "rego: all checks passed"
