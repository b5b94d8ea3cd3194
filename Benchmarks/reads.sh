#!/usr/bin/env bash
# GET /schemas/ids/{id}: `stele serve` against nginx serving the same body from a file, in the
# same run, rounds interleaved; and the same stele with an auth file (basic auth, a user
# allowed to read every subject: the router, the credential cache and the permission check
# instead of the event-loop fast path). Usage: Benchmarks/reads.sh [ROUNDS] [SECONDS] [CONNECTIONS]
source "$(dirname "$0")/common.sh"
ROUNDS=${1:-3}; SECONDS_PER=${2:-10}; CONNECTIONS=${3:-64}
need wrk wrk; need nginx nginx-light; need curl curl
stele_binary

start_stele 18281 "$WORK/reads.db"
python3 - "$ROOT/Benchmarks/ride.avsc" > "$WORK/register.json" <<'PY'
import json, sys; print(json.dumps({"schema": open(sys.argv[1]).read()}))
PY
curl -sf -X POST -H 'Content-Type: application/vnd.schemaregistry.v1+json' \
  --data @"$WORK/register.json" http://127.0.0.1:18281/subjects/ride-value/versions >/dev/null
# A second stele with authentication on, holding the same schema (as id 1).
printf 'bench-secret\n' | "$STELE" passwd reader > "$WORK/user.json"
printf '{"users": [%s], "permissions": [{"username": "reader", "operation": "Write", "resource": "Subject:.*"}]}' "$(cat "$WORK/user.json")" > "$WORK/auth.json"
start_stele 18282 "$WORK/reads-auth.db" --auth-file "$WORK/auth.json"
AUTH_HEADER="Authorization: Basic $(printf 'reader:bench-secret' | base64)"
curl -sf -X POST -H 'Content-Type: application/vnd.schemaregistry.v1+json' -H "$AUTH_HEADER" \
  --data @"$WORK/register.json" http://127.0.0.1:18282/subjects/ride-value/versions >/dev/null
mkdir -p "$WORK/www/schemas/ids"
curl -sf http://127.0.0.1:18281/schemas/ids/1 > "$WORK/www/schemas/ids/1"

cat > "$WORK/nginx.conf" <<CONF
worker_processes 2;
pid $WORK/nginx.pid;
error_log $WORK/nginx-error.log;
events { worker_connections 4096; }
http {
  access_log off;
  server { listen 127.0.0.1:18291; root $WORK/www; default_type application/vnd.schemaregistry.v1+json; }
}
CONF
nginx -c "$WORK/nginx.conf" -p "$WORK"
trap 'kill $(cat "$WORK/nginx.pid") 2>/dev/null || true; cleanup' EXIT
for _ in $(seq 50); do curl -sf http://127.0.0.1:18291/schemas/ids/1 >/dev/null && break; sleep 0.1; done
cmp <(curl -s http://127.0.0.1:18281/schemas/ids/1) <(curl -s http://127.0.0.1:18291/schemas/ids/1)
cmp <(curl -s -H "$AUTH_HEADER" http://127.0.0.1:18282/schemas/ids/1) <(curl -s http://127.0.0.1:18291/schemas/ids/1)
echo "body: $(wc -c < "$WORK/www/schemas/ids/1") bytes; wrk -t2 -c$CONNECTIONS -d${SECONDS_PER}s, $ROUNDS rounds interleaved"

for r in $(seq "$ROUNDS"); do
  for who in stele auth nginx; do
    port=18281; header=()
    [ $who = nginx ] && port=18291
    [ $who = auth ] && { port=18282; header=(-H "$AUTH_HEADER"); }
    wrk -t2 -c"$CONNECTIONS" -d"${SECONDS_PER}s" "${header[@]}" "http://127.0.0.1:$port/schemas/ids/1" > "$WORK/$who.$r" 2>&1
    grep -q 'Non-2xx' "$WORK/$who.$r" && { echo "$who answered errors:"; cat "$WORK/$who.$r"; exit 1; }
    eval "${who}_$r=$(rate "$WORK/$who.$r")"
  done
  s=$(eval echo \$stele_$r); a=$(eval echo \$auth_$r); n=$(eval echo \$nginx_$r)
  echo "round $r: stele $s req/s, stele with basic auth $a req/s ($(awk -v s="$s" -v a="$a" 'BEGIN { printf "%.2f", a / s }')× of no auth), nginx $n req/s, ratio $(awk -v s="$s" -v n="$n" 'BEGIN { printf "%.2f", s / n }')"
done
