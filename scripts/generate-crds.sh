#!/usr/bin/env bash
# Generates CustomResourceDefinitions from their projects' Go API types with controller-gen, the way upstream makes
# them, into a per-user cache, once: Chaos Mesh's (chaos-mesh.org) and k6-operator's (k6.io: TestRun).
#
#   bash scripts/generate-crds.sh     # generates (or reuses) both sets and prints their folders last
#
# Environment:
#   CHAOS_MESH_API_VERSION   github.com/chaos-mesh/chaos-mesh/api version (a pseudo-version: the module has no tags)
#   K6_OPERATOR_VERSION      github.com/grafana/k6-operator version (default v0.0.19, the newest the proxy serves here)
#   CONTROLLER_GEN_VERSION   sigs.k8s.io/controller-tools release (default v0.18.0, the one Chaos Mesh's CRDs name)
#   RESILIENCE_CACHE_DIR     cache root (default ${XDG_CACHE_HOME:-$HOME/.cache}/resilience-suite)
#   CRD_GENERATE_FORCE=1     generate again even if a folder is complete
#   CRD_GENERATE_CHECK_ONLY=1  generate nothing: print the folders if both are complete, else exit 3
#
# The CRDs land in $RESILIENCE_CACHE_DIR/chaos-mesh-crds/<version>/ and .../k6-operator-crds/<version>/, where
# cluster/kube/crd-sets.ts looks for them. Takes a minute or two the first time (controller-gen build, module downloads).
set -euo pipefail

CHAOS_MESH_API_VERSION="${CHAOS_MESH_API_VERSION:-v0.0.0-20260906172039-d70b66ad97ac}"
K6_OPERATOR_VERSION="${K6_OPERATOR_VERSION:-v0.0.19}"
CONTROLLER_GEN_VERSION="${CONTROLLER_GEN_VERSION:-v0.18.0}"
CACHE_ROOT="${RESILIENCE_CACHE_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/resilience-suite}"
TOOL="$CACHE_ROOT/controller-gen/$CONTROLLER_GEN_VERSION/controller-gen"
export GOPROXY="${GOPROXY:-https://proxy.golang.org}"
export GOFLAGS="${GOFLAGS:--buildvcs=false}"

# name | module | version | package paths inside the module
SETS=(
  "chaos-mesh-crds|github.com/chaos-mesh/chaos-mesh/api|$CHAOS_MESH_API_VERSION|./v1alpha1/..."
  "k6-operator-crds|github.com/grafana/k6-operator|$K6_OPERATOR_VERSION|./api/v1alpha1/..."
)

log() { echo "[generate-crds] $*" >&2; }
dest_of() { local name version; IFS='|' read -r name _ version _ <<<"$1"; echo "$CACHE_ROOT/$name/$version"; }

complete=1
for set in "${SETS[@]}"; do [[ -f "$(dest_of "$set")/.complete" ]] || complete=0; done
if [[ "${CRD_GENERATE_CHECK_ONLY:-0}" == "1" ]]; then # bootstrap asks whether generating is needed
  if [[ $complete == 1 ]]; then for set in "${SETS[@]}"; do dest_of "$set"; done; exit 0; fi
  exit 3
fi
if [[ $complete == 1 && "${CRD_GENERATE_FORCE:-0}" != "1" ]]; then
  for set in "${SETS[@]}"; do log "already generated: $(dest_of "$set")"; dest_of "$set"; done
  exit 0
fi
if ! command -v go >/dev/null 2>&1; then
  log "Go is not installed (needs Go >= 1.25): it builds controller-gen and reads the projects' API types."
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

for set in "${SETS[@]}"; do
  IFS='|' read -r name module version paths <<<"$set"
  dest="$(dest_of "$set")"
  if [[ -f "$dest/.complete" && "${CRD_GENERATE_FORCE:-0}" != "1" ]]; then log "already generated: $dest"; echo "$dest"; continue; fi
  log "reading $module@$version"
  cd "$WORK"
  src="$(go mod download -json "$module@$version" | sed -n 's/^[[:space:]]*"Dir": "\(.*\)",$/\1/p')"
  if [[ -z "$src" || ! -d "$src" ]]; then log "could not download $module@$version"; exit 1; fi
  # The module cache is read-only; controller-gen loads the packages from a copy with its dependencies downloaded.
  copy="$WORK/$name-src"
  cp -r "$src" "$copy" && chmod -R u+w "$copy" && cd "$copy"
  go mod download >/dev/null 2>"$WORK/download.log" || { tail -20 "$WORK/download.log" >&2; exit 1; }
  log "+ controller-gen crd:crdVersions=v1,allowDangerousTypes=true paths=$paths"
  rm -rf "$dest.tmp" && mkdir -p "$dest.tmp"
  "$TOOL" crd:crdVersions=v1,allowDangerousTypes=true "paths=$paths" "output:crd:artifacts:config=$dest.tmp"
  echo "$module@$version, controller-gen $CONTROLLER_GEN_VERSION" > "$dest.tmp/.complete"
  rm -rf "$dest" && mv "$dest.tmp" "$dest"
  log "generated $(ls "$dest"/*.yaml | wc -l) CRDs in $dest"
  echo "$dest"
done
