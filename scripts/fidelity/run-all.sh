#!/usr/bin/env bash
# The whole fidelity check: each real shop and each look-alike (the embedded cluster), one after another — start it,
# run scripts/fidelity/check.mjs against it, stop it — then print every summary line together.
#
#   scripts/fidelity/run-all.sh [options for check.mjs, e.g. --only playwright --duration 10s]
#
# Environment:
#   FIDELITY_TARGETS   which targets, in order (default: sockshop-real,boutique-real,sockshop-lookalike,boutique-lookalike)
#   FIDELITY_HOME      ~/.cache/resilience-suite/fidelity; results go to $FIDELITY_HOME/results/<UTC timestamp>/<target>/
# The real Online Boutique is started by scripts/fidelity/boutique/start.sh (and stopped by its stop.sh) when that
# script exists; otherwise that target is skipped with a message.
set -uo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$HERE/../.." && pwd)"
FIDELITY_HOME="${FIDELITY_HOME:-$HOME/.cache/resilience-suite/fidelity}"
export FIDELITY_HOME
TARGETS="${FIDELITY_TARGETS:-sockshop-real,boutique-real,sockshop-lookalike,boutique-lookalike}"
RESULTS="$FIDELITY_HOME/results/$(date -u +%Y%m%dT%H%M%SZ)"
mkdir -p "$RESULTS"
say() { echo "[run-all] $*" >&2; }
resilience() { node "$ROOT/bin/resilience.js" "$@"; }

STOP_CMD=""
cleanup() {
  if [[ -n "$STOP_CMD" ]]; then
    say "stopping: $STOP_CMD"
    eval "$STOP_CMD" >>"$RESULTS/stop.log" 2>&1 || true
    STOP_CMD=""
  fi
}
trap 'cleanup; exit 130' INT TERM
trap cleanup EXIT

[[ -f "$ROOT/dist/cli/main.js" ]] || { say "building the project (npm run build)"; (cd "$ROOT" && npm run build >&2) || exit 2; }

status=0
check() { # <app> <url> <label> [check.mjs options…]
  local app="$1" url="$2" label="$3"
  shift 3
  node "$HERE/check.mjs" --app "$app" --base-url "$url" --label "$label" --out "$RESULTS/$label" "$@" || status=1
}
url_of() { grep -Eo 'https?://[^[:space:]]+' | tail -1; }

for target in ${TARGETS//,/ }; do
  say "=== $target"
  case "$target" in
    sockshop-real)
      STOP_CMD="bash '$HERE/sockshop/stop.sh'"
      if url="$(bash "$HERE/sockshop/start.sh" 2>>"$RESULTS/$target-start.log" | url_of)" && [[ -n "$url" ]]; then
        check sockshop "$url" "$target" "$@"
      else
        say "the real Sock Shop did not start; see $RESULTS/$target-start.log"
        echo "$target: did not start (see $RESULTS/$target-start.log)" >"$RESULTS/$target.skipped"
        status=1
      fi
      cleanup
      ;;
    boutique-real)
      if [[ ! -f "$HERE/boutique/start.sh" ]]; then
        say "skipping the real Online Boutique: $HERE/boutique/start.sh does not exist (yet)"
        echo "$target: skipped, no scripts/fidelity/boutique/start.sh" >"$RESULTS/$target.skipped"
        continue
      fi
      [[ -f "$HERE/boutique/stop.sh" ]] && STOP_CMD="bash '$HERE/boutique/stop.sh'"
      if url="$(bash "$HERE/boutique/start.sh" 2>>"$RESULTS/$target-start.log" | url_of)" && [[ -n "$url" ]]; then
        check boutique "$url" "$target" "$@"
      else
        say "the real Online Boutique did not start; see $RESULTS/$target-start.log"
        echo "$target: did not start (see $RESULTS/$target-start.log)" >"$RESULTS/$target.skipped"
        status=1
      fi
      cleanup
      ;;
    sockshop-lookalike | boutique-lookalike)
      app="${target%-lookalike}"
      state="$FIDELITY_HOME/lookalike-$app/cluster"
      STOP_CMD="node '$ROOT/bin/resilience.js' cluster --state-dir '$state' down"
      if resilience cluster --state-dir "$state" up --app "$app" --detach >"$RESULTS/$target-start.log" 2>&1; then
        url="$(resilience cluster --state-dir "$state" status --json | node -e 'let s="";process.stdin.on("data",d=>s+=d).on("end",()=>console.log(JSON.parse(s).frontend))')"
        check "$app" "$url" "$target" "$@"
      else
        say "the look-alike $app did not start; see $RESULTS/$target-start.log"
        echo "$target: did not start (see $RESULTS/$target-start.log)" >"$RESULTS/$target.skipped"
        status=1
      fi
      cleanup
      ;;
    *)
      say "unknown target \"$target\" (known: sockshop-real, boutique-real, sockshop-lookalike, boutique-lookalike)"
      status=2
      ;;
  esac
done

{
  echo "Fidelity check $(basename "$RESULTS") — results in $RESULTS"
  for f in "$RESULTS"/*/summary.txt "$RESULTS"/*.skipped; do [[ -f "$f" ]] && cat "$f"; done
} | tee "$RESULTS/summary.txt"
exit "$status"
