#!/usr/bin/env bash
# `GET /schemas/ids/{id}` while a registration storm runs: reads' throughput and p99 latency
# idle, then with registrations of distinct schemas arriving on other connections at the same
# time (SQLite, every registration durable before its answer). Reads answer from the published
# snapshot and never wait for the writer; on this 2-core machine both loads share the CPU.
# Usage: Benchmarks/reads-during-registrations.sh [SECONDS] [READ CONNECTIONS] [WRITE CONNECTIONS]
source "$(dirname "$0")/common.sh"
SECONDS_PER=${1:-8}; READERS=${2:-16}; WRITERS=${3:-16}
need wrk wrk; need curl curl
stele_binary
start_stele 18284 "$WORK/reads.db"
curl -sf -X POST -H 'Content-Type: application/vnd.schemaregistry.v1+json' \
  -d '{"schema":"{\"type\":\"record\",\"name\":\"Ride\",\"fields\":[{\"name\":\"id\",\"type\":\"string\"}]}"}' \
  http://127.0.0.1:18284/subjects/rides-value/versions >/dev/null
p99() { awk '/^ +99%/ { print $2 }' "$1"; }
wrk -t1 -c"$READERS" -d"${SECONDS_PER}s" --latency http://127.0.0.1:18284/schemas/ids/1 > "$WORK/idle.out" 2>&1
wrk -t1 -c"$WRITERS" -d"$((SECONDS_PER + 2))s" -s "$ROOT/Benchmarks/register.lua" http://127.0.0.1:18284 > "$WORK/storm.out" 2>&1 &
storm=$!
sleep 1
wrk -t1 -c"$READERS" -d"${SECONDS_PER}s" --latency http://127.0.0.1:18284/schemas/ids/1 > "$WORK/busy.out" 2>&1
wait $storm
idle=$(rate "$WORK/idle.out"); busy=$(rate "$WORK/busy.out")
echo "reads idle: $idle/s (p99 $(p99 "$WORK/idle.out")); during $(rate "$WORK/storm.out") registrations/s: $busy/s (p99 $(p99 "$WORK/busy.out")), $(( busy * 100 / idle ))% of idle"
