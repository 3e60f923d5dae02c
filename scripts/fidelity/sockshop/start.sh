#!/usr/bin/env bash
# Start the REAL Sock Shop front-end (microservices-demo/front-end, node server.js) on 127.0.0.1, with the project's
# embedded Sock Shop cluster as its backends. Prints the front-end's URL as the last line once it answers.
#
#   scripts/fidelity/sockshop/start.sh            # then: scripts/fidelity/sockshop/stop.sh
#
# Environment:
#   SOCKSHOP_FRONTEND_SRC   a checkout of the front-end (default: extracted from the mirrored repo into
#                           $FIDELITY_HOME/sockshop-front-end-src on first use)
#   SOCKSHOP_FRONTEND_REPO  the bare git dir to extract from (/work/.mirror/microservices-demo+front-end/repo)
#   FIDELITY_HOME           ~/.cache/resilience-suite/fidelity
#   SOCKSHOP_REAL_HOME      where the cluster state, pids, logs and the URL file live ($FIDELITY_HOME/sockshop-real)
#   SOCKSHOP_PORT           the front-end's port (default: a free one)
#   SOCKSHOP_SESSION_REDIS  1 (default): sessions in the cluster's session-db as in the real deployment
#                           (SESSION_REDIS=true); 0: the front-end's in-memory session store
#
# How the front-end reaches our services without /etc/hosts or a patch: it calls http://catalogue, http://carts/carts,
# http://orders, http://user/... with the `request` library, which honours HTTP_PROXY; service-proxy.mjs (loopback)
# forwards each such call to the mesh's listener of that service. Its Redis session store connects to
# session-db:6379; session-db-preload.cjs (NODE_OPTIONS=--require) points that one connection at the cluster's
# session-db listener.
set -euo pipefail

source "$(dirname "${BASH_SOURCE[0]}")/common.sh"
REPO="${SOCKSHOP_FRONTEND_REPO:-/work/.mirror/microservices-demo+front-end/repo}"
SRC="${SOCKSHOP_FRONTEND_SRC:-$FIDELITY_HOME/sockshop-front-end-src}"
SESSION_REDIS="${SOCKSHOP_SESSION_REDIS:-1}"

say() { echo "[sockshop-real] $*" >&2; }
die() { say "ERROR: $*"; exit 1; }
alive() { [[ -f "$1" ]] && kill -0 "$(cat "$1")" 2>/dev/null; }
resilience() { node "$ROOT/bin/resilience.js" "$@"; }

mkdir -p "$RUN_DIR"

if alive "$RUN_DIR/front-end.pid" && [[ -f "$RUN_DIR/url" ]] && curl -fsS -o /dev/null --max-time 5 "$(cat "$RUN_DIR/url")/"; then
  say "already running (pid $(cat "$RUN_DIR/front-end.pid"))"
  cat "$RUN_DIR/url"
  exit 0
fi

