# The paths start.sh and stop.sh share (sourced by both).
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$HERE/../../.." && pwd)"
FIDELITY_HOME="${FIDELITY_HOME:-$HOME/.cache/resilience-suite/fidelity}"
HOME_DIR="${SOCKSHOP_REAL_HOME:-$FIDELITY_HOME/sockshop-real}"
STATE_DIR="$HOME_DIR/cluster"
RUN_DIR="$HOME_DIR/run"
