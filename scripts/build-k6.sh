#!/usr/bin/env bash
# Builds k6 from the Go module proxy into a per-user cache, once.
#
#   bash scripts/build-k6.sh            # builds (or reuses) the cached binary and prints its path last
#
# Environment:
#   K6_VERSION            k6 release to build (default v2.2.0; must be a v2 release)
#   RESILIENCE_CACHE_DIR  cache root (default ${XDG_CACHE_HOME:-$HOME/.cache}/resilience-suite)
#   K6_BUILD_FORCE=1      rebuild even if the cached binary already answers `k6 version`
#
# The binary lands in $RESILIENCE_CACHE_DIR/k6/$K6_VERSION/k6, where load/runner/locate-k6.ts looks for it.
# A first build on 2 cores takes a few minutes.
set -euo pipefail

K6_VERSION="${K6_VERSION:-v2.2.0}"
CACHE_ROOT="${RESILIENCE_CACHE_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/resilience-suite}"
DEST_DIR="$CACHE_ROOT/k6/$K6_VERSION"
DEST="$DEST_DIR/k6"
MODULE="go.k6.io/k6/v2"

log() { echo "[build-k6] $*" >&2; }

case "$K6_VERSION" in
  v2.*) ;;
  *) log "K6_VERSION=$K6_VERSION: only v2 releases are supported (module $MODULE)"; exit 2 ;;
esac

if [[ -x "$DEST" && "${K6_BUILD_FORCE:-0}" != "1" ]]; then
  if out="$("$DEST" version 2>/dev/null)" && [[ "$out" == *"k6 $K6_VERSION"* ]]; then
    log "already built: $out"
    echo "$DEST"
    exit 0
  fi
  log "cached binary at $DEST does not report k6 $K6_VERSION; rebuilding"
fi

if ! command -v go >/dev/null 2>&1; then
  log "Go is not installed (needs Go >= 1.24). Install it, or point K6_BIN at an existing k6 v2 binary."
  exit 1
fi

mkdir -p "$DEST_DIR"
WORK="$(mktemp -d "${TMPDIR:-/tmp}/k6build.XXXXXX")"
trap 'rm -rf "$WORK"' EXIT

# `go install $MODULE@$K6_VERSION` would be the obvious way, but when the proxy's /@v/list for the module answers 404,
# go's deprecation lookup falls back to "direct" and fails offline. Building from a throwaway module that requires
# k6 avoids that lookup, so that is the one recipe used here.
log "building k6 $K6_VERSION in $WORK (module proxy: ${GOPROXY:-https://proxy.golang.org})"
cd "$WORK"
log "+ go mod init k6build"
go mod init k6build >/dev/null 2>&1
log "+ go get $MODULE@$K6_VERSION"
GOPROXY="${GOPROXY:-https://proxy.golang.org}" go get "$MODULE@$K6_VERSION"
log "+ go build -o $DEST.tmp $MODULE"
GOPROXY="${GOPROXY:-https://proxy.golang.org}" go build -o "$DEST.tmp" "$MODULE"
mv -f "$DEST.tmp" "$DEST"

log "built: $("$DEST" version)"
echo "$DEST"
