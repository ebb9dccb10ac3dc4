#!/usr/bin/env bash
# scripts/janus-test-env.sh — real Janus instances for signaling-service's SFU tests.
#
#   scripts/janus-test-env.sh up [--count N] [--session-timeout S]
#                                                (re)create the namespace with N Janus (1–4, default 2);
#                                                S overrides Janus' session_timeout (default 60 s)
#   scripts/janus-test-env.sh restart I          start Janus #I again (after a test killed it)
#   scripts/janus-test-env.sh exec -- CMD [ARGS] run CMD inside the namespace (e.g. headless Chromium)
#   scripts/janus-test-env.sh down               remove everything (idempotent, silent if nothing is up)
#   scripts/janus-test-env.sh status
#
# Janus (libnice) never gathers loopback candidates, so it must run in a network namespace
# (shared/notes/webrtc-testing.md). This one is separate from the e2e namespace (cvn-e2e,
# 10.213.1.0/30) and from the local run's (cvn-sfu, 10.213.0.0/30), so SFU module tests can
# run while e2e tests or a local run are up:
#
#   root namespace                              namespace cvn-sfutest (no default route, no IPv6)
#   ───────────────────────────────────         ─────────────────────────────────────────────
#   the test JVM (JanusClient, Redis)
#   cvn-sfut0-out 10.213.2.1/30  <══ veth ══>   cvn-sfut0-in 10.213.2.2   Janus #0 (API + media)
#   cvn-sfut1-out 10.213.2.5/30  <══ veth ══>   cvn-sfut1-in 10.213.2.6   Janus #1 (API + media)   …
#
# Every Janus gets its own veth and address (libwebsockets cannot bind Janus' WebSocket API to
# a secondary address of an interface): its API is ws://10.213.2.<4i+2>:8188, ICE is limited to
# that address (ice_enforce_list), so killing one instance leaves the others untouched. Configuration comes from the repository's templates (render_janus_config in
# scripts/lib.sh) with the generated secrets (.convene/secrets/janus-*), i.e. exactly the
# api_secret/admin_key that signaling-service's dev/test configuration holds.
# State (configs, pid files, logs, the env file) lives in .convene/janus-test/.
# Requires root (network namespaces). A JVM test holds /run/lock/convene-janus-test.lock while it
# uses the namespace, so two test runs on one machine take turns instead of colliding.
set -euo pipefail
# shellcheck source=scripts/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

NS=cvn-sfutest
MAX_COUNT=4             # instance i: veth cvn-sfut<i>-out/-in, 10.213.2.<4i+1>/30 root, .<4i+2> inside
DIR="$STATE/janus-test"
ENV_FILE="$DIR/env"

usage() { sed -n '2,11p' "$0" | sed 's/^# \{0,1\}//'; }

janus_ip() { echo "10.213.2.$((4 * $1 + 2))"; }
root_ip() { echo "10.213.2.$((4 * $1 + 1))"; }
pidfile_of() { echo "$DIR/janus-$1.pid"; }

# --------------------------------------------------------------------------- down

