#!/usr/bin/env bash
# Installs what the suite needs, idempotently, saying what it does: npm dependencies, the distribution packages of
# this platform (Debian or Ubuntu, when root; otherwise it prints the command; elsewhere what to install by hand), k6
# and the Kubernetes control plane (built from source once), the Chaos Mesh CRDs and k6-operator CRDs (generated once
# from their API types), and the TypeScript build.
#   bash scripts/bootstrap.sh          (npm start and npm test run it first)
# Set RESILIENCE_SKIP_APT=1 to skip the package step.
set -euo pipefail
cd "$(dirname "$0")/.."

say() { echo "[bootstrap] $*"; }

# 1. npm dependencies (npm ci when node_modules is missing or older than the lock file). First: the next step runs
#    TypeScript through tsx.
if [[ ! -d node_modules || ! -f node_modules/.package-lock.json || package-lock.json -nt node_modules/.package-lock.json ]]; then
  say "installing npm dependencies (npm ci)"
  npm ci --no-audit --no-fund --loglevel=error
else
  say "npm dependencies: up to date"
fi

# 2. Distribution packages, by platform (kit/platform/host-platform.ts): on Debian the browser and its driver come
#    from apt with Prometheus, Redis, stress-ng, Java for Allure, ffmpeg, wrk and etcd; on Ubuntu everything but the
#    browser (its chromium package is a snap: an installed Google Chrome and its chromedriver are used instead, as on
#    GitHub's runners); elsewhere it says what to install and what does not work there.
eval "$(npx --no-install tsx scripts/platform-plan.ts)"
declare -A probe=(
  [chromium]=/usr/bin/chromium
  [chromium-headless-shell]=/usr/lib/chromium/chromium-headless-shell
  [chromium-driver]=/usr/bin/chromedriver
  [prometheus]=/usr/bin/prometheus
  [stress-ng]=/usr/bin/stress-ng
  [redis-server]=/usr/bin/redis-server
  [openjdk-17-jre-headless]=java
  [ffmpeg]=/usr/bin/ffmpeg
  [wrk]=/usr/bin/wrk
  [etcd-server]=/usr/bin/etcd
)
missing=()
for pkg in $PLATFORM_PACKAGES; do
  command -v "${probe[$pkg]:-$pkg}" >/dev/null 2>&1 || missing+=("$pkg")
done
if [[ -z "$PLATFORM_PACKAGE_MANAGER" ]]; then
  say "no apt on this machine: install Prometheus, Redis, stress-ng, Java 17, ffmpeg, wrk and etcd yourself (doctor lists what is missing)"
elif [[ ${#missing[@]} -eq 0 ]]; then
  say "$PLATFORM_OS packages: all present"
elif [[ "${RESILIENCE_SKIP_APT:-0}" == "1" ]]; then
  say "$PLATFORM_OS packages missing (skipped by RESILIENCE_SKIP_APT): ${missing[*]}"
elif [[ $(id -u) -eq 0 ]]; then
  say "installing $PLATFORM_OS packages: ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq "${missing[@]}" >/dev/null
  # The prometheus and etcd packages start system services (:9090, :2379); the suite runs its own.
  if command -v systemctl >/dev/null 2>&1; then systemctl disable --now prometheus etcd >/dev/null 2>&1 || true; fi
  pkill -f /usr/bin/prometheus-node-exporter >/dev/null 2>&1 || true
  say "$PLATFORM_OS packages installed"
  # Look again: the browser and its driver found before the install were not there yet.
  eval "$(npx --no-install tsx scripts/platform-plan.ts 2>/dev/null)"
  say "browser: ${PLATFORM_BROWSER:-none found}; chromedriver: ${PLATFORM_CHROMEDRIVER:-none found}"
else
  say "missing $PLATFORM_OS packages: ${missing[*]}"
  say "install them with: sudo apt-get install -y ${missing[*]}"
fi
if [[ -z "$PLATFORM_BROWSER" || -z "$PLATFORM_CHROMEDRIVER" ]]; then
  say "no browser and matching chromedriver found: $PLATFORM_BROWSER_FIX"
fi

# 3. k6, built from source through the Go module proxy when none is found (K6_BIN, PATH, cache, GOPATH/bin).
k6_found=""
for candidate in "${K6_BIN:-}" "$(command -v k6 || true)" "${RESILIENCE_CACHE_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/resilience-suite}/k6/v2.2.0/k6" "$(go env GOPATH 2>/dev/null || echo "$HOME/go")/bin/k6"; do
  if [[ -n "$candidate" && -x "$candidate" ]] && "$candidate" version 2>/dev/null | grep -q "k6 v2"; then k6_found="$candidate"; break; fi
done
if [[ -n "$k6_found" ]]; then
  say "k6: $k6_found"
else
  say "k6 not found: building k6 v2.2.0 from source (a few minutes on the first run)"
  bash scripts/build-k6.sh >/dev/null
fi

# 4. The Kubernetes control plane (kube-apiserver, kube-controller-manager, kube-scheduler, kwok), built from source
#    through the Go module proxy when missing, and the Chaos Mesh and k6-operator CRDs generated from their API types.
if out="$(KUBE_BUILD_CHECK_ONLY=1 bash scripts/build-kube.sh 2>/dev/null)"; then
  say "Kubernetes control plane: $out"
else
  say "Kubernetes control plane not built yet: building kube-apiserver, kube-controller-manager, kube-scheduler v1.37.2 and kwok v0.8.0 from source (about 8 minutes and 3 GB of memory, once)"
  bash scripts/build-kube.sh >/dev/null
fi
if out="$(CRD_GENERATE_CHECK_ONLY=1 bash scripts/generate-crds.sh 2>/dev/null)"; then
  say "CRDs (Chaos Mesh, k6-operator): $(echo $out)"
else
  say "CRDs not generated yet: generating Chaos Mesh's and k6-operator's with controller-gen from their API types (a minute or two, once)"
  bash scripts/generate-crds.sh >/dev/null
fi

# 5. Compile the TypeScript (incremental: fast when nothing changed).
say "building TypeScript (tsc)"
npx tsc -p tsconfig.json
say "ready"
