#!/usr/bin/env bash
# Stops every process that start.sh started (pid files in $OB_RUN/pids; each service runs in its own session,
# so its whole process group gets SIGTERM, then SIGKILL after 10 s). `stop.sh --check` only tells (exit 0) whether
# any of them is still alive. Not part of `npm test`.
set -uo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"
shopt -s nullglob
PIDS=("$OB_RUN"/pids/*.pid)

alive() { kill -0 "$1" 2>/dev/null; }

if [[ "${1:-}" == --check ]]; then
  for f in "${PIDS[@]}"; do alive "$(cat "$f")" && exit 0; done
  exit 1
fi

live=()
for f in "${PIDS[@]}"; do
  pid="$(cat "$f")"
  if [[ "$pid" =~ ^[0-9]+$ ]] && alive "$pid"; then
    kill -TERM -- "-$pid" 2>/dev/null || kill -TERM "$pid" 2>/dev/null
    live+=("$pid")
  fi
done
deadline=$(($(date +%s) + 10))
for pid in "${live[@]}"; do
  while alive "$pid" && (($(date +%s) < deadline)); do sleep 0.2; done
  if alive "$pid"; then
    kill -KILL -- "-$pid" 2>/dev/null || kill -KILL "$pid" 2>/dev/null
  fi
done
rm -f "$OB_RUN"/pids/*.pid "$OB_RUN/frontend.url"
ob_log "stopped ${#live[@]} Online Boutique process(es)"
