#!/usr/bin/env bash
# Durable registrations of distinct schemas per second across three `stele serve` instances
# sharing one PostgreSQL database (a throwaway server on loopback, fsync and synchronous_commit
# on): one wrk per instance at once, every answer given only after its commit is durable.
# Afterwards every instance must list the same number of versions.
# Usage: Benchmarks/registrations-postgres.sh [SECONDS] [CONNECTIONS PER INSTANCE]
source "$(dirname "$0")/common.sh"
SECONDS_PER=${1:-10}; CONNECTIONS=${2:-32}
need wrk wrk; need curl curl
stele_binary
chmod 755 "$WORK"
URL=$("$ROOT/scripts/postgres" start "$WORK/pg" 54339)
trap '"$ROOT/scripts/postgres" stop "$WORK/pg" 2>/dev/null || true; cleanup' EXIT
for i in 0 1 2; do
  port=$((18300 + i))
  "$STELE" serve --port $port --storage "$URL" >"$WORK/stele-$i.log" 2>&1 &
  PIDS+=($!)
  for _ in $(seq 100); do curl -sf "http://127.0.0.1:$port/health/live" >/dev/null && break; sleep 0.1; done
done
curl -sf -X PUT -H 'Content-Type: application/json' -d '{"compatibility":"NONE"}' http://127.0.0.1:18300/config >/dev/null
loads=()
for i in 0 1 2; do
  REG_PREFIX=$((i + 1)) wrk -t1 -c"$CONNECTIONS" -d"${SECONDS_PER}s" -s "$ROOT/Benchmarks/register.lua" "http://127.0.0.1:$((18300 + i))" > "$WORK/wrk-$i.out" 2>&1 &
  loads+=($!)
done
wait "${loads[@]}"
total=0
for i in 0 1 2; do
  grep -q 'Non-2xx' "$WORK/wrk-$i.out" && { echo "registrations failed on instance $i:"; cat "$WORK/wrk-$i.out"; exit 1; }
  total=$((total + $(rate "$WORK/wrk-$i.out")))
done
sleep 1.5
counts=""
for i in 0 1 2; do
  n=0
  for s in $(seq 0 7); do
    v=$(curl -sf "http://127.0.0.1:$((18300 + i))/subjects/reg-$s/versions" | python3 -c 'import json,sys; print(len(json.load(sys.stdin)))')
    n=$((n + v))
  done
  counts="$counts $n"
done
echo "3 instances × wrk -t1 -c$CONNECTIONS -d${SECONDS_PER}s: $total registrations/s acknowledged in all; versions listed by each instance:$counts"
