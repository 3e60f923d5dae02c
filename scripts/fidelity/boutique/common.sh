# Shared paths for the real-Online-Boutique fidelity scripts. Sourced by build.sh, start.sh and stop.sh.
# Nothing here is run by `npm test`.

FIDELITY_HOME="${FIDELITY_HOME:-$HOME/.cache/resilience-suite/fidelity}"
OB_MIRROR="${OB_MIRROR:-/work/.mirror/GoogleCloudPlatform+microservices-demo/repo}"
OB_RUN="${OB_RUN:-$FIDELITY_HOME/ob-run}"
OB_HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"

ob_log() { printf '[ob %s] %s\n' "$(date +%H:%M:%S)" "$*" >&2; }
ob_die() { ob_log "ERROR: $*"; exit 1; }

# Resolves OB_SRC (a checkout of GoogleCloudPlatform/microservices-demo) and OB_COMMIT.
# Without OB_SRC, HEAD of the bare mirror is extracted (once per commit) into $FIDELITY_HOME/ob-src.
ob_resolve_src() {
  if [[ -n "${OB_SRC:-}" ]]; then
    [[ -f "$OB_SRC/protos/demo.proto" ]] || ob_die "OB_SRC=$OB_SRC does not look like a microservices-demo checkout (no protos/demo.proto)"
    OB_SRC="$(cd "$OB_SRC" && pwd)"
    if [[ -f "$OB_SRC/.ob-commit" ]]; then
      OB_COMMIT="$(cat "$OB_SRC/.ob-commit")"
    else
      OB_COMMIT="$(git -C "$OB_SRC" rev-parse HEAD 2>/dev/null || echo local)"
    fi
  else
    [[ -d "$OB_MIRROR" ]] || ob_die "no OB_SRC given and no mirror at $OB_MIRROR"
    local head
    head="$(git --git-dir="$OB_MIRROR" rev-parse HEAD)"
    OB_SRC="$FIDELITY_HOME/ob-src"
    if [[ "$(cat "$OB_SRC/.ob-commit" 2>/dev/null)" != "$head" ]]; then
      ob_log "extracting microservices-demo $head into $OB_SRC"
      rm -rf "$OB_SRC.tmp" && mkdir -p "$OB_SRC.tmp"
      # Only src/ and protos/: the mirror lacks some large docs images, which would break a full `git archive`.
      # (git still prints "invalid object" for that image even with a pathspec: filtered out)
      git --git-dir="$OB_MIRROR" archive "$head" src protos 2> >(grep -v 'invalid object' >&2) | tar -x -C "$OB_SRC.tmp"
      [[ -f "$OB_SRC.tmp/protos/demo.proto" && -f "$OB_SRC.tmp/src/frontend/main.go" ]] || ob_die "extraction failed"
      echo "$head" >"$OB_SRC.tmp/.ob-commit"
      rm -rf "$OB_SRC" && mv "$OB_SRC.tmp" "$OB_SRC"
    fi
    OB_COMMIT="$head"
  fi
  OB_BUILD="$FIDELITY_HOME/ob-build/${OB_COMMIT:0:12}"
  export OB_SRC OB_COMMIT OB_BUILD
}
