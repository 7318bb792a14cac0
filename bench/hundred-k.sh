#!/usr/bin/env bash
# The 100,000-connection benchmark: Redis, INSTANCES chat-server instances and PROCESSES load-tester
# processes on this machine (one process may hold about 19,000 sockets here), CONNECTIONS users in
# rooms of ROOM_SIZE whose members are spread over all instances, a steady TALK rate for DURATION_SEC.
#
#   bench/hundred-k.sh            (defaults below; every knob is an environment variable)
#
#   CONNECTIONS=100000 INSTANCES=6 PROCESSES=6 ROOM_SIZE=10 RATE=200 (TALKs/s in all)
#   DURATION_SEC=300 WARMUP_SEC=60 BATCH_SIZE=17 BATCH_DELAY_MS=500 CONNECT_CONCURRENCY=50 (per process)
#   (defaults that a 2-core machine carries; connecting faster or sending more saturates it: see
#   docs/BENCHMARKS.md)
#   SERVER_OPTS="-Xms256m -Xmx1g -XX:+UseG1GC" TESTER_OPTS="-Xms256m -Xmx1536m -XX:+UseParallelGC"
#   OUT=bench/results/hundred-k-<date>   (logs, JSON, the summary)
#
# Needs: redis-server, jq, the jars (mvn -B -q -DskipTests package), an open-files limit of at least
# 20,000 per process and a local port range wide enough (set here when run as root).
# CPU is sampled over the steady phase; heap (after a forced GC) and RSS once the last TALK was
# delivered, while the connections are still held. Prints what was reached and held, connect rate, deliveries/s, latency, losses, heap per connection
# after GC, RSS and CPU per instance, and each JVM's longest GC pause (GC logs in OUT); exits 1
# when any connection failed or any delivery was lost.
set -euo pipefail

ROOT="${ROOT:-$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)}"  # ROOT=... when run from a copy
CONNECTIONS="${CONNECTIONS:-100000}"
INSTANCES="${INSTANCES:-6}"
PROCESSES="${PROCESSES:-6}"
ROOM_SIZE="${ROOM_SIZE:-10}"
RATE="${RATE:-200}"
DURATION_SEC="${DURATION_SEC:-300}"
WARMUP_SEC="${WARMUP_SEC:-60}"
BATCH_SIZE="${BATCH_SIZE:-17}"
BATCH_DELAY_MS="${BATCH_DELAY_MS:-500}"
CONNECT_CONCURRENCY="${CONNECT_CONCURRENCY:-50}"
HOLD_SEC=60 # after the last TALK every connection stays open this long: heap and RSS are measured then
SERVER_OPTS="${SERVER_OPTS:--Xms256m -Xmx1g -XX:+UseG1GC}"
TESTER_OPTS="${TESTER_OPTS:--Xms256m -Xmx1536m -XX:+UseParallelGC}"
OUT="${OUT:-$ROOT/bench/results/hundred-k-$(date -u +%Y%m%dT%H%M%SZ)}"
SERVER_JAR="$ROOT/chat-runner/target/chat-runner.jar"
TESTER_JAR="$ROOT/loadtest/target/load-tester.jar"
BASE_PORT="${BASE_PORT:-18101}"

log() { echo "[$(date -u +%T)] hundred-k: $*" >&2; }
die() { log "ERROR: $*"; exit 2; }

# ---- what the run needs from the machine ----
for tool in redis-server redis-cli jq java jcmd; do
    command -v "$tool" >/dev/null || die "$tool is not installed"
done
[[ -f "$SERVER_JAR" && -f "$TESTER_JAR" ]] || die "jars missing: run 'mvn -B -q -DskipTests package' in $ROOT"
per_process=$(( (CONNECTIONS + PROCESSES - 1) / PROCESSES ))
per_instance=$(( (CONNECTIONS + INSTANCES - 1) / INSTANCES ))
need_files=$(( (per_process > per_instance ? per_process : per_instance) + 500 ))
ulimit -n "$(ulimit -Hn)" 2>/dev/null || true
[[ "$(ulimit -n)" == unlimited || "$(ulimit -n)" -ge "$need_files" ]] \
    || die "open files limit is $(ulimit -n), each process needs $need_files: raise it (ulimit -n) or add PROCESSES/INSTANCES"
