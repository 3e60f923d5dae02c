#!/usr/bin/env bash
# Builds a Kubernetes control plane from the Go module proxy into a per-user cache, once:
# kube-apiserver, kube-controller-manager and kube-scheduler from k8s.io/kubernetes, and kwok (simulated nodes).
#
#   bash scripts/build-kube.sh          # builds (or reuses) the binaries and prints their folder last
#
# Environment:
#   KUBE_VERSION          Kubernetes release to build (default v1.37.2)
#   KWOK_VERSION          kwok release to build (default v0.8.0)
#   RESILIENCE_CACHE_DIR  cache root (default ${XDG_CACHE_HOME:-$HOME/.cache}/resilience-suite)
#   KUBE_BUILD_FORCE=1    rebuild even if the cached binaries already answer --version
#   KUBE_BUILD_CHECK_ONLY=1  build nothing: print the folder if everything is built, else exit 3
#
# The binaries land in $RESILIENCE_CACHE_DIR/kube/$KUBE_VERSION/, where cluster/kube/locate-binaries.ts looks for
# them. A first build on 2 cores takes about 8 minutes and up to 3 GB of memory; later runs reuse the cache.
set -euo pipefail

KUBE_VERSION="${KUBE_VERSION:-v1.37.2}"
KWOK_VERSION="${KWOK_VERSION:-v0.8.0}"
CACHE_ROOT="${RESILIENCE_CACHE_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/resilience-suite}"
DEST_DIR="$CACHE_ROOT/kube/$KUBE_VERSION"
export GOPROXY="${GOPROXY:-https://proxy.golang.org}"
export GOFLAGS="${GOFLAGS:--buildvcs=false}"

log() { echo "[build-kube] $*" >&2; }

if ! command -v go >/dev/null 2>&1; then
  log "Go is not installed (needs Go >= 1.25). Install it, or set KUBE_APISERVER_BIN, KUBE_CONTROLLER_MANAGER_BIN,"
  log "KUBE_SCHEDULER_BIN and KWOK_BIN to existing binaries."
  exit 1
fi

answers_version() { # <binary> <expected substring>
  [[ -x "$1" ]] && "$1" --version 2>/dev/null | grep -qF "$2"
}

components=(kube-apiserver kube-controller-manager kube-scheduler)
kube_ok=1
for c in "${components[@]}"; do answers_version "$DEST_DIR/$c" "$KUBE_VERSION" || kube_ok=0; done
kwok_ok=0
answers_version "$DEST_DIR/kwok" "$KWOK_VERSION" && kwok_ok=1
if [[ "${KUBE_BUILD_FORCE:-0}" == "1" ]]; then kube_ok=0; kwok_ok=0; fi
if [[ "${KUBE_BUILD_CHECK_ONLY:-0}" == "1" ]]; then # bootstrap asks whether a build is needed
  if [[ $kube_ok == 1 && $kwok_ok == 1 ]]; then echo "$DEST_DIR"; exit 0; fi
  exit 3
fi

mkdir -p "$DEST_DIR"
WORK="$(mktemp -d "${TMPDIR:-/tmp}/kubebuild.XXXXXX")"
trap 'rm -rf "$WORK"' EXIT

if [[ $kube_ok == 1 ]]; then
  log "already built: ${components[*]} $KUBE_VERSION"
else
  # k8s.io/kubernetes replaces its k8s.io/* staging modules by local paths, so `go install` refuses it. A throwaway
  # module that requires it and replaces each staging module by its published v0.x twin builds the same sources.
  staging_version="v0.${KUBE_VERSION#v1.}"
  log "building ${components[*]} $KUBE_VERSION in $WORK (staging modules at $staging_version; about 8 min on 2 cores)"
  cd "$WORK"
  go mod init kubebuild >/dev/null 2>&1
  mod_url="${GOPROXY%%,*}/k8s.io/kubernetes/@v/$KUBE_VERSION.mod"
  log "+ reading the staging module list from $mod_url"
  mapfile -t staging < <(curl -fsSL "$mod_url" | sed -n 's#^[[:space:]]*\(k8s.io/[a-z0-9-]*\) => ./staging/.*#\1#p')
  if [[ ${#staging[@]} -eq 0 ]]; then log "could not read the staging modules of k8s.io/kubernetes $KUBE_VERSION"; exit 1; fi
  for m in "${staging[@]}"; do go mod edit -replace "$m=$m@$staging_version"; done
  go mod edit -require "k8s.io/kubernetes@$KUBE_VERSION"
  cat > tools.go <<'EOF'
//go:build tools

package kubebuild

import (
	_ "k8s.io/kubernetes/cmd/kube-apiserver"
	_ "k8s.io/kubernetes/cmd/kube-controller-manager"
	_ "k8s.io/kubernetes/cmd/kube-scheduler"
)
EOF
  log "+ go mod tidy"
  go mod tidy -e >/dev/null 2>"$WORK/tidy.log" || { tail -20 "$WORK/tidy.log" >&2; exit 1; }
  minor="${KUBE_VERSION#v1.}"; minor="${minor%%.*}"
  ldflags="-s -w -X k8s.io/component-base/version.gitVersion=$KUBE_VERSION -X k8s.io/component-base/version.gitMajor=1"
  ldflags+=" -X k8s.io/component-base/version.gitMinor=$minor -X k8s.io/component-base/version.gitTreeState=clean"
  mkdir -p "$WORK/bin"
  log "+ go build -o $WORK/bin/ ${components[*]}"
  go build -trimpath -ldflags "$ldflags" -o "$WORK/bin/" \
    k8s.io/kubernetes/cmd/kube-apiserver k8s.io/kubernetes/cmd/kube-controller-manager k8s.io/kubernetes/cmd/kube-scheduler
  for c in "${components[@]}"; do mv -f "$WORK/bin/$c" "$DEST_DIR/$c"; done
  log "built: $("$DEST_DIR/kube-apiserver" --version)"
fi

if [[ $kwok_ok == 1 ]]; then
  log "already built: kwok $KWOK_VERSION"
else
  log "building kwok $KWOK_VERSION"
  mkdir -p "$WORK/kwok" && cd "$WORK/kwok"
  go mod init kwokbuild >/dev/null 2>&1
  go mod edit -require "sigs.k8s.io/kwok@$KWOK_VERSION"
  printf '//go:build tools\n\npackage kwokbuild\n\nimport _ "sigs.k8s.io/kwok/cmd/kwok"\n' > tools.go
  go mod tidy -e >/dev/null 2>"$WORK/kwok.log" || { tail -20 "$WORK/kwok.log" >&2; exit 1; }
  go build -trimpath -ldflags "-s -w" -o "$DEST_DIR/kwok" sigs.k8s.io/kwok/cmd/kwok
  log "built: kwok $("$DEST_DIR/kwok" --version 2>&1 | head -1)"
fi

echo "$DEST_DIR"
