#!/usr/bin/env bash
# Page render time: every main page of the public portal and the staff workspace, one request
# at a time (so the time is the server's render plus a loopback round trip), on an existing
# database made by doithoai-gen-matters and doithoai-gen-dialogues. Issue 5's goal is under
# 20 ms with 1,000,000 matters.
#
#   BENCH_DB=/path/to/copy-of-big.db bench/pages.sh
#
# The database gets a benchmark user (a leader of the whole province), a session and any
# pending migration: pass a copy. Pages with an id use a matter, a published matter and a
# dialogue picked from the database with a fixed seed.
# Environment: BENCH_DB (required), BENCH_REQUESTS=50 (per page), BENCH_WARMUP=3 (before them),
#              BENCH_PORT=18484, BENCH_UNIT=31 (the leader's unit: the city),
#              BENCH_ONLY=<regex>: only the pages whose label matches
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
BIN=${BIN:-$ROOT/build/doithoai}
DB=${BENCH_DB:?set BENCH_DB to a database made by the generators (a copy: it is written to)}
N=${BENCH_REQUESTS:-50}
WARMUP=${BENCH_WARMUP:-3}
PORT=${BENCH_PORT:-18484}
UNIT=${BENCH_UNIT:-31}
WORK=$(mktemp -d /tmp/doithoai-bench-pages.XXXXXX)
SERVER_PID=""

cleanup() {
  [ -n "$SERVER_PID" ] && kill "$SERVER_PID" 2>/dev/null && wait "$SERVER_PID" 2>/dev/null
  rm -rf "$WORK"
}
trap cleanup EXIT

"$BIN" migrate --db "$DB" --data-dir "$ROOT/data" >/dev/null
echo 'bench-password-123' | "$BIN" user add --db "$DB" --data-dir "$ROOT/data" \
  --username benchpages --role leader --unit "$UNIT" --password-stdin >/dev/null 2>&1 || true
"$BIN" serve --db "$DB" --data-dir "$ROOT/data" --listen "127.0.0.1:$PORT" >"$WORK/server.log" 2>&1 &
SERVER_PID=$!
for _ in $(seq 1 600); do
  curl -fsS -o /dev/null "http://127.0.0.1:$PORT/healthz" 2>/dev/null && break
  sleep 0.1
done
BASE="http://127.0.0.1:$PORT"
curl -fsS -o /dev/null -c "$WORK/cookies" -H 'Content-Type: application/json' \
  -d '{"username":"benchpages","password":"bench-password-123"}' "$BASE/api/v1/session"
SESSION=$(awk '$6 == "doithoai_session" { print $7 }' "$WORK/cookies")
[ -n "$SESSION" ] || { echo "bench: no session" >&2; exit 1; }

# Ids picked with a fixed seed: a matter, a published matter's tracking code, a dialogue.
MAX=$(sqlite3 "$DB" 'SELECT max(id) FROM matters')
MATTER=$(sqlite3 "$DB" "SELECT id FROM matters WHERE id >= $((MAX * 7 / 13)) AND status <> 'merged' ORDER BY id LIMIT 1")
OTHER=$(sqlite3 "$DB" "SELECT id FROM matters WHERE id > $MATTER AND status <> 'merged' ORDER BY id LIMIT 1")
CODE=$(sqlite3 "$DB" "SELECT tracking_code FROM matters WHERE id >= $((MAX * 5 / 11)) AND published = 1 ORDER BY id LIMIT 1")
DIALOGUE=$(sqlite3 "$DB" 'SELECT id FROM dialogues ORDER BY id LIMIT 1 OFFSET (SELECT count(*) / 3 FROM dialogues)')
echo "matters: $(sqlite3 "$DB" 'SELECT count(*) FROM matters'), dialogues: $(sqlite3 "$DB" 'SELECT count(*) FROM dialogues')"
echo

# The server's CPU time so far (user + system), in clock ticks.
cpu_ticks() { awk '{ print $14 + $15 }' "/proc/$SERVER_PID/stat"; }
TICKS_PER_S=$(getconf CLK_TCK)

