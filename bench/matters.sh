#!/usr/bin/env bash
# Matters load: durable public submissions (POST, each acknowledged only after its group
# commit is fsync'd) and the filtered staff list (GET, authenticated), on one database.
#
#   bench/matters.sh
#
# Environment: BENCH_SUBMIT_DURATION=20s BENCH_DURATION=10s BENCH_CONNECTIONS=64
#              BENCH_PORT=18482 BENCH_DB=path (reuse a database instead of a fresh one)
# Prints the server's CPU time (utime+stime) per submission over the POST run.
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
BIN=${BIN:-$ROOT/build/doithoai}
SUBMIT=${BENCH_SUBMIT_DURATION:-20s}
DURATION=${BENCH_DURATION:-10s}
CONNS=${BENCH_CONNECTIONS:-64}
PORT=${BENCH_PORT:-18482}
WORK=$(mktemp -d /tmp/doithoai-bench-matters.XXXXXX)
DB=${BENCH_DB:-$WORK/bench.db}
SERVER_PID=""

cleanup() {
  [ -n "$SERVER_PID" ] && kill "$SERVER_PID" 2>/dev/null && wait "$SERVER_PID" 2>/dev/null
  rm -rf "$WORK"
}
trap cleanup EXIT

cat >"$WORK/bench.toml" <<CONF
[security]
public_submission_burst = 100000000
public_submission_per_minute = 100000000
CONF
"$BIN" init --db "$DB" --data-dir "$ROOT/data" >/dev/null 2>&1
echo 'bench-password-123' | "$BIN" user add --db "$DB" --data-dir "$ROOT/data" \
  --username benchlist --role inspector --unit 31 --password-stdin >/dev/null 2>&1 || true
TOKEN=$("$BIN" token create --db "$DB" --username benchlist --name bench 2>/dev/null)
# A database just copied for the run is still being written back by the kernel (7 GB at
# 1,000,000 matters): that would be measured with the submissions' fsyncs.
sync
"$BIN" serve --db "$DB" --data-dir "$ROOT/data" --config "$WORK/bench.toml" \
  --listen "127.0.0.1:$PORT" >"$WORK/server.log" 2>&1 &
SERVER_PID=$!
for _ in $(seq 1 300); do
  curl -fsS -o /dev/null "http://127.0.0.1:$PORT/healthz" 2>/dev/null && break
  sleep 0.1
done

line() {  # name, then wrk's RESULT line on stdin
  read -r _ req dur p50 p99 serr herr
  awk -v n="$1" -v r="$req" -v d="$dur" -v a="$p50" -v b="$p99" -v s="$serr" -v h="$herr" \
    'BEGIN { printf "| %s | %.0f | %.2f | %.2f | socket %d, http>=400 %d |\n", n, r/(d/1e6), a/1000, b/1000, s, h }'
}

cpu_ticks() {  # utime + stime of the server, in clock ticks
  awk '{ print $14 + $15 }' "/proc/$SERVER_PID/stat"
}

echo "| load | req/s | p50 ms | p99 ms | errors |"
echo "|---|---:|---:|---:|---|"
CPU0=$(cpu_ticks)
SUBMIT_RESULT=$(wrk -t1 -c"$CONNS" -d"$SUBMIT" --timeout 10s -s "$ROOT/bench/wrk/submit.lua" \
  "http://127.0.0.1:$PORT" | grep '^RESULT')
CPU1=$(cpu_ticks)
line "POST /api/v1/public/submissions" <<<"$SUBMIT_RESULT"
SUBMITTED=$(awk '{ print $2 }' <<<"$SUBMIT_RESULT")
TOTAL=$(curl -fsS -H "Authorization: Bearer $TOKEN" "http://127.0.0.1:$PORT/api/v1/matters?per_page=1" |
  python3 -c 'import json,sys; print(json.load(sys.stdin)["total"])')
LIST="/api/v1/matters?status=received&unit=HP-2025-VINHBAO&per_page=20"
BENCH_AUTH=$TOKEN wrk -t1 -c16 -d3s -s "$ROOT/bench/wrk/report.lua" "http://127.0.0.1:$PORT$LIST" >/dev/null
BENCH_AUTH=$TOKEN wrk -t1 -c"$CONNS" -d"$DURATION" --timeout 10s -s "$ROOT/bench/wrk/report.lua" \
  "http://127.0.0.1:$PORT$LIST" | grep '^RESULT' | line "GET $LIST"
RSS_KB=$(awk '/VmRSS/ {print $2}' "/proc/$SERVER_PID/status")
PEAK_KB=$(awk '/VmHWM/ {print $2}' "/proc/$SERVER_PID/status")
echo
echo "matters in the database: $TOTAL; server resident memory: $((RSS_KB / 1024)) MiB" \
  "(peak $((PEAK_KB / 1024)) MiB)"
awk -v t="$((CPU1 - CPU0))" -v hz="$(getconf CLK_TCK)" -v n="$SUBMITTED" \
  'BEGIN { printf "server CPU per submission: %.3f ms (utime+stime over the POST run)\n", t * 1000 / hz / n }'
