#!/usr/bin/env bash
# Starts the REAL Online Boutique (built by build.sh, which this runs first) as plain processes on 127.0.0.1
# and prints the frontend URL on stdout once the home page answers 200. Not part of `npm test`.
#
#   bash scripts/fidelity/boutique/start.sh            # → http://127.0.0.1:<port>/
#   bash scripts/fidelity/boutique/stop.sh
#
# env: OB_SRC (checkout; default: HEAD of the mirror extracted to ~/.cache/resilience-suite/fidelity/ob-src)
#      OB_FRONTEND_PORT (default: a free port), OB_SKIP_ADSERVICE=1 (no adservice: the frontend shows no ad),
#      OB_ISOLATE_DNS=0 (see below), OB_READY_TIMEOUT (s, default 120), OB_RUN (state dir, default …/fidelity/ob-run)
# State: $OB_RUN/{pids/<svc>.pid, logs/<svc>.log, ports.env, frontend.url}
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"

if [[ -f "$OB_RUN/frontend.url" ]] && bash "$OB_HERE/stop.sh" --check >/dev/null 2>&1; then
  ob_die "Online Boutique already running at $(cat "$OB_RUN/frontend.url") (stop it with scripts/fidelity/boutique/stop.sh)"
fi
bash "$OB_HERE/stop.sh" >/dev/null 2>&1 || true

T_BUILD0=$(date +%s)
bash "$OB_HERE/build.sh" >&2
ob_resolve_src
T_START0=$(date +%s)

