#!/usr/bin/env bash
# One fanout benchmark against a fresh chat server on a free loopback port.
#
#   loadtest/bin/fanout.sh [extra loadtest options, e.g. --concurrency 100]
#
# Environment: MEMBERS (1000), MESSAGES (200), RATE (20 TALKs/s), TIMEOUT_S (60),
# JAVA_OPTS (the server's JVM), LOADTEST_JAVA_OPTS (the load generator's JVM).
# Builds the jars when they are missing or older than the sources, starts the server, runs the
# fanout, prints its JSON line on stdout and always stops the server (SIGTERM, then waits).
# Exit code: the load generator's (0 all delivered, 1 something lost or failed, 2 bad arguments).
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$ROOT"

MEMBERS="${MEMBERS:-1000}"
MESSAGES="${MESSAGES:-200}"
RATE="${RATE:-20}"
TIMEOUT_S="${TIMEOUT_S:-60}"
SERVER_JAR=chat-runner/target/chat-runner.jar
LOADTEST_JAR=loadtest/target/load-tester.jar
START_WAIT_S=30
STOP_WAIT_S=20

log() { echo "fanout.sh: $*" >&2; }

needs_build() {
    [[ ! -f "$SERVER_JAR" || ! -f "$LOADTEST_JAR" ]] && return 0
    local oldest="$SERVER_JAR"
    [[ "$LOADTEST_JAR" -ot "$oldest" ]] && oldest="$LOADTEST_JAR"
    [[ -n "$(find pom.xml ./*/pom.xml ./*/src/main -newer "$oldest" -print -quit)" ]]
}

if needs_build; then
    log "building (mvn -q -B -DskipTests install)"
    mvn -q -B -DskipTests install
fi

SERVER_LOG="$ROOT/loadtest/target/fanout-server.log" # kept after the run, replaced by the next
mkdir -p "$(dirname "$SERVER_LOG")"
SERVER_PID=""

stop_server() {
    if [[ -n "$SERVER_PID" ]] && kill -0 "$SERVER_PID" 2>/dev/null; then
        log "stopping the server (pid $SERVER_PID)"
        kill -TERM "$SERVER_PID" 2>/dev/null || true
        for _ in $(seq $((STOP_WAIT_S * 10))); do
            kill -0 "$SERVER_PID" 2>/dev/null || break
            sleep 0.1
        done
        if kill -0 "$SERVER_PID" 2>/dev/null; then
            log "server still running after ${STOP_WAIT_S}s, killing it"
            kill -KILL "$SERVER_PID" 2>/dev/null || true
        fi
        wait "$SERVER_PID" 2>/dev/null || true
    fi
    if grep -q -E 'WARNING|SEVERE|Exception' "$SERVER_LOG" 2>/dev/null; then
        log "the server logged problems (full log: $SERVER_LOG), the first:"
        grep -v -E '^[[:space:]]+at ' "$SERVER_LOG" | grep -m 20 -E -A1 'WARNING|SEVERE|Exception' \
            | sed 's/^/  server| /' >&2
    else
        log "server log: $SERVER_LOG"
    fi
}
trap stop_server EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# Port 0: the server picks a free port and logs it, so there is no race for it.
# shellcheck disable=SC2086 # JAVA_OPTS is a list of JVM options
SERVER_HOST=127.0.0.1 SERVER_PORT=0 METRICS_PORT=0 RATE_BURST=1000000 RATE_PER_SECOND=1000000 java ${JAVA_OPTS:-} -jar "$SERVER_JAR" >"$SERVER_LOG" 2>&1 &
SERVER_PID=$!

URL=""
for _ in $(seq $((START_WAIT_S * 10))); do
    URL="$(grep -o 'listening on ws://[^ ]*' "$SERVER_LOG" | head -n 1 | cut -d' ' -f3 || true)"
    [[ -n "$URL" ]] && break
    if ! kill -0 "$SERVER_PID" 2>/dev/null; then
        log "the server exited before it listened"
        exit 1
    fi
    sleep 0.1
done
if [[ -z "$URL" ]]; then
    log "the server did not log 'listening on' within ${START_WAIT_S}s"
    exit 1
fi
if [[ "$URL" != ws://127.0.0.1:* ]]; then
    log "refusing a non-loopback URL: $URL"
    exit 1
fi
log "server pid $SERVER_PID listening on $URL"

# Every phase of the run is bounded by --timeout-s; this is the backstop for all of them together.
LIMIT_S="$(awk -v m="$MESSAGES" -v r="$RATE" -v t="$TIMEOUT_S" 'BEGIN { printf "%d", m / r + 5 * t + 60 }')"
set +e
# shellcheck disable=SC2086 # LOADTEST_JAVA_OPTS is a list of JVM options
JSON="$(timeout --kill-after=10 "$LIMIT_S" java ${LOADTEST_JAVA_OPTS:-} -jar "$LOADTEST_JAR" fanout \
    --url "$URL" --members "$MEMBERS" --messages "$MESSAGES" --rate "$RATE" --timeout-s "$TIMEOUT_S" "$@")"
STATUS=$?
set -e
if [[ -n "$JSON" ]]; then echo "$JSON"; fi
if [[ $STATUS -eq 124 || $STATUS -eq 137 ]]; then
    log "the load generator did not finish within ${LIMIT_S}s"
    STATUS=1
fi
exit "$STATUS"
