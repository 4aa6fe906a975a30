#!/usr/bin/env bash
# Rebuilds dist/ from source: the policy embedded into TypeScript, the policy compiled to
# WebAssembly, and the action (dist/index.js) and CLI (dist/cli/index.js) bundled by ncc.
# CI runs it and fails when dist/ differs from what is committed.
set -euo pipefail
cd "$(dirname "$0")/.."

TOOLS="$(bash scripts/install-tools.sh)"
export PATH="$TOOLS/bin:$PATH"

node scripts/embed-policy.mjs
bash scripts/build-wasm.sh

# dist/index.js loads the analysis and Octokit with import(): ncc emits them as chunks
# (dist/<id>.index.js). Remove the previous build's chunks so none is left behind.
rm -rf dist/index.js dist/[0-9]*.index.js dist/cli dist/licenses.txt dist/package.json dist/*.d.ts
npx ncc build src/index.ts -o dist --quiet
npx ncc build src/cli.ts -o dist/cli --quiet
chmod +x dist/cli/index.js
node scripts/licenses.mjs
