#!/usr/bin/env bash
# The webhook storm at full size: thousands of signed PayPal events (approval and capture of every order), a
# share delivered twice, shuffled, sent by several clients at once, against the service with a real PostgreSQL
# and PayPal faked at its HTTP boundary. It asserts 0 lost, 0 doubled, 0 5xx and a healthy pool, and prints a
# "STORM ..." line with the figures. CI runs the same test small (40 orders) as part of ./mvnw verify.
#
#   bench/webhook-storm.sh [orders] [clients] [duplicate-share]     (defaults: 1500 orders, 8 clients, 0.3)
set -euo pipefail
cd "$(dirname "$0")/.."
orders=${1:-1500}
clients=${2:-8}
duplicates=${3:-0.3}
log=target/webhook-storm.log
mkdir -p target
status=0
./mvnw -B test -Dtest=WebhookStormTest -Dsurefire.failIfNoSpecifiedTests=false \
  -Dstorm.orders="$orders" -Dstorm.clients="$clients" -Dstorm.duplicates="$duplicates" > "$log" 2>&1 || status=$?
grep -E "^STORM|Tests run:.*WebhookStormTest|AssertionFailed" "$log" || true
echo "full log: $log"
exit "$status"
