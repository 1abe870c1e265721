#!/usr/bin/env bash
# Wallet purchases per second on one instance, p50/p99 latency of one, and the ledger's invariant check at the end.
# Runs dev.pagos.bench.WalletPurchaseBench (not part of the suite) against the embedded PostgreSQL, through the
# local API gateway. Sizes: BUYERS (20), PURCHASES per buyer (50), CLIENTS (8). Usage: bash bench/wallet-bench.sh [port]
set -euo pipefail
cd "$(dirname "$0")/.."
PORT="${1:-8111}"
./mvnw -q -o test -Dtest=WalletPurchaseBench -Dsurefire.failIfNoSpecifiedTests=false \
  -Dquarkus.http.test-port="$PORT" -Dbench.buyers="${BUYERS:-20}" -Dbench.purchases="${PURCHASES:-50}" \
  -Dbench.clients="${CLIENTS:-8}" 2>&1 | grep -E "WALLET BENCH|Tests run:|ERROR\]"
