#!/usr/bin/env bash
# Search at scale, on a database made by bench/gen_matters.cpp (issue 6's goals are for
# 1,000,000 matters): the staff text search (q=, accent-insensitive, bm25, snippets) and the
# public search of published answers, both with words typed without diacritics; the similar-
# matter lookup for matters picked across the whole id range; then `doithoai dedup` over the
# whole backlog and the field suggestion's held-out accuracy (`doithoai train`).
#
#   BENCH_DB=/path/to/big.db bench/search.sh
#
# The database is copied first (the server may migrate it; the original is left alone), into
# BENCH_WORK (default /tmp). BENCH_COPY=0 uses BENCH_DB itself: only for a copy of your own, as
# the run adds a user and a token to it.
#
# Each load runs at every concurrency of BENCH_CONNECTIONS: the latency goals of issue 6 are for
# a handful of users at once (4), the throughput is reported at 64. Beside wrk's figures the
# table gives the server's CPU time per request (user + system time from /proc/PID/stat over the
# run, divided by the requests): on a machine shared with other work that is the steadier figure.
# The staff searches each carry a parameter of their own, so that the list's response cache
# never answers them.
# Environment: BENCH_DURATION=10s BENCH_CONNECTIONS="64 4" BENCH_PORT=18483 BENCH_SKIP_DEDUP=1
#              BENCH_LOADS="staff public similar scoped" BENCH_COPY=1 BENCH_COMMUNE=HP-2025-VINHHAI
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
BIN=${BIN:-$ROOT/build/doithoai}
DURATION=${BENCH_DURATION:-10s}
CONNS=${BENCH_CONNECTIONS:-64 4}
LOADS=${BENCH_LOADS:-staff public similar scoped}
COMMUNE=${BENCH_COMMUNE:-HP-2025-VINHHAI}
PORT=${BENCH_PORT:-18483}
: "${BENCH_DB:?set BENCH_DB to a database made by doithoai-gen-matters}"
WORK=$(mktemp -d "${BENCH_WORK:-/tmp}/doithoai-bench-search.XXXXXX")
DB=$WORK/search.db
[ "${BENCH_COPY:-1}" = 0 ] && DB=$BENCH_DB
SERVER_PID=""

cleanup() {
  [ -n "$SERVER_PID" ] && kill "$SERVER_PID" 2>/dev/null && wait "$SERVER_PID" 2>/dev/null
  rm -rf "$WORK"
}
trap cleanup EXIT

if [ "$DB" != "$BENCH_DB" ]; then
  cp "$BENCH_DB" "$DB"  # a database nobody writes to (the generator has finished)
  cp "$BENCH_DB.key" "$DB.key"
  # The search index file beside it; without it the server would first build it again.
  if [ -f "$BENCH_DB.search" ]; then cp "$BENCH_DB.search" "$DB.search"; fi
fi
echo 'bench-password-123' | "$BIN" user add --db "$DB" --data-dir "$ROOT/data" \
  --username benchsearch --role inspector --unit 31 --password-stdin >/dev/null 2>&1 || true
TOKEN=$("$BIN" token create --db "$DB" --username benchsearch --name bench 2>/dev/null)
# An inspector of one commune: the same searches within a scope that rejects ~97% of the matches.
echo 'bench-password-123' | "$BIN" user add --db "$DB" --data-dir "$ROOT/data" \
  --username benchcommune --role inspector --unit "$COMMUNE" --password-stdin >/dev/null 2>&1 || true
COMMUNE_TOKEN=$("$BIN" token create --db "$DB" --username benchcommune --name bench 2>/dev/null)
"$BIN" serve --db "$DB" --data-dir "$ROOT/data" --listen "127.0.0.1:$PORT" \
  >"$WORK/server.log" 2>&1 &
SERVER_PID=$!
for _ in $(seq 1 600); do
  curl -fsS -o /dev/null "http://127.0.0.1:$PORT/healthz" 2>/dev/null && break
  sleep 0.1
done

