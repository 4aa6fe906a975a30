#!/usr/bin/env bash
# Installs the pinned tools the tests need into a cache directory, skipping what is already there:
#   OPA and Regal (Go, from the Go module proxy) and a Python virtualenv with moto's server.
# Prints the directory; scripts and tests find the tools through $STACK_ACCOUNTS_TOOLS.
set -euo pipefail

OPA_VERSION=v1.22.2
REGAL_VERSION=v0.38.1
MOTO_VERSION=5.2.1

TOOLS="${STACK_ACCOUNTS_TOOLS:-$HOME/.cache/stack-accounts-tools}"
mkdir -p "$TOOLS/bin"

log() { printf 'tools: %s\n' "$*" >&2; }

if [[ ! -x "$TOOLS/bin/opa-$OPA_VERSION" ]]; then
  log "installing OPA $OPA_VERSION"
  GOBIN="$TOOLS/bin" go install "github.com/open-policy-agent/opa@$OPA_VERSION"
  mv "$TOOLS/bin/opa" "$TOOLS/bin/opa-$OPA_VERSION"
fi
ln -sf "opa-$OPA_VERSION" "$TOOLS/bin/opa"

if [[ ! -x "$TOOLS/bin/regal-$REGAL_VERSION" ]]; then
  log "installing Regal $REGAL_VERSION"
  # `go install regal@version` asks the proxy for the module's version list (to report deprecation),
  # which the proxy here refuses; building from a throwaway module needs only the pinned version.
  work="$(mktemp -d)"
  (
    cd "$work"
    go mod init stack-accounts-tools >/dev/null 2>&1
    go get "github.com/open-policy-agent/regal@$REGAL_VERSION" >/dev/null 2>&1
    go build -o "$TOOLS/bin/regal-$REGAL_VERSION" github.com/open-policy-agent/regal
  )
  rm -rf "$work"
fi
ln -sf "regal-$REGAL_VERSION" "$TOOLS/bin/regal"

if [[ ! -x "$TOOLS/venv/bin/moto_server" ]] || ! "$TOOLS/venv/bin/python" -c "import moto,sys; sys.exit(moto.__version__ != '$MOTO_VERSION')" 2>/dev/null; then
  log "installing moto $MOTO_VERSION"
  python3 -m venv "$TOOLS/venv"
  "$TOOLS/venv/bin/pip" install --quiet --disable-pip-version-check "moto[server]==$MOTO_VERSION"
fi
ln -sf ../venv/bin/moto_server "$TOOLS/bin/moto_server"

# jq: the Spacelift after_plan hook (policies/hook/after_plan.sh) filters the plan with it, and its
# tests run it for real. Spacelift's standard runner image ships it; install it here when missing.
if ! command -v jq >/dev/null 2>&1; then
  log "installing jq"
  sudo_cmd=""
  [[ "$(id -u)" -ne 0 ]] && sudo_cmd="sudo"
  { $sudo_cmd apt-get install -y -qq jq || { $sudo_cmd apt-get update -qq && $sudo_cmd apt-get install -y -qq jq; }; } >&2
fi

echo "$TOOLS"