# One line of the table: N timed requests after the warm-up ones; median and p99 in ms, and the
# server's CPU ms per request over the N (the figure others' load on the machine disturbs least).
measure() {  # label, path
  local url="$BASE$2" status before after
  [[ -z "${BENCH_ONLY:-}" || "$1" =~ $BENCH_ONLY ]] || return 0
  status=$(curl -s -o /dev/null -w '%{http_code}' -b "doithoai_session=$SESSION" "$url")
  [ "$status" = 200 ] || { echo "| $1 | HTTP $status | | | |"; return; }
  for _ in $(seq 1 "$WARMUP"); do curl -fsS -o /dev/null -b "doithoai_session=$SESSION" "$url"; done
  before=$(cpu_ticks)
  for _ in $(seq 1 "$N"); do
    curl -fsS -o /dev/null -w '%{time_total}\n' -b "doithoai_session=$SESSION" "$url"
  done >"$WORK/times"
  after=$(cpu_ticks)
  sort -n "$WORK/times" | awk -v label="$1" -v n="$N" -v ticks=$((after - before)) -v hz="$TICKS_PER_S" '
    { t[NR] = $1 * 1000 }
    END {
      p50 = t[int((NR + 1) / 2)]; i = int(NR * 0.99 + 0.999); if (i > NR) i = NR;
      printf "| %s | %d | %.1f | %.1f | %.2f |\n", label, n, p50, t[i], ticks * 1000 / hz / n
    }'
}

echo "| page | n | median ms | p99 ms | CPU ms per request |"
echo "|---|---:|---:|---:|---:|"
measure "/ (home)" "/"
measure "/gui-phan-anh (submit form)" "/gui-phan-anh"
measure "/tra-cuu/{code} (tracking)" "/tra-cuu/$CODE"
measure "/ket-qua (published answers)" "/ket-qua"
measure "/ket-qua?q=duong (public search)" "/ket-qua?q=duong"
measure "/ket-qua/{code} (an answer)" "/ket-qua/$CODE"
measure "/hoi-nghi-doi-thoai (dialogues)" "/hoi-nghi-doi-thoai"
measure "/hoi-nghi-doi-thoai/{id}" "/hoi-nghi-doi-thoai/$DIALOGUE"
measure "/lich-tiep-cong-dan (schedule)" "/lich-tiep-cong-dan"
measure "/can-bo (inbox)" "/can-bo"
measure "/can-bo/vu-viec (list)" "/can-bo/vu-viec"
measure "/can-bo/vu-viec?page=500 (deep page)" "/can-bo/vu-viec?page=500"
measure "/can-bo/vu-viec?q=giai+phong+mat+bang" "/can-bo/vu-viec?q=giai+phong+mat+bang"
measure "/can-bo/vu-viec?q=duong (staff search)" "/can-bo/vu-viec?q=duong"
measure "/can-bo/vu-viec?status=received" "/can-bo/vu-viec?status=received"
measure "/can-bo/vu-viec/{id} (matter)" "/can-bo/vu-viec/$MATTER"
measure "/can-bo/vu-viec/{id}/so-sanh/{other}" "/can-bo/vu-viec/$MATTER/so-sanh/$OTHER"
measure "/can-bo/nhap-don (letter entry)" "/can-bo/nhap-don"
measure "/can-bo/doi-thoai (dialogues)" "/can-bo/doi-thoai"
measure "/can-bo/doi-thoai/{id}" "/can-bo/doi-thoai/$DIALOGUE"
measure "/can-bo/doi-thoai/{id}/hoi-nghi (conference)" "/can-bo/doi-thoai/$DIALOGUE/hoi-nghi"
measure "/can-bo/tiep-cong-dan (reception)" "/can-bo/tiep-cong-dan"
measure "/can-bo/tiep-cong-dan/so (register)" "/can-bo/tiep-cong-dan/so"
measure "/can-bo/bao-cao (reports, this year)" "/can-bo/bao-cao"
measure "/can-bo/bao-cao?from=01/01/2016 (reports, 2016 to today)" "/can-bo/bao-cao?from=01%2F01%2F2016"
measure "/can-bo/quan-tri (admin)" "/can-bo/quan-tri"
echo
echo "server resident memory: $(($(awk '/VmRSS/ {print $2}' "/proc/$SERVER_PID/status") / 1024)) MiB"
