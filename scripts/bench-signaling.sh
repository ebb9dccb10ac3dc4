#!/usr/bin/env bash
# scripts/bench-signaling.sh — benchmark of signaling-service's relay (not a test).
#
#   scripts/bench-signaling.sh [--rate N] [--rooms N] [--duration S] [--warmup S]
#                              [--idle N] [--cross-rate N] [--only relay|idle|cross]
#                              [--event-loops N] [--no-build] [--app DIR] [--jfr] [--histogram]
#                              [--compression] [--reference socketio]
#
# Starts the packaged signaling-service (target/quarkus-app, profile local, scripts/suite.sh's
# JVM options + -Xmn16m; override with CONVENE_JAVA_OPTS) pinned to core 0 against a private redis-server (also core 0; never the
# shared Redis), and the load generator (signaling-service/src/test/java/.../bench/SignalingBench)
# pinned to core 1. Rooms of 4 participants; ICE-candidate-sized (~300 byte) targeted messages.
#   relay  one replica, every message to a peer on the same replica (default 40000 msg/s)
#   idle   N joined idle connections (default 15000): RSS growth per connection
#   cross  two replicas, every message to a peer on the other replica, through Redis
#          (default 10000 msg/s); CPU of both replicas and of Redis per message
# The replica gets one Vert.x event loop per core it is pinned to (--event-loops, default 1):
# more loops than cores only add hand-offs between threads.
# --app DIR benchmarks another build of the app (a copy of target/quarkus-app, for before/after
# comparisons); --jfr records a JFR profile of each replica (target/bench/<replica>.jfr; adds
# a few % of CPU, so compare profiled runs only with profiled runs); --histogram prints, for the
# idle phase, the live heap growth per connection by class (jcmd GC.class_histogram);
# --compression makes the generator offer permessage-deflate in its handshakes, as browsers do.
# --generator-transport nio runs the load generator on Java NIO instead of Netty's epoll
# transport (the default since session 5, like the service's). BENCH_GENERATOR_OPTS adds JVM
# options to the generator (e.g. BENCH_GENERATOR_OPTS=-Xlog:gc to see its pauses).
# --reference socketio runs the relay phase a second time against the issue's reference, a
# single-process Node socket.io relay (scripts/bench/socketio-relay, `npm ci` on first use),
# pinned and driven the same way (same rooms, rate, message, generator), so both are measured in
# one run and compare as a ratio.
# Prints: sustained relay rate, p50/p99 latency, server CPU µs per relayed message (from
# /proc/<pid>/stat utime+stime), RSS per idle connection. Everything binds 127.0.0.1; bounded
# in time (each phase warmup + duration seconds). Needs: scripts/infra.sh up (dev room key), taskset.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

RATE=40000 ROOMS=250 DURATION=20 WARMUP=20 IDLE=15000 CROSS_RATE=10000 ONLY="" BUILD=1 EVENT_LOOPS=1 APP="" JFR=0 HISTOGRAM=false COMPRESSION=false REFERENCE="" GENERATOR_TRANSPORT=epoll
while (($#)); do
    case $1 in
        --rate) RATE=$2; shift 2 ;;
        --rooms) ROOMS=$2; shift 2 ;;
        --duration) DURATION=$2; shift 2 ;;
        --warmup) WARMUP=$2; shift 2 ;;
        --idle) IDLE=$2; shift 2 ;;
        --cross-rate) CROSS_RATE=$2; shift 2 ;;
        --only) ONLY=$2; shift 2 ;;
        --event-loops) EVENT_LOOPS=$2; shift 2 ;;
        --no-build) BUILD=0; shift ;;
        --app) APP=$2; BUILD=0; shift 2 ;;
        --jfr) JFR=1; shift ;;
        --histogram) HISTOGRAM=true; shift ;;
        --compression) COMPRESSION=true; shift ;;
        --reference) REFERENCE=$2; shift 2 ;;
        --generator-transport) GENERATOR_TRANSPORT=$2; shift 2 ;;
        -h | --help) sed -n '2,/^set -euo/{/^set -euo/!p}' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
        *) die "unknown option $1" ;;
    esac
done

MODULE="$REPO/signaling-service"
JAR="${APP:-$MODULE/target/quarkus-app}/quarkus-run.jar"
WORK="$MODULE/target/bench"
# scripts/suite.sh's JVM options plus a fixed 16 MB young generation: the relay's garbage dies
# young, and a small eden keeps RSS close to the live data (15,000 idle sockets).
JAVA_OPTS=${CONVENE_JAVA_OPTS:--Xms64m -Xmx512m -XX:+UseSerialGC -Xmn16m}
CORES=$(nproc)
SERVER_CPU=0
CLIENT_CPU=$((CORES > 1 ? 1 : 0))
mkdir -p "$WORK"

# Each side holds one descriptor per connection (hard limit here: 20000 per process).
ulimit -n "$(ulimit -Hn)" 2>/dev/null || warn "could not raise the descriptor limit ($(ulimit -n))"

if ((BUILD)) || [[ ! -f $JAR ]]; then
    info "building signaling-service (package, tests compiled but not run)"
    (cd "$REPO" && ./mvnw -B -q -pl signaling-service -am install -DskipTests)
fi
if [[ ! -s $WORK/classpath ]] || [[ $MODULE/pom.xml -nt $WORK/classpath ]]; then
    (cd "$REPO" && ./mvnw -B -q -pl signaling-service dependency:build-classpath \
        -Dmdep.includeScope=test -Dmdep.outputFile="$WORK/classpath")
fi
CLASSPATH="$MODULE/target/test-classes:$MODULE/target/classes:$(cat "$WORK/classpath")"

