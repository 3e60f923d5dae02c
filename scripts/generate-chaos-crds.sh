#!/usr/bin/env bash
# Generates the Chaos Mesh CustomResourceDefinitions from Chaos Mesh's API types with controller-gen, the way
# upstream makes helm/chaos-mesh/crds/, into a per-user cache, once.
#
#   bash scripts/generate-chaos-crds.sh     # generates (or reuses) the CRDs and prints their folder last
#
# Environment:
#   CHAOS_MESH_API_VERSION   version of github.com/chaos-mesh/chaos-mesh/api (a pseudo-version: the module has no tags)
#   CONTROLLER_GEN_VERSION   sigs.k8s.io/controller-tools release (default v0.18.0, the one upstream's CRDs name)
#   RESILIENCE_CACHE_DIR     cache root (default ${XDG_CACHE_HOME:-$HOME/.cache}/resilience-suite)
#   CRD_GENERATE_FORCE=1     generate again even if the folder is complete
#   CRD_GENERATE_CHECK_ONLY=1  generate nothing: print the folder if it is complete, else exit 3
#
# The CRDs land in $RESILIENCE_CACHE_DIR/chaos-mesh-crds/$CHAOS_MESH_API_VERSION/, where cluster/kube/chaos-crds.ts
# looks for them. Takes about a minute the first time (controller-gen build + module download).
set -euo pipefail

CHAOS_MESH_API_VERSION="${CHAOS_MESH_API_VERSION:-v0.0.0-20260906172039-d70b66ad97ac}"
CONTROLLER_GEN_VERSION="${CONTROLLER_GEN_VERSION:-v0.18.0}"
CACHE_ROOT="${RESILIENCE_CACHE_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/resilience-suite}"
DEST="$CACHE_ROOT/chaos-mesh-crds/$CHAOS_MESH_API_VERSION"
TOOL="$CACHE_ROOT/controller-gen/$CONTROLLER_GEN_VERSION/controller-gen"
API_MODULE="github.com/chaos-mesh/chaos-mesh/api"
export GOPROXY="${GOPROXY:-https://proxy.golang.org}"
export GOFLAGS="${GOFLAGS:--buildvcs=false}"

log() { echo "[generate-chaos-crds] $*" >&2; }

if [[ "${CRD_GENERATE_CHECK_ONLY:-0}" == "1" ]]; then # bootstrap asks whether generating is needed
  if [[ -f "$DEST/.complete" ]]; then echo "$DEST"; exit 0; fi
  exit 3
fi
if [[ -f "$DEST/.complete" && "${CRD_GENERATE_FORCE:-0}" != "1" ]]; then
  log "already generated: $(ls "$DEST"/*.yaml | wc -l) CRDs in $DEST"
  echo "$DEST"
  exit 0
fi
if ! command -v go >/dev/null 2>&1; then
  log "Go is not installed (needs Go >= 1.25): it builds controller-gen and reads the Chaos Mesh API types."
  exit 1
fi

WORK="$(mktemp -d "${TMPDIR:-/tmp}/crdgen.XXXXXX")"
trap 'rm -rf "$WORK"' EXIT

if ! "$TOOL" --version 2>/dev/null | grep -qF "$CONTROLLER_GEN_VERSION"; then
  log "building controller-gen $CONTROLLER_GEN_VERSION"
  mkdir -p "$WORK/tool" "$(dirname "$TOOL")" && cd "$WORK/tool"
  go mod init cgbuild >/dev/null 2>&1
  go get "sigs.k8s.io/controller-tools/cmd/controller-gen@$CONTROLLER_GEN_VERSION" >/dev/null 2>"$WORK/get.log" || { tail -20 "$WORK/get.log" >&2; exit 1; }
  go build -o "$TOOL" sigs.k8s.io/controller-tools/cmd/controller-gen
fi

log "reading $API_MODULE@$CHAOS_MESH_API_VERSION"
cd "$WORK"
src="$(go mod download -json "$API_MODULE@$CHAOS_MESH_API_VERSION" | sed -n 's/^[[:space:]]*"Dir": "\(.*\)",$/\1/p')"
if [[ -z "$src" || ! -d "$src" ]]; then log "could not download $API_MODULE@$CHAOS_MESH_API_VERSION"; exit 1; fi
# The module cache is read-only; controller-gen loads the packages from a copy with its dependencies downloaded.
cp -r "$src" "$WORK/api" && chmod -R u+w "$WORK/api" && cd "$WORK/api"
go mod download >/dev/null 2>"$WORK/download.log" || { tail -20 "$WORK/download.log" >&2; exit 1; }

log "+ controller-gen crd:crdVersions=v1,allowDangerousTypes=true paths=./v1alpha1/..."
rm -rf "$DEST.tmp" && mkdir -p "$DEST.tmp"
"$TOOL" crd:crdVersions=v1,allowDangerousTypes=true paths=./v1alpha1/... "output:crd:artifacts:config=$DEST.tmp"
echo "$API_MODULE@$CHAOS_MESH_API_VERSION, controller-gen $CONTROLLER_GEN_VERSION" > "$DEST.tmp/.complete"
rm -rf "$DEST" && mv "$DEST.tmp" "$DEST"
log "generated $(ls "$DEST"/*.yaml | wc -l) CRDs in $DEST"
echo "$DEST"
