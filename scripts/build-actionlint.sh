#!/usr/bin/env bash
# Builds actionlint (the GitHub Actions workflow linter) from the Go module proxy into a per-user cache, once.
# Used by test/ci/ci-pipelines.test.ts to lint ci/github/*.yml; the test skips with a message when this fails.
#
#   bash scripts/build-actionlint.sh     # builds (or reuses) the cached binary and prints its path last
#
# Environment:
#   ACTIONLINT_VERSION    release to build (default v1.7.12)
#   RESILIENCE_CACHE_DIR  cache root (default ${XDG_CACHE_HOME:-$HOME/.cache}/resilience-suite)
#   ACTIONLINT_BIN        use this binary instead (printed back if it runs)
set -euo pipefail

VERSION="${ACTIONLINT_VERSION:-v1.7.12}"
CACHE_ROOT="${RESILIENCE_CACHE_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/resilience-suite}"
DEST_DIR="$CACHE_ROOT/actionlint/$VERSION"
DEST="$DEST_DIR/actionlint"

log() { echo "[build-actionlint] $*" >&2; }

if [[ -n "${ACTIONLINT_BIN:-}" ]]; then
  "$ACTIONLINT_BIN" -version >/dev/null 2>&1 || { log "ACTIONLINT_BIN=$ACTIONLINT_BIN does not run"; exit 1; }
  echo "$ACTIONLINT_BIN"
  exit 0
fi

if [[ -x "$DEST" ]] && "$DEST" -version 2>/dev/null | grep -q "${VERSION#v}"; then
  log "already built: $DEST"
  echo "$DEST"
  exit 0
fi

if ! command -v go >/dev/null 2>&1; then
  log "Go is not installed: cannot build actionlint $VERSION (install Go, or set ACTIONLINT_BIN)"
  exit 1
fi

mkdir -p "$DEST_DIR"
log "building actionlint $VERSION (module proxy: ${GOPROXY:-https://proxy.golang.org})"
GOBIN="$DEST_DIR" GOFLAGS=-mod=mod GOPROXY="${GOPROXY:-https://proxy.golang.org}" \
  go install "github.com/rhysd/actionlint/cmd/actionlint@$VERSION"
"$DEST" -version >&2
echo "$DEST"