# 1. The front-end's source: extract the mirrored HEAD blob by blob (the mirror lacks a few large images; those are
#    skipped and listed, the pages then show a broken image there).
if [[ ! -f "$SRC/server.js" ]]; then
  [[ -n "${SOCKSHOP_FRONTEND_SRC:-}" ]] && die "SOCKSHOP_FRONTEND_SRC=$SRC has no server.js"
  [[ -d "$REPO" ]] || die "no front-end source: set SOCKSHOP_FRONTEND_SRC or provide the bare repo $REPO"
  say "extracting $(git --git-dir="$REPO" rev-parse --short HEAD) of $REPO into $SRC"
  rm -rf "$SRC.tmp" && mkdir -p "$SRC.tmp"
  missing=()
  while IFS= read -r -d '' entry; do
    meta="${entry%%$'\t'*}"; file="${entry#*$'\t'}"
    read -r mode type sha <<<"$meta"
    [[ "$type" == blob ]] || continue
    mkdir -p "$SRC.tmp/$(dirname "$file")"
    if git --git-dir="$REPO" cat-file blob "$sha" >"$SRC.tmp/$file" 2>/dev/null; then
      [[ "$mode" == 100755 ]] && chmod +x "$SRC.tmp/$file"
    else
      rm -f "$SRC.tmp/$file"; missing+=("$file")
    fi
  done < <(git --git-dir="$REPO" ls-tree -r -z HEAD)
  ((${#missing[@]})) && say "not in the mirror (skipped): ${missing[*]}"
  git --git-dir="$REPO" rev-parse HEAD >"$SRC.tmp/.fidelity-commit"
  rm -rf "$SRC" && mv "$SRC.tmp" "$SRC"
fi

# 2. Its dependencies (npm reads the project's yarn.lock, so the versions are the ones its image was built with).
if [[ ! -d "$SRC/node_modules/express" ]]; then
  say "npm install in $SRC"
  (cd "$SRC" && npm install --omit=dev --no-audit --no-fund --loglevel=error >&2)
fi

# 3. Our embedded Sock Shop for the backends.
[[ -f "$ROOT/dist/cli/main.js" ]] || { say "building the project (npm run build)"; (cd "$ROOT" && npm run build >&2); }
if ! resilience cluster --state-dir "$STATE_DIR" status --json >/dev/null 2>&1; then
  say "starting the embedded Sock Shop backends (state dir $STATE_DIR)"
  resilience cluster --state-dir "$STATE_DIR" up --app sockshop --detach >"$RUN_DIR/cluster-up.log" 2>&1 \
    || { cat "$RUN_DIR/cluster-up.log" >&2; die "cluster up failed"; }
fi
app="$(resilience cluster --state-dir "$STATE_DIR" status --json | node -e 'let s="";process.stdin.on("data",d=>s+=d).on("end",()=>console.log(JSON.parse(s).app))')"
[[ "$app" == sockshop ]] || die "the cluster in $STATE_DIR runs app \"$app\", not sockshop"

# 4. The loopback forward proxy to the mesh's service listeners.
if ! alive "$RUN_DIR/service-proxy.pid"; then
  rm -f "$RUN_DIR/service-proxy.port"
  nohup node "$HERE/service-proxy.mjs" --state-dir "$STATE_DIR" --port 0 --port-file "$RUN_DIR/service-proxy.port" \
    >"$RUN_DIR/service-proxy.log" 2>&1 &
  echo $! >"$RUN_DIR/service-proxy.pid"
  for _ in $(seq 50); do [[ -s "$RUN_DIR/service-proxy.port" ]] && break; sleep 0.1; done
  [[ -s "$RUN_DIR/service-proxy.port" ]] || { cat "$RUN_DIR/service-proxy.log" >&2; die "service-proxy did not start"; }
fi
PROXY="http://127.0.0.1:$(cat "$RUN_DIR/service-proxy.port")"

# 5. The real front-end.
PORT="${SOCKSHOP_PORT:-0}"
if [[ "$PORT" == 0 ]]; then
  PORT="$(node -e 'const s=require("net").createServer().listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close()})')"
fi
env_args=(NODE_ENV=production PORT="$PORT" HTTP_PROXY="$PROXY" http_proxy="$PROXY" NO_PROXY="localhost,127.0.0.1" no_proxy="localhost,127.0.0.1")
if [[ "$SESSION_REDIS" == 1 ]]; then
  session_port="$(curl -fsS "$(node -e 'console.log(JSON.parse(require("fs").readFileSync(process.argv[1],"utf8")).mesh.control)' "$STATE_DIR/state.json")/v1/config" \
    | node -e 'let s="";process.stdin.on("data",d=>s+=d).on("end",()=>console.log(JSON.parse(s).services.find(x=>x.name==="session-db").listenPort))')"
  env_args+=(SESSION_REDIS=true SOCKSHOP_SESSION_DB_PORT="$session_port" NODE_OPTIONS="--require $HERE/session-db-preload.cjs")
fi
say "starting the real front-end ($SRC) on 127.0.0.1:$PORT (backends through $PROXY, sessions: $([[ "$SESSION_REDIS" == 1 ]] && echo session-db || echo memory))"
# server.js listens on all interfaces (app.listen(PORT)); only 127.0.0.1 is used here and the machine has no other
# network to reach it from.
# exec: the recorded pid is the node process itself (nohup and env exec too), so stop.sh stops the right one.
(cd "$SRC" && exec nohup env "${env_args[@]}" node server.js >"$RUN_DIR/front-end.log" 2>&1) &
echo $! >"$RUN_DIR/front-end.pid"
URL="http://127.0.0.1:$PORT"
for _ in $(seq 100); do
  if curl -fs -o /dev/null --max-time 2 "$URL/" && curl -fs -o /dev/null --max-time 5 "$URL/catalogue"; then
    echo "$URL" >"$RUN_DIR/url"
    say "the real Sock Shop front-end answers at $URL (log $RUN_DIR/front-end.log)"
    echo "$URL"
    exit 0
  fi
  alive "$RUN_DIR/front-end.pid" || { tail -20 "$RUN_DIR/front-end.log" >&2; die "the front-end exited"; }
  sleep 0.2
done
tail -20 "$RUN_DIR/front-end.log" >&2
die "the front-end did not answer at $URL within 20 s"
