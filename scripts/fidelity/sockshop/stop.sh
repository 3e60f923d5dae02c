#!/usr/bin/env bash
# Stop what scripts/fidelity/sockshop/start.sh started: the real front-end, the service proxy, the embedded cluster.
set -uo pipefail

source "$(dirname "${BASH_SOURCE[0]}")/common.sh"

for name in front-end service-proxy; do
  pidfile="$RUN_DIR/$name.pid"
  [[ -f "$pidfile" ]] || continue
  pid="$(cat "$pidfile")"
  if kill -0 "$pid" 2>/dev/null; then
    kill -TERM "$pid" 2>/dev/null
    for _ in $(seq 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    kill -0 "$pid" 2>/dev/null && kill -KILL "$pid" 2>/dev/null
    echo "[sockshop-real] stopped $name (pid $pid)" >&2
  fi
  rm -f "$pidfile"
done
rm -f "$RUN_DIR/url"
if [[ -f "$ROOT/dist/cli/main.js" ]]; then
  node "$ROOT/bin/resilience.js" cluster --state-dir "$STATE_DIR" down >&2
fi
