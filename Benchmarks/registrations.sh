#!/usr/bin/env bash
# Durable registrations of distinct schemas per second: `stele serve` on a SQLite file
# (WAL, synchronous=FULL), every answer given only after its registration is on disk.
# The server's default level (BACKWARD) applies: each registration is checked against the
# subject's latest version. Afterwards the registry is restarted and every version counted.
# Usage: Benchmarks/registrations.sh [SECONDS] [CONNECTIONS]
source "$(dirname "$0")/common.sh"
SECONDS_PER=${1:-10}; CONNECTIONS=${2:-16}
need wrk wrk; need curl curl
stele_binary

start_stele 18282 "$WORK/registrations.db"
wrk -t2 -c"$CONNECTIONS" -d"${SECONDS_PER}s" -s "$ROOT/Benchmarks/register.lua" http://127.0.0.1:18282 > "$WORK/wrk.out" 2>&1
grep -q 'Non-2xx' "$WORK/wrk.out" && { echo "registrations failed:"; cat "$WORK/wrk.out"; exit 1; }
kill "${PIDS[0]}"; wait "${PIDS[0]}" 2>/dev/null || true; PIDS=()
start_stele 18282 "$WORK/registrations.db"
stored=0
for s in $(seq 0 7); do
  n=$(curl -sf "http://127.0.0.1:18282/subjects/reg-$s/versions" | python3 -c 'import json,sys; print(len(json.load(sys.stdin)))')
  stored=$((stored + n))
done
echo "wrk -t2 -c$CONNECTIONS -d${SECONDS_PER}s: $(rate "$WORK/wrk.out") registrations/s acknowledged; $stored versions found after a restart"
