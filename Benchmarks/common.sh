# Shared by the registry benchmarks: tools, the release binary, a server on a temporary file.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
WORK="$(mktemp -d /tmp/stele-bench.XXXXXX)"
chmod 755 "$WORK"   # nginx workers (www-data) read the body from here
PIDS=()
cleanup() { for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null || true; done; wait 2>/dev/null || true; rm -rf "$WORK"; }
trap cleanup EXIT

need() { # need TOOL PACKAGE: install a Debian package when a tool is missing
  command -v "$1" >/dev/null 2>&1 && return
  SUDO=""; [ "$(id -u)" = 0 ] || SUDO=sudo
  $SUDO apt-get install -y -q "$2" >/dev/null 2>&1 || { $SUDO apt-get update -qq && $SUDO apt-get install -y -q "$2" >/dev/null; }
}

# STELE: the binary under test (release build unless STELE is set).
stele_binary() {
  if [ -z "${STELE:-}" ]; then
    (cd "$ROOT" && swift build -c release --product stele >/dev/null)
    STELE="$ROOT/.build/release/stele"
  fi
}

# start_stele PORT DATA [OPTIONS...]: runs `stele serve` in the background and waits until it answers.
start_stele() {
  local port=$1 data=$2; shift 2
  "$STELE" serve --port "$port" --data "$data" "$@" >"$WORK/stele.log" 2>&1 &
  PIDS+=($!)
  for _ in $(seq 100); do curl -sf "http://127.0.0.1:$port/health/live" >/dev/null && return; sleep 0.1; done
  echo "stele serve did not start:"; cat "$WORK/stele.log"; exit 1
}

# rate FILE: wrk's requests/second from its output.
rate() { awk '/^Requests\/sec/ { printf "%d", $2 }' "$1"; }
