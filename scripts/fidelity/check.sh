#!/usr/bin/env bash
# The fidelity check against one shop: every browser journey (Playwright, Selenium, all profiles) and its k6 scripts.
#   scripts/fidelity/check.sh <boutique|sockshop> <BASE_URL> [more options of check.mjs, e.g. --label sockshop-real]
# Exit 0 when everything passed, 1 otherwise, 2 on a usage error or an unreachable shop. See scripts/fidelity/README.md.
set -euo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
if [[ $# -lt 2 ]]; then
  echo "usage: $0 <boutique|sockshop> <BASE_URL> [--label NAME] [--out DIR] [--only playwright,selenium,k6] [--duration 20s]" >&2
  exit 2
fi
app="$1" url="$2"
shift 2
exec node "$HERE/check.mjs" --app "$app" --base-url "$url" "$@"
