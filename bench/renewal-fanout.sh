#!/usr/bin/env bash
# Renewals fanned out through the queue, at size: N subscriptions due at once, W local workers standing in for the
# renewal-worker function's concurrency (batches of 10, 10 at a time each), a fake Wompi with latency, a rate limit
# and failures, and a share of queue messages delivered twice; embedded PostgreSQL. Prints one "FANOUT ..." line per
# run and fails if any period is charged twice or left uncharged. Not part of ./mvnw verify.
#
#   bench/renewal-fanout.sh [subscriptions] [workers...]                      (defaults: 2000, workers 1 4 16)
#   FAILURES=0.1 DUPLICATES=0.02 bench/renewal-fanout.sh 2000 16              (the failure run)
#   PAGOS_RATE_LIMIT=165 bench/renewal-fanout.sh 100000 16                    (the 100,000 run, Pagos 3 % under Wompi)
#   LATENCY_MS=300 RATE_LIMIT=170 PORT=8215                                   (the other knobs and their defaults)
set -euo pipefail
cd "$(dirname "$0")/.."
subscriptions=${1:-2000}
shift || true
workers=("$@")
[ ${#workers[@]} -eq 0 ] && workers=(1 4 16)
mkdir -p target
status=0
for w in "${workers[@]}"; do
  log=target/renewal-fanout-$subscriptions-$w.log
  ./mvnw -B test -Dtest=RenewalFanOutBench -Dsurefire.failIfNoSpecifiedTests=false \
    -Dquarkus.http.test-port="${PORT:-8215}" \
    -Dfanout.subscriptions="$subscriptions" -Dfanout.workers="$w" \
    -Dfanout.latency-ms="${LATENCY_MS:-300}" -Dfanout.rate-limit="${RATE_LIMIT:-170}" -Dfanout.pagos-rate-limit="${PAGOS_RATE_LIMIT:-${RATE_LIMIT:-170}}" \
    -Dfanout.failures="${FAILURES:-0}" -Dfanout.duplicates="${DUPLICATES:-0}" > "$log" 2>&1 || status=$?
  grep -E "^FANOUT|Tests run:.*RenewalFanOutBench|AssertionFailed|expected" "$log" | head -50 || true
  echo "full log: $log"
done
exit "$status"
