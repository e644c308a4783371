#!/usr/bin/env bash
# Report speed: times GET /api/v1/reports/summary (JSON) and /summary.xlsx, one request at a
# time, for the city (whole province), a district and one commune, over the whole span and one
# year, on an existing database (made by doithoai-gen-matters and doithoai-gen-dialogues).
#
#   BENCH_DB=/tmp/copy-of-m1m.db bench/report.sh
#
# The database gets a benchmark user and token (and any pending migration): pass a copy.
# Environment: BENCH_DB (required), BENCH_REQUESTS=50 (per line), BENCH_WARMUP=3 (before them),
#              BENCH_PORT=18483, BENCH_FROM=2016-01-01, BENCH_TO=2025-12-31, BENCH_YEAR=2021,
#              BENCH_DISTRICT=316 (huyện Vĩnh Bảo), BENCH_COMMUNE=HP-2025-VINHBAO
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
BIN=${BIN:-$ROOT/build/doithoai}
DB=${BENCH_DB:?set BENCH_DB to a database made by the generators (a copy: it is written to)}
N=${BENCH_REQUESTS:-50}
WARMUP=${BENCH_WARMUP:-3}
PORT=${BENCH_PORT:-18483}
FROM=${BENCH_FROM:-2016-01-01}
TO=${BENCH_TO:-2025-12-31}
YEAR=${BENCH_YEAR:-2021}
DISTRICT=${BENCH_DISTRICT:-316}
COMMUNE=${BENCH_COMMUNE:-HP-2025-VINHBAO}
WORK=$(mktemp -d /tmp/doithoai-bench-report.XXXXXX)
SERVER_PID=""

cleanup() {
  [ -n "$SERVER_PID" ] && kill "$SERVER_PID" 2>/dev/null && wait "$SERVER_PID" 2>/dev/null
  rm -rf "$WORK"
}
trap cleanup EXIT

"$BIN" migrate --db "$DB" --data-dir "$ROOT/data" >/dev/null
echo 'bench-password-123' | "$BIN" user add --db "$DB" --data-dir "$ROOT/data" \
  --username benchreport --role inspector --unit 31 --password-stdin >/dev/null 2>&1 || true
TOKEN=$("$BIN" token create --db "$DB" --username benchreport --name bench 2>/dev/null)
"$BIN" serve --db "$DB" --data-dir "$ROOT/data" --listen "127.0.0.1:$PORT" >"$WORK/server.log" 2>&1 &
SERVER_PID=$!
for _ in $(seq 1 600); do
  curl -fsS -o /dev/null "http://127.0.0.1:$PORT/healthz" 2>/dev/null && break
  sleep 0.1
done
# Another program answering on the port would be measured instead (and refuse the token).
if ! kill -0 "$SERVER_PID" 2>/dev/null; then
  echo "the server did not start (port $PORT taken? set BENCH_PORT):" >&2
  cat "$WORK/server.log" >&2
  exit 1
fi

# One line of the table: N timed requests after the warm-up ones; median and p99 in ms.
measure() {  # label, path
  local url="http://127.0.0.1:$PORT$2"
  for _ in $(seq 1 "$WARMUP"); do curl -fsS -o /dev/null -H "Authorization: Bearer $TOKEN" "$url"; done
  for _ in $(seq 1 "$N"); do
    curl -fsS -o /dev/null -w '%{time_total}\n' -H "Authorization: Bearer $TOKEN" "$url"
  done | sort -n | awk -v label="$1" -v n="$N" '
    { t[NR] = $1 * 1000 }
    END {
      p50 = t[int((NR + 1) / 2)]; i = int(NR * 0.99 + 0.999); if (i > NR) i = NR;
      printf "| %s | %d | %.1f | %.1f |\n", label, n, p50, t[i]
    }'
}

summary() {  # scope query, period
  curl -fsS -H "Authorization: Bearer $TOKEN" \
    "http://127.0.0.1:$PORT/api/v1/reports/summary?$1&$2&overdue_limit=0" |
    python3 -c 'import json,sys; r=json.load(sys.stdin); print("dialogues %d, attendances %d, submissions %d, matters %d" % (r["dialogues"], r["attendances"], r["submissions"], r["matters"]))'
}

echo "| request | n | median ms | p99 ms |"
echo "|---|---:|---:|---:|"
WHOLE="from=$FROM&to=$TO"
ONE="from=$YEAR-01-01&to=$YEAR-12-31"
for scope in "unit=31" "unit=$DISTRICT" "unit=$COMMUNE"; do
  measure "summary $scope $FROM..$TO" "/api/v1/reports/summary?$scope&$WHOLE"
  measure "summary $scope $YEAR" "/api/v1/reports/summary?$scope&$ONE"
  measure "summary.xlsx $scope $FROM..$TO" "/api/v1/reports/summary.xlsx?$scope&$WHOLE"
done
echo
for scope in "unit=31" "unit=$DISTRICT" "unit=$COMMUNE"; do
  echo "$scope $FROM..$TO: $(summary "$scope" "$WHOLE")"
done
