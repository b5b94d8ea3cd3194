#!/usr/bin/env bash
# Start-up with 100,000 schema versions: how long after `stele serve` starts it answers.
# Usage: Benchmarks/startup.sh [VERSIONS] [ROUNDS]
source "$(dirname "$0")/common.sh"
need curl curl
stele_binary
python3 "$ROOT/Benchmarks/startup.py" "$STELE" "$WORK" "${1:-100000}" "${2:-3}"
