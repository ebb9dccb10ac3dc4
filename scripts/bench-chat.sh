#!/usr/bin/env bash
# scripts/bench-chat.sh — chat-service send benchmark (docs/chat-service.md, "Benchmark").
#
#   scripts/bench-chat.sh [--no-build] [--pin] [-- ChatBench options]
#
# Builds chat-service (unless --no-build), starts the packaged app on a spare loopback port
# with the test profile (database convene_chat_test, generated dev secrets) and the event
# prefix convene-bench (so no test or local run sees the traffic), runs
# chat-service/src/bench/ChatBench.java against it (HTTP senders + a Redis subscriber),
# prints the figures and stops the app it started. Needs `scripts/infra.sh up --no-media`.
# Bounded: a warm-up of 2,000 and a measured run of 20,000 messages, at most 60 s each.
# ChatBench options (after --): --senders 64 (connections) --rooms 200 --users-per-room 4 --skew 1.0
# (Zipf: busiest room 17 %, 10 busiest half the messages; --skew 0 is uniform) --warmup 2000
# --messages 20000 --max-seconds 60, and --rate N for an open-loop run at N msg/s (latency measured
# from each send's scheduled time; the run then says whether the issue-6 target, >= 1,000 msg/s with
# p99 <= 50 ms, was met). The bench also prints the CPU that it, the service and the machine used.
# --pin: the service runs on CPU ${CONVENE_BENCH_APP_CPUS:-0} and the load generator on CPU
# ${CONVENE_BENCH_LOAD_CPUS:-1} (taskset), so on a shared box the two do not steal each other's core.
# CONVENE_BENCH_JAR: benchmark another build's quarkus-run.jar (A/B comparisons in the same conditions).
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

build=1
pin=0
while [[ $# -gt 0 ]]; do
    case "$1" in
        --no-build) build=0; shift ;;
        --pin) pin=1; shift ;;
        --) shift; break ;;
        *) break ;;
    esac
done
app_pin=()
load_pin=()
if (( pin )); then
    command -v taskset >/dev/null || die "--pin needs taskset (util-linux)"
    app_pin=(taskset -c "${CONVENE_BENCH_APP_CPUS:-0}")
    load_pin=(taskset -c "${CONVENE_BENCH_LOAD_CPUS:-1}")
fi

[[ -r "$SECRETS_DIR/room-jwt-private.pem" ]] || die "no dev secrets: run scripts/infra.sh up --no-media first"
if (( build )); then
    info "building chat-service"
    (cd "$REPO" && ./mvnw -B -q -pl chat-service -am package -DskipTests)
fi
jar="${CONVENE_BENCH_JAR:-$REPO/chat-service/target/quarkus-app/quarkus-run.jar}"
[[ -r "$jar" ]] || die "$jar missing: build first (drop --no-build)"

port="${CONVENE_BENCH_PORT:-18094}"
log="$LOG_DIR/chat-bench.log"
mkdir -p "$LOG_DIR"
info "starting chat-service on 127.0.0.1:$port (log: $log)${app_pin[*]:+, pinned: ${app_pin[*]}}"
# shellcheck disable=SC2086 # CONVENE_JAVA_OPTS is a list of JVM options
"${app_pin[@]}" java ${CONVENE_JAVA_OPTS:--Xms64m -Xmx512m -XX:+UseSerialGC} \
    -Dquarkus.profile=test -Dconvene.root="$REPO" \
    -Dquarkus.http.host=127.0.0.1 -Dquarkus.http.port="$port" \
    -D%test.convene.events.prefix=convene-bench -Dquarkus.log.level=WARN \
    -jar "$jar" >"$log" 2>&1 &
app=$!
trap 'kill "$app" 2>/dev/null; wait "$app" 2>/dev/null || true' EXIT

for _ in $(seq 1 120); do
    if curl -fsS "http://127.0.0.1:$port/api/chat/status" >/dev/null 2>&1; then break; fi
    kill -0 "$app" 2>/dev/null || die "chat-service exited; see $log"
    sleep 0.5
done
curl -fsS "http://127.0.0.1:$port/api/chat/status" >/dev/null || die "chat-service not ready; see $log"

info "machine: $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg)${load_pin[*]:+; load generator pinned: ${load_pin[*]}}"
status=0
"${load_pin[@]}" java "$REPO/chat-service/src/bench/ChatBench.java" --url "http://127.0.0.1:$port" \
    --secrets "$SECRETS_DIR" --prefix convene-bench --service-pid "$app" "$@" || status=$?
info "the service's own view (commit -> Redis acknowledged; group commit: batch size, queue wait, batch duration), from /q/metrics:"
curl -fsS "http://127.0.0.1:$port/q/metrics" | grep -E '^chat_(announce_latency_seconds|messages_persisted_total|send_)' >&2 || true
info "load average after the run: $(cut -d' ' -f1-3 /proc/loadavg)"
exit "$status"
