#!/usr/bin/env bash
# Compiles the Spacelift plan policy to WebAssembly for the PR-side evaluation (`check-plan`, the
# action): the body Spacelift takes, policies/plan/*.rego (tests excluded) joined by
# scripts/join-policy.mjs, so both evaluate the same text.
#   bash scripts/build-wasm.sh [OUT [POLICY]]
# writes OUT (default dist/policy/plan.wasm) from POLICY (one file; default the joined body).
# Entrypoints: spacelift/deny, spacelift/warn, spacelift/sample (also annotated `entrypoint: true`
# in policies/plan/stack_accounts.rego; given here too, so a POLICY without the annotations builds).
#
# The build is restricted to the built-ins that the WebAssembly runtime has: OPA's own
# capabilities (same features, same declarations), keeping only the built-ins that
# @open-policy-agent/opa-wasm lists as implemented (natively in the module or by its JS host).
# A policy that needs anything else fails here, not at evaluation time.
#
# Deterministic: the same OPA and the same policy give the same bytes (opa build writes the
# module with fixed content; only /policy.wasm is taken out of the bundle tarball).
set -euo pipefail
absolute() { case "$1" in /*) echo "$1" ;; *) echo "$PWD/$1" ;; esac; }
OUT_ARG="${1:+$(absolute "$1")}"
POLICY_ARG="${2:+$(absolute "$2")}"
cd "$(dirname "$0")/.."

OUT="${OUT_ARG:-dist/policy/plan.wasm}"
WASM_CAPABILITIES=node_modules/@open-policy-agent/opa-wasm/capabilities.json

TOOLS="$(bash scripts/install-tools.sh)"
OPA="$TOOLS/bin/opa"
NODE="$(command -v node || echo node_modules/.bin/node)"

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

"$OPA" capabilities --current >"$work/opa-capabilities.json"
"$NODE" -e '
const fs = require("node:fs")
const [opaFile, wasmFile, outFile] = process.argv.slice(1)
const opa = JSON.parse(fs.readFileSync(opaFile, "utf8"))
const wasm = JSON.parse(fs.readFileSync(wasmFile, "utf8"))
const available = new Set(wasm.builtins.map((b) => b.name))
opa.builtins = opa.builtins.filter((b) => available.has(b.name))
opa.wasm_abi_versions = wasm.wasm_abi_versions
fs.writeFileSync(outFile, JSON.stringify(opa))
' "$work/opa-capabilities.json" "$WASM_CAPABILITIES" "$work/capabilities.json"

if [[ -n "$POLICY_ARG" ]]; then
  cp "$POLICY_ARG" "$work/stack_accounts.rego"
else
  "$NODE" scripts/join-policy.mjs >"$work/stack_accounts.rego"
fi
(
  cd "$work"
  "$OPA" build --target wasm \
    --capabilities capabilities.json \
    --entrypoint spacelift/deny \
    --entrypoint spacelift/warn \
    --entrypoint spacelift/sample \
    --output bundle.tar.gz \
    stack_accounts.rego >&2
)

mkdir -p "$(dirname "$OUT")"
tar -xzOPf "$work/bundle.tar.gz" /policy.wasm >"$work/policy.wasm"
mv "$work/policy.wasm" "$OUT"
echo "build-wasm: wrote $OUT" >&2
