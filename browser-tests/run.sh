#!/usr/bin/env bash
# Browser tests: starts Pagos in local mode (./mvnw quarkus:dev: embedded PostgreSQL, PayPal simulator, dev tokens,
# the local API and WebSocket gateways), drives the demo page and the checkout pages in headless chromium, and
# stops the service. Installs what it needs on a clean Debian machine: the chromium package (apt-get; browsers are
# never downloaded) and playwright-core (npm ci, from the committed package-lock.json).
#
#   browser-tests/run.sh [port]     default 8080; the loopback Lambda runtime stand-in takes port+2
#
# Screenshots of each end state go to target/browser-screenshots/, the service's log to target/browser-tests-server.log.
# The last line is "N passed, N failed"; the exit status is non-zero when a scenario failed or the service did not start.
set -euo pipefail
cd "$(dirname "$0")/.."

PORT="${1:-8080}"
LAMBDA_PORT=$((PORT + 2))
BASE="http://localhost:$PORT"
LOG=target/browser-tests-server.log

if [ ! -x /usr/bin/chromium ]; then
  echo "Installing Debian's chromium package"
  SUDO=""
  if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq chromium >/dev/null
fi
(cd browser-tests && npm ci --no-audit --no-fund --loglevel=error)

if curl -s -o /dev/null "$BASE/"; then
  echo "Something already answers on $BASE; pass a free port: browser-tests/run.sh <port>" >&2
  exit 2
fi

mkdir -p target
started=$(date +%s)
# Its own session, so stopping it stops Maven, the dev-mode JVM and the embedded PostgreSQL together.
setsid ./mvnw -B quarkus:dev -Dquarkus.http.port="$PORT" -Dpagos.local.lambda-runtime-port="$LAMBDA_PORT" \
  -Dquarkus.console.enabled=false -Ddebug=false >"$LOG" 2>&1 &
SERVER=$!
stop_server() {
  kill -TERM -- "-$SERVER" 2>/dev/null || return 0
  for _ in $(seq 1 30); do
    kill -0 -- "-$SERVER" 2>/dev/null || return 0
    sleep 1
  done
  kill -KILL -- "-$SERVER" 2>/dev/null || true
}
trap stop_server EXIT

until curl -sf -o /dev/null "$BASE/products"; do
  if ! kill -0 "$SERVER" 2>/dev/null || [ $(( $(date +%s) - started )) -gt 300 ]; then
    echo "The service did not start; see $LOG" >&2
    tail -30 "$LOG" >&2
    echo "0 passed, 1 failed"
    exit 1
  fi
  sleep 2
done
echo "Service up on $BASE after $(( $(date +%s) - started )) s"

node browser-tests/scenarios.mjs "$BASE"