TICKS=$(getconf CLK_TCK)
cpu_ticks() {  # user + system time of the server so far, in clock ticks
  awk '{ print $14 + $15 }' "/proc/$SERVER_PID/stat"
}
settle() {  # until the server is idle: requests wrk gave up on may still be running
  local last now
  last=$(cpu_ticks)
  for _ in $(seq 1 300); do
    sleep 0.5
    now=$(cpu_ticks)
    [ "$now" -le "$((last + 1))" ] && return
    last=$now
  done
}
line() {  # name, connections, CPU ticks used, then wrk's RESULT line on stdin
  read -r _ req dur p50 p99 serr herr
  awk -v n="$1" -v c="$2" -v t="$3" -v hz="$TICKS" -v r="$req" -v d="$dur" -v a="$p50" \
    -v b="$p99" -v s="$serr" -v h="$herr" \
    'BEGIN { printf "| %s | %d | %.0f | %.2f | %.2f | %.2f | socket %d, http>=400 %d |\n",
             n, c, r/(d/1e6), t*1000/hz/(r>0?r:1), a/1000, b/1000, s, h }'
}
run() {  # name, paths file[, token]
  local auth=${3:-$TOKEN}
  BENCH_AUTH=$auth BENCH_PATHS=$2 wrk -t1 -c16 -d2s -s "$ROOT/bench/wrk/paths.lua" \
    "http://127.0.0.1:$PORT" >/dev/null
  for conns in $CONNS; do
    local before result
    settle
    before=$(cpu_ticks)
    result=$(BENCH_AUTH=$auth BENCH_PATHS=$2 wrk -t1 -c"$conns" -d"$DURATION" --timeout 10s \
      -s "$ROOT/bench/wrk/paths.lua" "http://127.0.0.1:$PORT" | grep '^RESULT')
    settle
    line "$1" "$conns" "$(($(cpu_ticks) - before))" <<<"$result"
  done
}

# What officers and citizens type: common and rare words, phrases, a prefix, no diacritics.
QUERIES=("duong" "giai phong mat bang" "boi thuong" "ve sinh moi truong" "dat dai"
  "den duong" "nuoc sach" "ho ngheo" "bao hiem y te" "cap giay chung nhan" "o nhiem"
  "truong hoc" "giao thong nong thon" "ra" "chinh sach nguoi co cong" "thu tuc hanh chinh")
: >"$WORK/staff.txt"
: >"$WORK/public.txt"
for q in "${QUERIES[@]}"; do
  enc=${q// /+}
  echo "/api/v1/public/matters?q=$enc&per_page=20" >>"$WORK/public.txt"
done
# The staff list keeps its responses for a second (until the next commit): the same URL asked
# again is answered from that cache. So each staff search carries a parameter of its own (the
# server ignores it), the 16 queries in turn, 16,000 URLs: what is measured is the search.
for i in $(seq 1 1000); do
  for q in "${QUERIES[@]}"; do
    echo "/api/v1/matters?q=${q// /+}&per_page=20&bench=$i" >>"$WORK/staff.txt"
  done
done
MAX=$(sqlite3 "$DB" 'SELECT max(id) FROM matters')
awk -v max="$MAX" 'BEGIN { srand(7); for (i = 0; i < 2000; i++)
  printf "/api/v1/matters/%d/similar\n", 1 + int(rand() * max) }' >"$WORK/similar.txt"

echo "matters: $(sqlite3 "$DB" 'SELECT count(*) FROM matters')"
echo
echo "| load | connections | req/s | CPU ms/req | p50 ms | p99 ms | errors |"
echo "|---|---:|---:|---:|---:|---:|---|"
for load in $LOADS; do
  case $load in
    staff) run "GET /api/v1/matters?q=... (16 queries)" "$WORK/staff.txt" ;;
    public) run "GET /api/v1/public/matters?q=... (16 queries)" "$WORK/public.txt" ;;
    similar) run "GET /api/v1/matters/{id}/similar (2,000 ids)" "$WORK/similar.txt" ;;
    scoped) run "GET /api/v1/matters?q=... (one commune's inspector)" "$WORK/staff.txt" \
      "$COMMUNE_TOKEN" ;;
    *) echo "unknown load $load" >&2 && exit 2 ;;
  esac
done
RSS_KB=$(awk '/VmRSS/ {print $2}' "/proc/$SERVER_PID/status")
echo
echo "server resident memory: $((RSS_KB / 1024)) MiB"
kill "$SERVER_PID" && wait "$SERVER_PID" 2>/dev/null || true
SERVER_PID=""

if [ -z "${BENCH_SKIP_DEDUP:-}" ]; then
  echo
  /usr/bin/time -f 'dedup: %e s wall, %M KiB max resident' \
    "$BIN" dedup --db "$DB" --data-dir "$ROOT/data" --all 2>&1 >"$WORK/dedup.txt" | tail -1
  head -5 "$WORK/dedup.txt"
  echo
  "$BIN" train --db "$DB" --data-dir "$ROOT/data" 2>&1 | tail -15
fi