teardown() {
    local found=() i
    for ((i = 0; i < MAX_COUNT; i++)); do
        if pidfile_pid "$(pidfile_of "$i")" janus >/dev/null; then found+=("janus #$i"); fi
        stop_pidfile "$(pidfile_of "$i")" janus
    done
    if netns_exists "$NS"; then netns_kill_all "$NS"; fi
    for ((i = 0; i < MAX_COUNT; i++)); do
        if ip link show "cvn-sfut$i-out" >/dev/null 2>&1; then ip link del "cvn-sfut$i-out"; found+=("veth cvn-sfut$i-out"); fi
    done
    if netns_exists "$NS"; then ip netns del "$NS"; found+=("namespace $NS"); fi
    rm -f "$ENV_FILE"
    if ((${#found[@]})); then info "janus-test: removed ${found[*]}"; fi
}

# ----------------------------------------------------------------------------- up

# netns_up COUNT — the namespace with one veth pair per instance (lo up, IPv6 off).
netns_up() {
    local count=$1 i out in
    ip netns add "$NS"
    ip -n "$NS" link set lo up
    for ((i = 0; i < count; i++)); do
        out=cvn-sfut$i-out in=cvn-sfut$i-in
        ip link add "$out" type veth peer name "$in" netns "$NS"
        ip addr replace "$(root_ip "$i")/30" dev "$out"
        ip link set "$out" up
        ip -n "$NS" addr replace "$(janus_ip "$i")/30" dev "$in"
        ip -n "$NS" link set "$in" up
        sysctl -qw "net.ipv6.conf.$out.disable_ipv6=1"
        ip netns exec "$NS" sysctl -qw "net.ipv6.conf.$in.disable_ipv6=1"
    done
}

# start_janus I — render Janus #I's configuration and start it in the namespace (not waiting).
start_janus() {
    local i=$1 ip timeout
    ip=$(janus_ip "$i")
    # MEDIA_IP and the ICE enforce list are this instance's own address.
    render_janus_config "$DIR/janus-$i" "$ip" "$ip" "$ip"
    timeout=$(cat "$DIR/session-timeout" 2>/dev/null || echo 60)
    sed -i "s/^\([[:space:]]*session_timeout[[:space:]]*=\).*/\1 $timeout/" "$DIR/janus-$i/janus.jcfg"
    echo "=== $(date -Is) janus-test-env: starting Janus #$i" >>"$DIR/janus-$i.log"
    spawn_daemon "$(pidfile_of "$i")" "$DIR/janus-$i.log" --netns "$NS" -- \
        janus -F "$DIR/janus-$i" -C "$DIR/janus-$i/janus.jcfg" -o
}

# ws_listening IP — Janus' WebSocket API (what signaling-service uses) accepts connections on IP:8188.
ws_listening() {
    ip netns exec "$NS" ss -Hltn "sport = :8188" 2>/dev/null | awk '{print $4}' | grep -qxF "$1:8188"
}

# await_janus I — wait until Janus #I answers on HTTP and listens on its WebSocket port.
await_janus() {
    local i=$1 ip pid
    ip=$(janus_ip "$i")
    pid=$(<"$(pidfile_of "$i")")
    if ! wait_for_daemon "$pid" "Janus #$i at http://$ip:8088/janus/info" 20 janus_info_ok "http://$ip:8088/janus/info" ||
        ! wait_for_daemon "$pid" "Janus #$i WebSocket API on $ip:8188" 5 ws_listening "$ip"; then
        tail -n 20 "$DIR/janus-$i.log" >&2 || true
        return 1
    fi
}

cmd_restart() {
    local i=${1:-}
    [[ $i =~ ^[0-3]$ ]] || die "restart needs an instance index 0..$((MAX_COUNT - 1))"
    require_root "scripts/janus-test-env.sh restart" "network namespaces"
    netns_exists "$NS" || die "namespace $NS does not exist: run up first"
    stop_pidfile "$(pidfile_of "$i")" janus
    start_janus "$i"
    await_janus "$i" || die "Janus #$i did not start"
    info "janus-test: Janus #$i restarted (pid $(<"$(pidfile_of "$i")"))"
}

cmd_up() {
    local count=2 session_timeout=60 i ip urls=() pids=() t0
    while (($#)); do
        case $1 in
            --count) [[ $# -ge 2 ]] || die "--count needs a value"; count=$2; shift ;;
            --count=*) count=${1#*=} ;;
            --session-timeout) [[ $# -ge 2 ]] || die "--session-timeout needs a value"; session_timeout=$2; shift ;;
            -h | --help) usage; return 0 ;;
            *) usage >&2; die "unknown option for up: $1" ;;
        esac
        shift
    done
    [[ $count =~ ^[1-4]$ ]] || die "--count must be 1..$MAX_COUNT"
    [[ $session_timeout =~ ^[0-9]+$ ]] || die "--session-timeout must be a number of seconds"
    require_root "scripts/janus-test-env.sh up" "network namespaces"
    command -v janus >/dev/null || die "janus is not installed (scripts/infra.sh up installs it)"
    ensure_state_dirs
    for name in janus-api-secret janus-admin-key; do
        [[ -s $(secret_path "$name") ]] || die "secret $name missing: run scripts/infra.sh up --no-media"
    done
    mkdir -p "$DIR"
    chmod 700 "$DIR"

    t0=$(now_ms)
    teardown                                   # leftovers of a crashed run
    netns_up "$count"
    echo "$session_timeout" >"$DIR/session-timeout"
    for ((i = 0; i < count; i++)); do
        : >"$DIR/janus-$i.log"
        start_janus "$i"
    done
    for ((i = 0; i < count; i++)); do
        if ! await_janus "$i"; then
            teardown
            die "Janus #$i did not start"
        fi
        urls+=("ws://$(janus_ip "$i"):8188")
        pids+=("$(<"$(pidfile_of "$i")")")
    done
    {
        echo "JANUS_TEST_NS=$NS"
        echo "JANUS_TEST_URLS=$(IFS=,; echo "${urls[*]}")"
        echo "JANUS_TEST_PIDS=$(IFS=,; echo "${pids[*]}")"
    } >"$ENV_FILE"
    info "janus-test: $count Janus up in $(($(now_ms) - t0)) ms in namespace $NS: ${urls[*]} (env: $ENV_FILE)"
}

cmd_down() {
    require_root "scripts/janus-test-env.sh down" "network namespaces"
    teardown
}

cmd_exec() {
    [[ ${1:-} == -- ]] && shift
    (($#)) || { usage >&2; die "exec needs a command"; }
    require_root "scripts/janus-test-env.sh exec" "network namespaces"
    netns_exists "$NS" || die "namespace $NS does not exist: run scripts/janus-test-env.sh up first"
    exec ip netns exec "$NS" "$@"
}

cmd_status() {
    local i pid
    if netns_exists "$NS"; then echo "namespace $NS up"; else echo "namespace $NS down"; fi
    for ((i = 0; i < MAX_COUNT; i++)); do
        if pid=$(pidfile_pid "$(pidfile_of "$i")" janus); then echo "janus #$i up pid $pid ws://$(janus_ip "$i"):8188"; fi
    done
}

main() {
    local cmd=${1:-}
    (($#)) && shift
    case $cmd in
        up) cmd_up "$@" ;;
        restart) cmd_restart "$@" ;;
        down) cmd_down ;;
        exec) cmd_exec "$@" ;;
        status) cmd_status ;;
        -h | --help | help) usage ;;
        *) usage >&2; exit 2 ;;
    esac
}

if [[ ${BASH_SOURCE[0]} == "$0" ]]; then main "$@"; fi
