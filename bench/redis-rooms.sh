#!/usr/bin/env bash
# Many small rooms through one Redis, side by side with Socket.IO 4 and its Redis adapter in the
# same session: run-rooms.sh with 1,000 rooms x 10 members, every member talking at each
# per-member rate given (TALKs/s; default 0.2 and 0.5, that is 20,000 and 50,000 deliveries/s),
# the product then Socket.IO, REPEAT times in a row. Each server gets a redis-server of its own,
# started by this script on a free port and stopped after the run, whose CPU the load client
# samples beside the server's (AUX_PIDS), so that the RESULT lines give server and Redis CPU per
# delivery.
#
#   bench/redis-rooms.sh [RATE...]
#
# Environment: BENCH (required): the directory of an external WebSocket load client that speaks
# this protocol and Socket.IO's and provides run-rooms.sh and peers/socketio (see
# docs/BENCHMARKS.md, "What the external runs need"); SERVER_OPTS (the product's JVM, default
# -Xms2g -Xmx2g -XX:+UseG1GC), REPEAT (2), ROOMS (1000), MEMBERS (10), DURATION (20 s per run),
# SKIP_SOCKETIO=1. RESULTS_DIR (default /tmp/wsbench-results) keeps the client's JSON and the
# RESULT lines (redis-rooms.txt).
set -euo pipefail

ROOT="${ROOT:-$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)}"
BENCH="${BENCH:?set BENCH to the directory of the external load client (see docs/BENCHMARKS.md)}"
SERVER_OPTS="${SERVER_OPTS:--Xms2g -Xmx2g -XX:+UseG1GC}"
REPEAT="${REPEAT:-2}"
ROOMS="${ROOMS:-1000}"
MEMBERS="${MEMBERS:-10}"
DURATION="${DURATION:-20}"
RATES=("$@")
[[ ${#RATES[@]} -gt 0 ]] || RATES=(0.2 0.5)

[[ -x "$BENCH/run-rooms.sh" ]] || { echo "no load client's run-rooms.sh at $BENCH (set BENCH)" >&2; exit 2; }
[[ -f "$ROOT/chat-runner/target/chat-runner.jar" ]] || { echo "run mvn -B -q -DskipTests package first" >&2; exit 2; }
for tool in redis-server redis-cli python3; do
    command -v "$tool" >/dev/null || { echo "$tool is not installed" >&2; exit 2; }
done
if [[ -z "${SKIP_SOCKETIO:-}" && ! -d "$BENCH/peers/socketio/node_modules" ]]; then
    echo "$BENCH/peers/socketio/node_modules missing: npm ci in $BENCH/peers/socketio (or SKIP_SOCKETIO=1)" >&2
    exit 2
fi

RESULTS_DIR="${RESULTS_DIR:-/tmp/wsbench-results}"
export RESULTS_DIR
mkdir -p "$RESULTS_DIR"
RESULTS="$RESULTS_DIR/redis-rooms.txt"
: > "$RESULTS"

REDIS_PID=""
stop_redis() {
    if [[ -n "$REDIS_PID" ]]; then
        kill "$REDIS_PID" 2>/dev/null || true
        wait "$REDIS_PID" 2>/dev/null || true
        REDIS_PID=""
    fi
}
trap stop_redis EXIT

# a fresh, empty redis-server without persistence on a free port; sets REDIS_PORT and REDIS_PID
start_redis() {
    REDIS_PORT=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
    redis-server --port "$REDIS_PORT" --bind 127.0.0.1 --save '' --appendonly no \
        > "$RESULTS_DIR/redis-$REDIS_PORT.log" 2>&1 &
    REDIS_PID=$!
    for _ in $(seq 1 100); do
        redis-cli -p "$REDIS_PORT" ping 2>/dev/null | grep -q PONG && return 0
        sleep 0.1
    done
    echo "redis-server on $REDIS_PORT did not start (see $RESULTS_DIR/redis-$REDIS_PORT.log)" >&2
    exit 1
}

# one server through its own Redis: LABEL DIALECT COMMAND (COMMAND may use $REDIS_URL) RATE
through_redis() {
    local label="$1" dialect="$2" command="$3" rate="$4"
    start_redis
    REDIS_URL="redis://127.0.0.1:$REDIS_PORT" AUX_PIDS="redis=$REDIS_PID" LABEL="$label" DIALECT="$dialect" \
        "$BENCH/run-rooms.sh" "$command" "$ROOMS" "$MEMBERS" "$rate" "$DURATION" \
        | grep '^RESULT' | tee -a "$RESULTS" || true
    stop_redis
}

# the load floods on purpose: rate limits raised out of its way; no metrics port
CHAT='RATE_BURST=1000000 RATE_PER_SECOND=1000000 METRICS_PORT=0 java '"$SERVER_OPTS"' -jar '"$ROOT"'/chat-runner/target/chat-runner.jar'
SOCKETIO="node $BENCH/peers/socketio/server.js"

for ((run = 1; run <= REPEAT; run++)); do
    echo "# run $run of $REPEAT, $(date -u +%FT%TZ)"
    for rate in "${RATES[@]}"; do
        through_redis chat-server-redis chat "$CHAT" "$rate"
        if [[ -z "${SKIP_SOCKETIO:-}" ]]; then
            through_redis socketio-redis socketio "$SOCKETIO" "$rate"
        fi
    done
done