(( per_process <= 19000 )) || die "$per_process connections per load process is more than one process can hold: raise PROCESSES"
(( per_instance <= 19000 )) || die "$per_instance connections per instance is more than one process can hold: raise INSTANCES"
read -r port_lo port_hi < /proc/sys/net/ipv4/ip_local_port_range
if (( port_hi - port_lo + 1 < per_instance + 1000 )); then
    if [[ $EUID -eq 0 ]]; then
        sysctl -q -w net.ipv4.ip_local_port_range="1024 65535"
        log "widened net.ipv4.ip_local_port_range to 1024-65535"
    else
        die "local port range $port_lo-$port_hi is too narrow for $per_instance connections to one instance: run as root or set net.ipv4.ip_local_port_range=\"1024 65535\""
    fi
fi
# rooms per process coprime with INSTANCES, so each room's members land on different instances
rooms_per_process=$(( per_process / ROOM_SIZE ))
(( rooms_per_process >= 1 )) || rooms_per_process=1
gcd() { local a=$1 b=$2; while (( b )); do local t=$b; b=$(( a % b )); a=$t; done; echo "$a"; }
while (( rooms_per_process > 1 && $(gcd "$rooms_per_process" "$INSTANCES") != 1 )); do rooms_per_process=$(( rooms_per_process - 1 )); done

mkdir -p "$OUT"
PIDS=()
cleanup() {
    for pid in "${PIDS[@]}"; do kill "$pid" 2>/dev/null || true; done
    wait 2>/dev/null || true
}
trap cleanup EXIT

cpu_ticks() { awk '{print $14 + $15}' "/proc/$1/stat"; }
rss_kb() { awk '/VmRSS/ {print $2}' "/proc/$1/status"; }
heap_used_kb() {  # after a full GC
    jcmd "$1" GC.run >/dev/null 2>&1 || true
    jcmd "$1" GC.heap_info 2>/dev/null | awk '/used/ && /garbage-first heap|PSYoungGen|heap/ {for (i=1;i<=NF;i++) if ($i=="used") {v=$(i+1); gsub(/[K,]/,"",v); print v; exit}}'
}

# ---- Redis, then the instances ----
redis_port=$(( BASE_PORT - 1 ))
redis-server --port "$redis_port" --bind 127.0.0.1 --save "" --appendonly no --maxclients 20000 \
    --loglevel warning >"$OUT/redis.log" 2>&1 &
redis_pid=$!; PIDS+=("$redis_pid")
for _ in $(seq 100); do redis-cli -p "$redis_port" ping >/dev/null 2>&1 && break; sleep 0.1; done

server_pids=(); urls=()
for i in $(seq 0 $(( INSTANCES - 1 ))); do
    port=$(( BASE_PORT + i ))
    SERVER_PORT=$port METRICS_PORT=$(( BASE_PORT + 1000 + i )) INSTANCE_ID="hk-$i" \
        REDIS_URL="redis://127.0.0.1:$redis_port" MAX_CONNECTIONS=19000 \
        java $SERVER_OPTS -Xlog:gc:file="$OUT/server-$i-gc.log":uptime -jar "$SERVER_JAR" >"$OUT/server-$i.log" 2>&1 &
    server_pids+=($!); PIDS+=($!)
    urls+=("ws://127.0.0.1:$port/ws/chat")
done
for i in $(seq 0 $(( INSTANCES - 1 ))); do
    for _ in $(seq 300); do grep -q "listening on" "$OUT/server-$i.log" && break; sleep 0.1; done
    grep -q "listening on" "$OUT/server-$i.log" || die "instance $i did not start: $(tail -3 "$OUT/server-$i.log")"
done
target=$(IFS=,; echo "${urls[*]}")
declare -A baseline # heap of each idle instance, subtracted from the per-connection figure
for pid in "${server_pids[@]}"; do b=$(heap_used_kb "$pid"); baseline[$pid]=${b:-0}; done
log "redis on $redis_port, $INSTANCES instances on $BASE_PORT+; $PROCESSES load processes x $per_process connections,"
log "$rooms_per_process rooms of ~$ROOM_SIZE each, $RATE TALKs/s in all for ${DURATION_SEC}s (+${WARMUP_SEC}s warm-up)"

