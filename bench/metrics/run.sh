#!/usr/bin/env bash
# The metrics benchmark: a PostgreSQL 15 of its own (port 5499 under /tmp/pagos-metrics-bench unless PGHOST/PGPORT
# point elsewhere), the schema migrations, bench/metrics/seed.sql, then bench/metrics/time_metrics.py (the endpoint's
# statements as GET /admin/metrics runs them, 24 monthly intervals, p50/p95) and the plans (EXPLAIN ANALYZE).
# Not part of the Maven build. Usage: bench/metrics/run.sh [--keep]   (about 3 minutes to seed on 2 cores)
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
for f in $(ls src/main/resources/db/migration/*.sql | sort -V); do
  psql -q -v ON_ERROR_STOP=1 -d pagos_metrics_bench -f "$f"
done
time psql -q -v ON_ERROR_STOP=1 -d pagos_metrics_bench -f bench/metrics/seed.sql
python3 bench/metrics/time_metrics.py --db pagos_metrics_bench "$@"
