#!/usr/bin/env bash
# Foundation load benchmark: /healthz and an authenticated JSON read of doithoai, against
# nginx serving the same JSON bytes from a file, measured in the same run on this machine.
#
#   bench/http.sh            (make bench runs it)
#
# Environment: BENCH_RUNS=3 BENCH_DURATION=10s BENCH_WARMUP=3s BENCH_CONNECTIONS=64
#              BENCH_THREADS=1 (wrk threads) BENCH_PORT=18480 BENCH_NGINX_PORT=18481
# Prints one line per run and target, then the medians as a Markdown table. Everything
# listens on 127.0.0.1 and is stopped by the PIDs this script started.
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
BIN=${BIN:-$ROOT/build/doithoai}
RUNS=${BENCH_RUNS:-3}
DURATION=${BENCH_DURATION:-10s}
WARMUP=${BENCH_WARMUP:-3s}
CONNS=${BENCH_CONNECTIONS:-64}
THREADS=${BENCH_THREADS:-1}
PORT=${BENCH_PORT:-18480}
NGINX_PORT=${BENCH_NGINX_PORT:-18481}
WORK=$(mktemp -d /tmp/doithoai-bench.XXXXXX)
chmod 755 "$WORK"  # nginx workers (www-data) read the static copy from here
SERVER_PID=""
NGINX_PID=""

cleanup() {
  [ -n "$SERVER_PID" ] && kill "$SERVER_PID" 2>/dev/null && wait "$SERVER_PID" 2>/dev/null
  [ -n "$NGINX_PID" ] && kill "$NGINX_PID" 2>/dev/null && wait "$NGINX_PID" 2>/dev/null
  rm -rf "$WORK"
}
trap cleanup EXIT

wait_for() {  # url: poll until it answers 200, at most 30 s
  for _ in $(seq 1 300); do
    if curl -fsS -o /dev/null "$1" 2>/dev/null; then return 0; fi
    sleep 0.1
  done
  echo "bench: $1 did not answer" >&2
  exit 1
}

DB=$WORK/bench.db
"$BIN" init --db "$DB" --data-dir "$ROOT/data" >/dev/null
echo 'bench-password-123' | "$BIN" user add --db "$DB" --data-dir "$ROOT/data" \
  --username bench --role inspector --unit 31 --password-stdin >/dev/null
TOKEN=$("$BIN" token create --db "$DB" --username bench --name bench)

"$BIN" serve --db "$DB" --data-dir "$ROOT/data" --listen "127.0.0.1:$PORT" >"$WORK/server.log" 2>&1 &
SERVER_PID=$!
wait_for "http://127.0.0.1:$PORT/healthz"

READ_PATH="/api/v1/units?at=2021-06-01"
mkdir -p "$WORK/static" "$WORK/nginx"
curl -fsS -H "Authorization: Bearer $TOKEN" "http://127.0.0.1:$PORT$READ_PATH" >"$WORK/static/units.json"
cat >"$WORK/nginx/nginx.conf" <<CONF
daemon off;
master_process on;
worker_processes 2;
pid $WORK/nginx/nginx.pid;
error_log $WORK/nginx/error.log warn;
events { worker_connections 1024; }
http {
  access_log off;
  server_tokens off;
  types { application/json json; }
  sendfile on;
  tcp_nopush on;
  keepalive_timeout 65;
  client_body_temp_path $WORK/nginx/body;
  proxy_temp_path $WORK/nginx/proxy;
  fastcgi_temp_path $WORK/nginx/fastcgi;
  uwsgi_temp_path $WORK/nginx/uwsgi;
  scgi_temp_path $WORK/nginx/scgi;
  server {
    listen 127.0.0.1:$NGINX_PORT;
    root $WORK/static;
  }
}
CONF
nginx -p "$WORK/nginx" -c "$WORK/nginx/nginx.conf" -e "$WORK/nginx/error.log" &
NGINX_PID=$!
wait_for "http://127.0.0.1:$NGINX_PORT/units.json"

BODY_BYTES=$(wc -c <"$WORK/static/units.json")
echo "bench: JSON body $BODY_BYTES bytes; $RUNS runs of wrk -t$THREADS -c$CONNS -d$DURATION" >&2

run_wrk() {  # name url auth
  local name=$1 url=$2 auth=$3
  BENCH_AUTH=$auth wrk -t"$THREADS" -c16 -d"$WARMUP" -s "$ROOT/bench/wrk/report.lua" "$url" >/dev/null
  local line
  line=$(BENCH_AUTH=$auth wrk -t"$THREADS" -c"$CONNS" -d"$DURATION" --timeout 10s \
    -s "$ROOT/bench/wrk/report.lua" "$url" | grep '^RESULT')
  # RESULT requests duration_us p50_us p99_us socket_errors http_errors
  read -r _ req dur p50 p99 serr herr <<<"$line"
  local rps
  rps=$(awk -v r="$req" -v d="$dur" 'BEGIN { printf "%.0f", r / (d / 1e6) }')
  echo "$name $rps $p50 $p99 $serr $herr"
}

RESULTS=$WORK/results.txt
for i in $(seq 1 "$RUNS"); do
  run_wrk nginx-static "http://127.0.0.1:$NGINX_PORT/units.json" "" | tee -a "$RESULTS" >&2
  run_wrk doithoai-healthz "http://127.0.0.1:$PORT/healthz" "" | tee -a "$RESULTS" >&2
  run_wrk doithoai-units-auth "http://127.0.0.1:$PORT$READ_PATH" "$TOKEN" | tee -a "$RESULTS" >&2
done

RSS_KB=$(awk '/VmRSS/ {print $2}' "/proc/$SERVER_PID/status")
echo
echo "| target | req/s (median of $RUNS) | p50 ms | p99 ms | errors |"
echo "|---|---:|---:|---:|---|"
for name in nginx-static doithoai-healthz doithoai-units-auth; do
  grep "^$name " "$RESULTS" | sort -k2 -n | awk -v n="$RUNS" -v name="$name" '
    { rps[NR]=$2; p50[NR]=$3; p99[NR]=$4; se+=$5; he+=$6 }
    END { m=int((NR+1)/2);
          printf "| %s | %d | %.2f | %.2f | socket %d, http>=400 %d |\n", name, rps[m], p50[m]/1000, p99[m]/1000, se, he }'
done
echo
echo "doithoai resident memory after the runs: $((RSS_KB / 1024)) MiB"