# ---- the load ----
tester_pids=()
start=$(date +%s)
for p in $(seq 0 $(( PROCESSES - 1 ))); do
    TARGET_URL="$target" CONN_COUNT=$per_process CLIENT_ID="hk$p" ROOM_ID="hk$p-room" \
        ROOM_COUNT=$rooms_per_process MSG_RATE=$(awk -v r="$RATE" -v p="$PROCESSES" 'BEGIN {print r / p}') \
        DURATION_SEC=$(( DURATION_SEC + WARMUP_SEC )) WARMUP_SEC=$WARMUP_SEC BATCH_SIZE=$BATCH_SIZE \
        BATCH_DELAY_MS=$BATCH_DELAY_MS CONNECT_CONCURRENCY=$CONNECT_CONCURRENCY STAT_INTERVAL_SEC=15 DRAIN_SEC=20 \
        HOLD_SEC=$HOLD_SEC JSON_OUT="$OUT/tester-$p.json" \
        java $TESTER_OPTS -Xlog:gc:file="$OUT/tester-$p-gc.log":uptime -jar "$TESTER_JAR" >"$OUT/tester-$p.out" 2>"$OUT/tester-$p.log" &
    tester_pids+=($!); PIDS+=($!)
done

# CPU of the instances and Redis over the steady phase: once every process has connected (its
# "sending" line) and the warm-up has passed
until [[ $(grep -l "sending" "$OUT"/tester-*.log 2>/dev/null | wc -l) -eq $PROCESSES ]]; do
    for pid in "${tester_pids[@]}"; do kill -0 "$pid" 2>/dev/null || die "a load process ended while connecting: see $OUT"; done
    sleep 2
done
connected_at=$(( $(date +%s) - start ))
log "all $PROCESSES load processes connected after ${connected_at}s; measuring after the warm-up"
sleep "$WARMUP_SEC"
declare -A t0
for pid in "${server_pids[@]}" "$redis_pid"; do t0[$pid]=$(cpu_ticks "$pid"); done
window_start=$(date +%s.%N)
sleep $(( DURATION_SEC * 3 / 4 ))
window=$(echo "$(date +%s.%N) - $window_start" | bc)
hz=$(getconf CLK_TCK)
declare -A cores
for pid in "${server_pids[@]}" "$redis_pid"; do
    cores[$pid]=$(echo "scale=3; ($(cpu_ticks "$pid") - ${t0[$pid]}) / $hz / $window" | bc)
done
# heap (after a forced full GC, which pauses an instance) and RSS: once the last TALK is sent and
# delivered, while every connection is still held
sleep $(( DURATION_SEC - DURATION_SEC * 3 / 4 + 25 ))
connected_now=0
for i in $(seq 0 $(( INSTANCES - 1 ))); do
    c=$(curl -s "http://127.0.0.1:$(( BASE_PORT + 1000 + i ))/metrics" | awk '/^chat_connections_active / {print int($2)}')
    connected_now=$(( connected_now + ${c:-0} ))
done
# why connections went, per instance: close codes counted by the server (code:count,...), idle
# disconnects (no pong in time) and slow consumers, so that a run that drops connections says why
{
    echo "instance rss_mb cpu_cores heap_used_mb heap_per_conn_kb(minus_idle) connections idle_closed slow_consumers close_codes"
    for i in $(seq 0 $(( INSTANCES - 1 ))); do
        pid=${server_pids[$i]}
        metrics=$(curl -s "http://127.0.0.1:$(( BASE_PORT + 1000 + i ))/metrics")
        conns=$(awk '/^chat_connections_active / {print int($2)}' <<<"$metrics")
        idle=$(awk '/^chat_idle_disconnects_total / {print int($2)}' <<<"$metrics")
        slow=$(awk '/^chat_slow_consumer_disconnects_total / {print int($2)}' <<<"$metrics")
        codes=$(awk -F'[{}"]' '/^chat_connections_closed_total\{/ {for (k = 1; k < NF; k++) if ($k ~ /code=$/) c = $(k + 1);
                split($0, v, " "); if (int(v[length(v)]) > 0) { printf "%s%s:%d", sep, c, int(v[length(v)]); sep = "," }}' <<<"$metrics")
        heap=$(heap_used_kb "$pid"); heap=${heap:-0}
        echo "hk-$i $(( $(rss_kb "$pid") / 1024 )) ${cores[$pid]} $(( heap / 1024 )) $(echo "scale=2; ($heap - ${baseline[$pid]}) / (${conns:-1} + 0.0001)" | bc) ${conns:-0} ${idle:-0} ${slow:-0} ${codes:--}"
    done
} > "$OUT/instances.txt"
redis_cores=${cores[$redis_pid]}

