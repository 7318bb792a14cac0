#!/usr/bin/env bash
# Single-instance profile, side by side with a raw-Netty reference chat server in the same
# session: idle heap per connection at 15,000 connections, and fan-out to one room of 1,000
# members at increasing delivery rates until latency breaks.
#
#   bench/single-instance.sh [RATE...]        (deliveries/s; default 50000 100000 150000 200000)
#
# Environment: BENCH (required): the directory of an external WebSocket load client that speaks
# this protocol and provides run-idle-memory.sh and run-fanout.sh (each takes a server command and
# prints one RESULT line) and a raw-Netty reference server at peers/netty-ceiling/target/
# netty-ceiling.jar (see docs/BENCHMARKS.md, "What the external runs need"); SERVER_OPTS (both
# servers' JVM, default -Xms2g -Xmx2g -XX:+UseG1GC), IDLE_CONNS (15000), SKIP_IDLE=1 / SKIP_FANOUT=1.
# Prints the client's RESULT lines (server CPU per delivery, latency percentiles, loss, heap per
# connection); RESULTS_DIR (default /tmp/wsbench-results) keeps their JSON.
set -euo pipefail

ROOT="${ROOT:-$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)}"
BENCH="${BENCH:?set BENCH to the directory of the external load client (see docs/BENCHMARKS.md)}"
SERVER_OPTS="${SERVER_OPTS:--Xms2g -Xmx2g -XX:+UseG1GC}"
IDLE_CONNS="${IDLE_CONNS:-15000}"
RATES=("$@")
[[ ${#RATES[@]} -gt 0 ]] || RATES=(50000 100000 150000 200000)

[[ -x "$BENCH/run-fanout.sh" ]] || { echo "no load client's run-fanout.sh at $BENCH (set BENCH)" >&2; exit 2; }
[[ -f "$ROOT/chat-runner/target/chat-runner.jar" ]] || { echo "run mvn -B -q -DskipTests package first" >&2; exit 2; }
CEILING_JAR="$BENCH/peers/netty-ceiling/target/netty-ceiling.jar"
[[ -f "$CEILING_JAR" ]] || { echo "$CEILING_JAR missing: mvn -B -q package in $BENCH/peers/netty-ceiling" >&2; exit 2; }

# the load floods on purpose: rate limits raised out of its way; no metrics port
CHAT="RATE_BURST=1000000 RATE_PER_SECOND=1000000 METRICS_PORT=0 java $SERVER_OPTS -jar $ROOT/chat-runner/target/chat-runner.jar"
CEILING="java $SERVER_OPTS -jar $CEILING_JAR"

if [[ -z "${SKIP_IDLE:-}" ]]; then
    LABEL=chat-server "$BENCH/run-idle-memory.sh" "$CHAT" "$IDLE_CONNS" | grep '^RESULT' || true
    LABEL=ceiling "$BENCH/run-idle-memory.sh" "$CEILING" "$IDLE_CONNS" | grep '^RESULT' || true
fi
if [[ -z "${SKIP_FANOUT:-}" ]]; then
    for rate in "${RATES[@]}"; do
        LABEL=chat-server "$BENCH/run-fanout.sh" "$CHAT" 1000 "$rate" 20 | grep '^RESULT' || true
        LABEL=ceiling "$BENCH/run-fanout.sh" "$CEILING" 1000 "$rate" 20 | grep '^RESULT' || true
    done
fi
