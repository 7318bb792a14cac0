#!/usr/bin/env bash
# Publish-and-deliver throughput of one chat-server instance on one Redis versus on a three-master
# Redis Cluster (sharded Pub/Sub), measured the same way by an external WebSocket load client's
# run-rooms.sh: many small rooms, a fixed message rate per member.
#
#   loadtest/bin/redis-vs-cluster.sh [RATE_PER_MEMBER...]     (default: 5 10 20)
#
# Environment: BENCH (required): the directory of a load client that speaks this protocol and
# provides run-rooms.sh (see docs/BENCHMARKS.md, "What the external runs need"), ROOMS (500),
# MEMBERS (2 per room), DURATION (20 s),
# JAVA_OPTS (the server's JVM, default -Xms2g -Xmx2g -XX:+UseG1GC).
# Starts its own redis-server on a free port and its own cluster (three redis-server
# --cluster-enabled processes in a temporary directory, joined with redis-cli --cluster create),
# never the Redis on 6379, and stops all of them at the end. Prints one RESULT line per run.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
BENCH="${BENCH:?set BENCH to the directory of the external load client (see docs/BENCHMARKS.md)}"
ROOMS="${ROOMS:-500}"
MEMBERS="${MEMBERS:-2}"
DURATION="${DURATION:-20}"
JAVA_OPTS="${JAVA_OPTS:--Xms2g -Xmx2g -XX:+UseG1GC}"
RATES=("$@")
[[ ${#RATES[@]} -gt 0 ]] || RATES=(5 10 20)
JAR="$ROOT/chat-runner/target/chat-runner.jar"

log() { echo "redis-vs-cluster.sh: $*" >&2; }
die() { log "$*"; exit 1; }

command -v redis-server >/dev/null || die "redis-server is not installed (Debian: apt-get install redis-server)"
command -v redis-cli >/dev/null || die "redis-cli is not installed (Debian: apt-get install redis-tools)"
[[ -x "$BENCH/run-rooms.sh" ]] || die "no load client's run-rooms.sh at $BENCH (set BENCH)"
[[ -f "$JAR" ]] || die "$JAR is missing: run mvn -B -q -DskipTests package first"

# a free port whose cluster bus port (port + 10000) is free too, so at most 55535
free_port() {
    python3 - <<'PY'
import random, socket
def free(p):
    s = socket.socket()
    try:
        s.bind(("127.0.0.1", p)); return True
    except OSError:
        return False
    finally:
        s.close()
while True:
    p = random.randint(20000, 55535)
    if free(p) and free(p + 10000):
        print(p); break
PY
}

WORK="$(mktemp -d)"
PIDS=()
cleanup() {
    for pid in "${PIDS[@]}"; do kill "$pid" 2>/dev/null || true; done
    wait 2>/dev/null || true
    rm -rf "$WORK"
}
trap cleanup EXIT

# start_redis DIR PORT [extra args]: a redis-server that keeps nothing on disk; echoes its pid
start_redis() {
    local dir="$1" port="$2"; shift 2
    mkdir -p "$dir"
    (cd "$dir" && exec redis-server --port "$port" --bind 127.0.0.1 --save "" --appendonly no \
        --protected-mode no --loglevel warning "$@" >"$dir/log.txt" 2>&1) &
    local pid=$!
    for _ in $(seq 100); do redis-cli -p "$port" ping >/dev/null 2>&1 && break; sleep 0.1; done
    redis-cli -p "$port" ping >/dev/null 2>&1 || die "redis-server on $port did not start: $(cat "$dir/log.txt")"
    echo "$pid"
}

single_port=$(free_port)
single_pid=$(start_redis "$WORK/single" "$single_port")
PIDS+=("$single_pid")

cluster_ports=()
cluster_pids=()
for i in 0 1 2; do
    p=$(free_port)
    pid=$(start_redis "$WORK/node-$i" "$p" --cluster-enabled yes --cluster-config-file nodes.conf \
        --cluster-node-timeout 2000)
    cluster_ports+=("$p"); cluster_pids+=("$pid"); PIDS+=("$pid")
done
redis-cli --cluster create "${cluster_ports[@]/#/127.0.0.1:}" --cluster-yes >"$WORK/create.log" 2>&1 \
    || die "cluster create failed: $(cat "$WORK/create.log")"
for _ in $(seq 100); do
    redis-cli -p "${cluster_ports[0]}" cluster info | grep -q cluster_state:ok && break; sleep 0.1
done
seeds=$(IFS=,; echo "${cluster_ports[*]/#/127.0.0.1:}")
log "single redis on $single_port; cluster on $seeds"

server="RATE_BURST=1000000 RATE_PER_SECOND=1000000 METRICS_PORT=0 java $JAVA_OPTS -jar $JAR"
for rate in "${RATES[@]}"; do
    LABEL=one-redis AUX_PIDS="redis=$single_pid" \
        "$BENCH/run-rooms.sh" "REDIS_URL=redis://127.0.0.1:$single_port $server" "$ROOMS" "$MEMBERS" "$rate" "$DURATION" \
        | grep '^RESULT' || log "one-redis run at $rate msg/s per member failed"
    LABEL=cluster-3 AUX_PIDS="redis0=${cluster_pids[0]} redis1=${cluster_pids[1]} redis2=${cluster_pids[2]}" \
        "$BENCH/run-rooms.sh" "REDIS_CLUSTER_NODES=$seeds $server" "$ROOMS" "$MEMBERS" "$rate" "$DURATION" \
        | grep '^RESULT' || log "cluster run at $rate msg/s per member failed"
done
