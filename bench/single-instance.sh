#!/usr/bin/env bash
# Single-instance profile, side by side with a raw-Netty reference chat server in the same
# session, each workload run for the product then the reference, REPEAT times in a row:
#   - many small rooms where every member talks: run-rooms.sh 1000 rooms x 10 members at each
#     per-member rate in ROOM_RATES (TALKs/s; default "0.5 2", that is 50,000 and 200,000
#     deliveries/s);
#   - fan-out to one room of 1,000 members at each delivery rate given as an argument (default
#     100000 150000);
#   - idle heap per connection at IDLE_CONNS connections (15,000).
#
#   bench/single-instance.sh [RATE...]        (fan-out deliveries/s)
#
# Environment: BENCH (required): the directory of an external WebSocket load client that speaks
# this protocol and provides run-idle-memory.sh, run-fanout.sh and run-rooms.sh (each takes a
# server command and prints one RESULT line) and a raw-Netty reference server at
# peers/netty-ceiling/target/netty-ceiling.jar (see docs/BENCHMARKS.md, "What the external runs
# need"); SERVER_OPTS (both servers' JVM, default -Xms2g -Xmx2g -XX:+UseG1GC), REPEAT (2),
# ROOM_RATES, IDLE_CONNS, DURATION (20 s per run), SKIP_ROOMS=1 / SKIP_FANOUT=1 / SKIP_IDLE=1.
# Prints the client's RESULT lines (server CPU per delivery, latency percentiles, loss, heap per
# connection); RESULTS_DIR (default /tmp/wsbench-results) keeps their JSON, the RESULT lines
# (single-instance.txt) and, drawn from them by bench/latency-graph.py when python3 is there, p99
# latency against offered rate for both servers (latency.svg).
set -euo pipefail

ROOT="${ROOT:-$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)}"
BENCH="${BENCH:?set BENCH to the directory of the external load client (see docs/BENCHMARKS.md)}"
SERVER_OPTS="${SERVER_OPTS:--Xms2g -Xmx2g -XX:+UseG1GC}"
IDLE_CONNS="${IDLE_CONNS:-15000}"
REPEAT="${REPEAT:-2}"
DURATION="${DURATION:-20}"
read -r -a ROOM_RATES <<<"${ROOM_RATES:-0.5 2}"
RATES=("$@")
[[ ${#RATES[@]} -gt 0 ]] || RATES=(100000 150000)

for script in run-idle-memory.sh run-fanout.sh run-rooms.sh; do
    [[ -x "$BENCH/$script" ]] || { echo "no load client's $script at $BENCH (set BENCH)" >&2; exit 2; }
done
[[ -f "$ROOT/chat-runner/target/chat-runner.jar" ]] || { echo "run mvn -B -q -DskipTests package first" >&2; exit 2; }
CEILING_JAR="$BENCH/peers/netty-ceiling/target/netty-ceiling.jar"
[[ -f "$CEILING_JAR" ]] || { echo "$CEILING_JAR missing: mvn -B -q package in $BENCH/peers/netty-ceiling" >&2; exit 2; }

# the load floods on purpose: rate limits raised out of its way; no metrics port
CHAT="RATE_BURST=1000000 RATE_PER_SECOND=1000000 METRICS_PORT=0 java $SERVER_OPTS -jar $ROOT/chat-runner/target/chat-runner.jar"
CEILING="java $SERVER_OPTS -jar $CEILING_JAR"

RESULTS_DIR="${RESULTS_DIR:-/tmp/wsbench-results}"
export RESULTS_DIR
mkdir -p "$RESULTS_DIR"
RESULTS="$RESULTS_DIR/single-instance.txt"
: > "$RESULTS"

# both servers, one after the other, for one workload: SCRIPT ARGS...
side_by_side() {
    local script="$1"; shift
    LABEL=chat-server "$BENCH/$script" "$CHAT" "$@" | grep '^RESULT' | tee -a "$RESULTS" || true
    LABEL=ceiling "$BENCH/$script" "$CEILING" "$@" | grep '^RESULT' | tee -a "$RESULTS" || true
}

for ((run = 1; run <= REPEAT; run++)); do
    echo "# run $run of $REPEAT, $(date -u +%FT%TZ)"
    if [[ -z "${SKIP_ROOMS:-}" ]]; then
        for rate in "${ROOM_RATES[@]}"; do
            side_by_side run-rooms.sh 1000 10 "$rate" "$DURATION"
        done
    fi
    if [[ -z "${SKIP_FANOUT:-}" ]]; then
        for rate in "${RATES[@]}"; do
            side_by_side run-fanout.sh 1000 "$rate" "$DURATION"
        done
    fi
    if [[ -z "${SKIP_IDLE:-}" ]]; then
        side_by_side run-idle-memory.sh "$IDLE_CONNS"
    fi
done

if command -v python3 >/dev/null 2>&1 && grep -q ' p99=' "$RESULTS"; then
    python3 "$ROOT/bench/latency-graph.py" < "$RESULTS" > "$RESULTS_DIR/latency.svg" \
        && echo "# p99 against offered rate: $RESULTS_DIR/latency.svg"
fi
