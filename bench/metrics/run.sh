#!/usr/bin/env bash
# The metrics benchmark: a PostgreSQL 15 of its own (port 5499 under /tmp/pagos-metrics-bench unless PGHOST/PGPORT
# point elsewhere), the schema migrations, bench/metrics/seed.sql, then bench/metrics/time_metrics.py (the endpoint's
# statements as GET /admin/metrics runs them, 24 monthly intervals, p50/p95) and the plans (EXPLAIN ANALYZE).
# Not part of the Maven build. Usage: bench/metrics/run.sh [time_metrics.py options]   (seeding and V13's backfill:
# about 4 minutes on 2 cores)
set -euo pipefail
cd "$(dirname "$0")/../.."
DIR=${BENCH_DIR:-/tmp/pagos-metrics-bench}
export PGHOST=${PGHOST:-$DIR} PGPORT=${PGPORT:-5499} PGUSER=${PGUSER:-postgres}
BIN=/usr/lib/postgresql/15/bin
if [ "$PGHOST" = "$DIR" ] && ! pg_isready -q; then
  mkdir -p "$DIR" && chown postgres "$DIR" 2>/dev/null || true
  run() { if [ "$(id -u)" = 0 ]; then su postgres -c "$*"; else sh -c "$*"; fi; }
  [ -d "$DIR/data" ] || run "$BIN/initdb -D $DIR/data -A trust >/dev/null"
  run "$BIN/pg_ctl -D $DIR/data -o '-p $PGPORT -k $DIR -c shared_buffers=512MB -c work_mem=64MB' -l $DIR/log start" >/dev/null
fi
psql -q -d postgres -c 'DROP DATABASE IF EXISTS pagos_metrics_bench' -c 'CREATE DATABASE pagos_metrics_bench'
# The data is seeded before V13 (the metrics roll-ups and their triggers) and V13 then backfills it, as it would on a
# database that has history: the seed's bulk inserts would otherwise go through the triggers row set by row set.
migrate() {
  for f in $(ls src/main/resources/db/migration/*.sql | sort -V); do
    v=$(basename "$f" | sed -E 's/^V([0-9]+)__.*/\1/')
    if { [ "$1" = before ] && [ "$v" -lt 13 ]; } || { [ "$1" = after ] && [ "$v" -ge 13 ]; }; then
      psql -q -v ON_ERROR_STOP=1 -d pagos_metrics_bench -1 -f "$f"
    fi
  done
}
migrate before
time psql -q -v ON_ERROR_STOP=1 -d pagos_metrics_bench -f bench/metrics/seed.sql
echo "migrations from V13 on (the roll-ups' backfill):"
time migrate after
psql -q -d pagos_metrics_bench -c 'VACUUM ANALYZE'
python3 bench/metrics/time_metrics.py --db pagos_metrics_bench "$@"