mkdir -p "$OB_RUN/pids" "$OB_RUN/logs"
rm -f "$OB_RUN"/pids/*.pid "$OB_RUN/frontend.url"

# ---- ports: free ones on 127.0.0.1 (the frontend's may be fixed with OB_FRONTEND_PORT) ----
SERVICES=(productcatalogservice currencyservice cartservice recommendationservice shippingservice
  paymentservice emailservice checkoutservice adservice spare1 spare2)
read -r -a FREE < <(python3 -c '
import socket, sys
socks = []
for _ in range(int(sys.argv[1])):
    s = socket.socket(); s.bind(("127.0.0.1", 0)); socks.append(s)
print(" ".join(str(s.getsockname()[1]) for s in socks))
' $((${#SERVICES[@]} + 1)))
declare -A P
i=0
for s in "${SERVICES[@]}"; do P[$s]=${FREE[$i]}; i=$((i + 1)); done
P[frontend]=${OB_FRONTEND_PORT:-${FREE[$i]}}
A() { echo "127.0.0.1:${P[$1]}"; }
# nothing listens on these two: the assistant address the frontend insists on, and a collector address
NOWHERE_ASSISTANT=$(A spare1)
NOWHERE_COLLECTOR=$(A spare2)
{
  for s in frontend "${SERVICES[@]}"; do echo "OB_PORT_${s^^}=${P[$s]}"; done
  echo "OB_COMMIT=$OB_COMMIT"
  echo "OB_SRC=$OB_SRC"
} >"$OB_RUN/ports.env"

# ---- no exporter, profiler or metadata server may reach the network ----
export DISABLE_PROFILER=1 DISABLE_TRACING=1 DISABLE_STATS=1 ENABLE_TRACING=0 ENABLE_PROFILER=0
export COLLECTOR_SERVICE_ADDR="$NOWHERE_COLLECTOR"
# the frontend's deployment-details lookup (cloud.google.com/go/compute/metadata) would go to 169.254.169.254
export GCE_METADATA_HOST="$NOWHERE_COLLECTOR"
export PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1

# The frontend resolves "metadata.google.internal." on every home page (GCP auto-detection). To keep that DNS
# query off the machine's resolver, the frontend runs in a private mount namespace where /etc/resolv.conf
# names 127.0.0.1 (nothing answers: lookup fails fast, platform stays "local" exactly as on a non-GCP cluster).
# Needs root + util-linux unshare; OB_ISOLATE_DNS=0 turns it off.
RESOLV_LOCAL="$OB_RUN/resolv.conf"
printf 'nameserver 127.0.0.1\noptions timeout:1 attempts:1\n' >"$RESOLV_LOCAL"
DNS_WRAP=()
if [[ "${OB_ISOLATE_DNS:-1}" == 1 ]]; then
  if [[ $(id -u) == 0 ]] && unshare -m --propagation private sh -c "mount --bind '$RESOLV_LOCAL' /etc/resolv.conf" 2>/dev/null; then
    DNS_WRAP=(unshare -m --propagation private sh -c "mount --bind '$RESOLV_LOCAL' /etc/resolv.conf && exec \"\$0\" \"\$@\"")
  else
    ob_log "warning: cannot isolate the frontend's DNS (not root or no unshare): it will ask the system resolver for metadata.google.internal on each home page"
  fi
fi

launch() { # launch <svc> <cwd> <cmd…>   (env for the service is exported by the caller in a subshell)
  local svc="$1" dir="$2"
  shift 2
  (
    cd "$dir"
    exec setsid "$@" >>"$OB_RUN/logs/$svc.log" 2>&1 </dev/null
  ) &
  echo $! >"$OB_RUN/pids/$svc.pid"
}

wait_port() { # wait_port <svc> <port> <deadline>
  local svc="$1" port="$2" deadline="$3" pid
  pid="$(cat "$OB_RUN/pids/$svc.pid")"
  until (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; do
    if ! kill -0 "$pid" 2>/dev/null; then
      tail -n 20 "$OB_RUN/logs/$svc.log" >&2
      ob_die "$svc exited before listening on $port (log: $OB_RUN/logs/$svc.log)"
    fi
    if (($(date +%s) > deadline)); then
      tail -n 20 "$OB_RUN/logs/$svc.log" >&2
      ob_die "$svc not listening on $port after ${OB_READY_TIMEOUT:-120}s"
    fi
    sleep 0.2
  done
}

for f in "$OB_RUN"/logs/*.log; do [[ -e "$f" ]] && mv "$f" "$f.prev"; done

B="$OB_BUILD"
S="$OB_SRC/src"
(export PORT=${P[productcatalogservice]}; launch productcatalogservice "$S/productcatalogservice" "$B/bin/productcatalogservice")
(export PORT=${P[currencyservice]}; launch currencyservice "$B/node/currencyservice" node server.js)
(export PORT=${P[paymentservice]}; launch paymentservice "$B/node/paymentservice" node index.js)
(export PORT=${P[cartservice]} OB_SRC CART_DEPS_DIR="$B/cart" LISTEN_ADDR=127.0.0.1
  launch cartservice "$B/cart" node "$OB_HERE/cartservice.mjs")
(export PORT=${P[shippingservice]}; launch shippingservice "$S/shippingservice" "$B/bin/shippingservice")
(export PORT=${P[emailservice]}; launch emailservice "$S/emailservice" "$B/py/emailservice/bin/python" email_server.py)
(export PORT=${P[recommendationservice]} PRODUCT_CATALOG_SERVICE_ADDR=$(A productcatalogservice)
  launch recommendationservice "$S/recommendationservice" "$B/py/recommendationservice/bin/python" recommendation_server.py)
if [[ "${OB_SKIP_ADSERVICE:-0}" != 1 ]]; then
  (export PORT=${P[adservice]}
    launch adservice "$B/adservice" java -Xms64m -Xmx256m -XX:+UseSerialGC -XX:TieredStopAtLevel=1 \
      -cp "$B/adservice/target/classes:$B/adservice/target/lib/*" hipstershop.AdService)
fi
(export PORT=${P[checkoutservice]} PRODUCT_CATALOG_SERVICE_ADDR=$(A productcatalogservice)
  export SHIPPING_SERVICE_ADDR=$(A shippingservice) PAYMENT_SERVICE_ADDR=$(A paymentservice)
  export EMAIL_SERVICE_ADDR=$(A emailservice) CURRENCY_SERVICE_ADDR=$(A currencyservice) CART_SERVICE_ADDR=$(A cartservice)
  launch checkoutservice "$S/checkoutservice" "$B/bin/checkoutservice")

DEADLINE=$(($(date +%s) + ${OB_READY_TIMEOUT:-120}))
for s in productcatalogservice currencyservice paymentservice cartservice shippingservice emailservice \
  recommendationservice checkoutservice; do
  wait_port "$s" "${P[$s]}" "$DEADLINE"
done
[[ "${OB_SKIP_ADSERVICE:-0}" == 1 ]] || wait_port adservice "${P[adservice]}" "$DEADLINE"

(export PORT=${P[frontend]} LISTEN_ADDR=127.0.0.1
  export PRODUCT_CATALOG_SERVICE_ADDR=$(A productcatalogservice) CURRENCY_SERVICE_ADDR=$(A currencyservice)
  export CART_SERVICE_ADDR=$(A cartservice) RECOMMENDATION_SERVICE_ADDR=$(A recommendationservice)
  export SHIPPING_SERVICE_ADDR=$(A shippingservice) CHECKOUT_SERVICE_ADDR=$(A checkoutservice)
  export AD_SERVICE_ADDR=$(A adservice) SHOPPING_ASSISTANT_SERVICE_ADDR=$NOWHERE_ASSISTANT
  launch frontend "$S/frontend" "${DNS_WRAP[@]}" "$B/bin/frontend")
wait_port frontend "${P[frontend]}" "$DEADLINE"

URL="http://127.0.0.1:${P[frontend]}/"
until [[ "$(curl -s -o /dev/null -w '%{http_code}' --max-time 5 "$URL")" == 200 ]]; do
  if (($(date +%s) > DEADLINE)); then
    tail -n 20 "$OB_RUN/logs/frontend.log" >&2
    ob_die "home page $URL did not answer 200 in time"
  fi
  sleep 0.3
done
T_READY=$(date +%s)
echo "$URL" >"$OB_RUN/frontend.url"
ob_log "Online Boutique $OB_COMMIT ready: build/check $((T_START0 - T_BUILD0))s, start→ready $((T_READY - T_START0))s; logs in $OB_RUN/logs"
echo "$URL"