failed=0
for pid in "${tester_pids[@]}"; do wait "$pid" || failed=1; done
elapsed=$(( $(date +%s) - start ))

# ---- the summary ----
jq -s --argjson connectedMid "$connected_now" --arg redisCores "$redis_cores" '
  {processes: length,
   connections: (map(.connections) | add), connected: (map(.connected) | add), joined: (map(.joined) | add),
   connectedAtMidRun: $connectedMid,
   connectFailures: (map(.connectFailures) | add), disconnected: (map(.disconnected) | add),
   errors: (map(.errors) | add), connectsPerSec: (map(.connectsPerSec) | add),
   sent: (map(.sent) | add), expectedDeliveries: (map(.expectedDeliveries) | add),
   received: (map(.received) | add), missing: (map(.missing) | add), duplicates: (map(.duplicates) | add),
   orderViolations: (map(.orderViolations) | add), deliveriesPerSec: (map(.deliveriesPerSec) | add),
   latencyMsWorstProcess: {p50: (map(.latencyMs.p50) | max), p90: (map(.latencyMs.p90) | max),
     p99: (map(.latencyMs.p99) | max), p999: (map(.latencyMs.p999) | max), max: (map(.latencyMs.max) | max)},
   redisCores: ($redisCores | tonumber), ok: (map(.ok) | all)}' "$OUT"/tester-*.json > "$OUT/summary.json"
{
    echo "hundred-k: $(date -u +%FT%TZ), $(nproc) cores, $(free -g | awk '/Mem:/ {print $2}') GiB, $(java -version 2>&1 | head -1)"
    echo "command: CONNECTIONS=$CONNECTIONS INSTANCES=$INSTANCES PROCESSES=$PROCESSES ROOM_SIZE=$ROOM_SIZE RATE=$RATE DURATION_SEC=$DURATION_SEC WARMUP_SEC=$WARMUP_SEC BATCH_SIZE=$BATCH_SIZE BATCH_DELAY_MS=$BATCH_DELAY_MS CONNECT_CONCURRENCY=$CONNECT_CONCURRENCY bench/hundred-k.sh"
    echo "server JVM: $SERVER_OPTS; load JVM: $TESTER_OPTS; all connected after ${connected_at}s; run took ${elapsed}s"
    jq -r '"connections: \(.joined) of \(.connections) joined (\(.connectFailures) failed), \(.connectedAtMidRun) open after the last TALK, \(.disconnected) dropped; connect rate \(.connectsPerSec | floor)/s",
           "TALKs: \(.sent) sent, deliveries \(.received) of \(.expectedDeliveries) (\(.missing) missing, \(.duplicates) duplicate, \(.orderViolations) out of order), \(.deliveriesPerSec | floor)/s",
           "latency (worst process, from planned send time): p50 \(.latencyMsWorstProcess.p50) ms, p99 \(.latencyMsWorstProcess.p99) ms, p99.9 \(.latencyMsWorstProcess.p999) ms, max \(.latencyMsWorstProcess.max) ms",
           "errors \(.errors); redis \(.redisCores) cores; ok: \(.ok)"' "$OUT/summary.json"
    column -t "$OUT/instances.txt"
    # a process that stops for seconds cannot answer pings: the first thing to look at when
    # connections were dropped with 1001
    for gc in "$OUT"/server-*-gc.log "$OUT"/tester-*-gc.log; do
        # pauses only: G1's concurrent cycles are logged with their (non-pausing) duration too
        printf '%s %s\n' "$(basename "$gc" -gc.log)" "$(grep ' Pause ' "$gc" | grep -o '[0-9.]*ms$' | sort -n | tail -1)"
    done | awk '{printf "%s longest GC pause %s; ", $1, ($2 == "" ? "none" : $2)} END {print ""}'
} | tee "$OUT/summary.txt"
[[ $failed -eq 0 && "$(jq -r .ok "$OUT/summary.json")" == true ]] || exit 1