PIDS=()
cleanup() {
    local pid
    for pid in "${PIDS[@]}"; do
        kill "$pid" 2>/dev/null || true
    done
    for pid in "${PIDS[@]}"; do
        wait "$pid" 2>/dev/null || true
    done
}
trap cleanup EXIT INT TERM

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }

start_redis() {
    REDIS_PORT=$(free_port)
    taskset -c "$SERVER_CPU" redis-server --port "$REDIS_PORT" --bind 127.0.0.1 --save '' --appendonly no \
        --daemonize no >"$WORK/redis.log" 2>&1 &
    REDIS_PID=$!
    PIDS+=("$REDIS_PID")
    wait_for "bench redis" 10 redis-cli -p "$REDIS_PORT" ping >/dev/null
}

# start_replica NAME -> sets REPLICA_PORT, REPLICA_PID
start_replica() {
    local name=$1 profile=()
    REPLICA_PORT=$(free_port)
    ((JFR)) && profile=("-XX:StartFlightRecording=filename=$WORK/$name.jfr,settings=profile")
    # The relay benchmark needs no SFU: Janus at a closed loopback port (refused at once) keeps
    # the replica off the local run's Janus network and out of the figures.
    # shellcheck disable=SC2086 # JAVA_OPTS is a list of options
    CONVENE_REDIS_URL="redis://127.0.0.1:$REDIS_PORT" CONVENE_EVENTS_PREFIX="convene-bench" CONVENE_JANUS_URLS="ws://127.0.0.1:9" \
        taskset -c "$SERVER_CPU" java $JAVA_OPTS "${profile[@]}" -Dquarkus.profile=local -Dconvene.root="$REPO" \
        -Dquarkus.http.port="$REPLICA_PORT" -Dquarkus.http.host=127.0.0.1 -Dquarkus.log.level=WARN -Dquarkus.vertx.event-loops-pool-size="$EVENT_LOOPS" \
        -jar "$JAR" >"$WORK/$name.log" 2>&1 &
    REPLICA_PID=$!
    PIDS+=("$REPLICA_PID")
    wait_for "$name to be ready" 60 curl -sf -m 2 "http://127.0.0.1:$REPLICA_PORT/q/health/ready" -o /dev/null
}

start_socketio_relay() {
    local dir="$REPO/scripts/bench/socketio-relay"
    [[ -d $dir/node_modules/socket.io ]] || (cd "$dir" && npm ci --no-audit --no-fund --loglevel=error)
    REPLICA_PORT=$(free_port)
    taskset -c "$SERVER_CPU" node "$dir/relay.js" "$REPLICA_PORT" >"$WORK/socketio-relay.log" 2>&1 &
    REPLICA_PID=$!
    PIDS+=("$REPLICA_PID")
    wait_for "socket.io relay" 20 curl -s -m 2 -o /dev/null "http://127.0.0.1:$REPLICA_PORT/socket.io/?EIO=4&transport=polling"
}

loadgen() {
    # shellcheck disable=SC2086 # BENCH_GENERATOR_OPTS: extra JVM options, e.g. -Xlog:gc
    # MetaspaceSize: no "Metadata GC Threshold" full collection (50 ms) when the measured window starts
    taskset -c "$CLIENT_CPU" java -Xmx1g -XX:+UseParallelGC -XX:MetaspaceSize=128m ${BENCH_GENERATOR_OPTS:-} -Dconvene.root="$REPO" -cp "$CLASSPATH" \
        dev.convene.signaling.bench.SignalingBench --compression "$COMPRESSION" --transport "$GENERATOR_TRANSPORT" "$@"
}

stop_all() {
    cleanup
    PIDS=()
}

info "machine: $CORES cores, load average $(cut -d' ' -f1-3 /proc/loadavg); server on core $SERVER_CPU, load generator on core $CLIENT_CPU"

if [[ -z $ONLY || $ONLY == relay ]]; then
    info "== relay, same replica: $ROOMS rooms x 4, $RATE msg/s"
    start_redis
    start_replica replica-a
    loadgen --mode relay --port "$REPLICA_PORT" --pids "$REPLICA_PID" --rooms "$ROOMS" --rate "$RATE" \
        --warmup "$WARMUP" --duration "$DURATION"
    stop_all
fi

if [[ $REFERENCE == socketio && ( -z $ONLY || $ONLY == relay ) ]]; then
    info "== reference: Node socket.io relay, $ROOMS rooms x 4, $RATE msg/s"
    start_socketio_relay
    loadgen --mode relay --protocol socketio --port "$REPLICA_PORT" --pids "$REPLICA_PID" --rooms "$ROOMS" --rate "$RATE" \
        --warmup "$WARMUP" --duration "$DURATION"
    stop_all
elif [[ -n $REFERENCE ]]; then
    die "unknown reference $REFERENCE (socketio)"
fi

if [[ -z $ONLY || $ONLY == idle ]]; then
    info "== idle connections: $IDLE"
    start_redis
    start_replica replica-a
    loadgen --mode idle --port "$REPLICA_PORT" --pids "$REPLICA_PID" --connections "$IDLE" --histogram "$HISTOGRAM"
    stop_all
fi

if [[ -z $ONLY || $ONLY == cross ]]; then
    info "== relay across replicas through Redis: $ROOMS rooms x 4 (2 + 2), $CROSS_RATE msg/s"
    start_redis
    start_replica replica-a
    PORT_A=$REPLICA_PORT PID_A=$REPLICA_PID
    start_replica replica-b
    loadgen --mode cross --port "$PORT_A" --port2 "$REPLICA_PORT" --pids "$PID_A,$REPLICA_PID,$REDIS_PID" \
        --rooms "$ROOMS" --rate "$CROSS_RATE" --warmup "$WARMUP" --duration "$DURATION"
    stop_all
fi
