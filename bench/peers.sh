#!/usr/bin/env bash
# doithoai beside the peer baselines (Rails and Catalyst apps serving the same three endpoints
# over a generated SQLite file; see ../shared/peers/README.md in the workspace): the same load
# shape (a 3 s warm-up at 16 connections, then wrk -t1 -c64 -d10s), right after the peers'
# `run.sh all`, on a database of the same size made by doithoai-gen-matters.
#
#   build/doithoai init --db /tmp/p100k.db
#   build/doithoai-gen-matters --db /tmp/p100k.db --matters 100000
#   BENCH_DB=/tmp/p100k.db bench/peers.sh
#
# The three endpoints, as doithoai serves them:
#   GET /matters.json  -> GET /api/v1/matters?status=received&per_page=20 (staff, bearer token)
#   GET /matters       -> GET /can-bo/vu-viec?status=received (the staff HTML list, signed in)
#   POST /matters      -> POST /api/v1/public/submissions (durable: answered after the fsync)
# doithoai does more on each (authentication and scope, deadlines, Events, encryption of the
# phone number, the similarity signature, the search index); the peers' work is the minimum.
# The database is copied first. Environment: BENCH_DB (required), BENCH_DURATION=10s,
# BENCH_WARMUP=3s, BENCH_CONNECTIONS=64, BENCH_PORT=18485.
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
BIN=${BIN:-$ROOT/build/doithoai}
DURATION=${BENCH_DURATION:-10s}
WARMUP=${BENCH_WARMUP:-3s}
CONNS=${BENCH_CONNECTIONS:-64}
PORT=${BENCH_PORT:-18485}
: "${BENCH_DB:?set BENCH_DB to a database made by doithoai-gen-matters}"
WORK=$(mktemp -d "${BENCH_WORK:-/tmp}/doithoai-bench-peers.XXXXXX")
DB=$WORK/peers.db
SERVER_PID=""

cleanup() {
  [ -n "$SERVER_PID" ] && kill "$SERVER_PID" 2>/dev/null && wait "$SERVER_PID" 2>/dev/null
  rm -rf "$WORK"
}
trap cleanup EXIT

cp "$BENCH_DB" "$DB"
cp "$BENCH_DB.key" "$DB.key"
# The search index file beside it; without it the server would first build it again.
if [ -f "$BENCH_DB.search" ]; then cp "$BENCH_DB.search" "$DB.search"; fi
cat >"$WORK/bench.toml" <<CONF
[security]
public_submission_burst = 100000000
public_submission_per_minute = 100000000
CONF
echo 'bench-password-123' | "$BIN" user add --db "$DB" --data-dir "$ROOT/data" \
  --username benchpeers --role inspector --unit 31 --password-stdin >/dev/null 2>&1
TOKEN=$("$BIN" token create --db "$DB" --username benchpeers --name bench 2>/dev/null)
"$BIN" serve --db "$DB" --data-dir "$ROOT/data" --config "$WORK/bench.toml" \
  --listen "127.0.0.1:$PORT" >"$WORK/server.log" 2>&1 &
SERVER_PID=$!
BASE="http://127.0.0.1:$PORT"
for _ in $(seq 1 600); do
  curl -fsS -o /dev/null "$BASE/healthz" 2>/dev/null && break
  sleep 0.1
done
curl -fsS -o /dev/null -c "$WORK/cookies" -H 'Content-Type: application/json' \
  -d '{"username":"benchpeers","password":"bench-password-123"}' "$BASE/api/v1/session"
SESSION=$(awk '$6 == "doithoai_session" { print $7 }' "$WORK/cookies")

line() {  # name, then wrk's RESULT line on stdin
  read -r _ req dur p50 p99 serr herr
  awk -v n="$1" -v r="$req" -v d="$dur" -v a="$p50" -v b="$p99" -v s="$serr" -v h="$herr" \
    'BEGIN { printf "| %s | %.0f | %.2f | %.2f | socket %d, http>=400 %d |\n", n, r/(d/1e6), a/1000, b/1000, s, h }'
}
run() {  # name, url, script, then environment for the script
  local name=$1 url=$2 script=$3
  wrk -t1 -c16 -d"$WARMUP" -s "$script" "$url" >/dev/null
  wrk -t1 -c"$CONNS" -d"$DURATION" --timeout 10s -s "$script" "$url" | grep '^RESULT' |
    line "$name"
}

echo "matters: $(sqlite3 "$DB" 'SELECT count(*) FROM matters')"
echo
echo "| load | req/s | p50 ms | p99 ms | errors |"
echo "|---|---:|---:|---:|---|"
BENCH_AUTH=$TOKEN run "GET /api/v1/matters?status=received&per_page=20" \
  "$BASE/api/v1/matters?status=received&per_page=20" "$ROOT/bench/wrk/report.lua"
BENCH_COOKIE="doithoai_session=$SESSION" run "GET /can-bo/vu-viec?status=received (HTML)" \
  "$BASE/can-bo/vu-viec?status=received" "$ROOT/bench/wrk/report.lua"
run "POST /api/v1/public/submissions" "$BASE/api/v1/public/submissions" \
  "$ROOT/bench/wrk/submit.lua"
echo
echo "server resident memory: $(($(awk '/VmRSS/ {print $2}' "/proc/$SERVER_PID/status") / 1024)) MiB"
