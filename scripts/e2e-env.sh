#!/usr/bin/env bash
# scripts/e2e-env.sh — the network namespace in which end-to-end tests run their browsers.
#
#   scripts/e2e-env.sh up [--web-port PORT]   (re)create the environment (PORT default 8080)
#   scripts/e2e-env.sh exec -- CMD [ARGS...]  run CMD inside it, with its variables exported
#   scripts/e2e-env.sh down                   remove everything (idempotent, silent if nothing is up)
#   scripts/e2e-env.sh status
#   scripts/e2e-env.sh janus-of SLUG          index of the Janus hosting a meeting's SFU room (Redis placement)
#   scripts/e2e-env.sh kill-janus I           SIGKILL Janus #I (failover tests); start-janus I brings it back
#
# Topology (see shared/notes/webrtc-testing.md, "Recommended e2e topology"): browsers in the
# root namespace would gather the machine's eth0 address as an ICE candidate, so the media
# side of the tests lives in namespace cvn-e2e, which has only `lo` and one veth end:
#
#   root namespace                              namespace cvn-e2e (no default route, no IPv6)
#   ─────────────────────────────────────       ─────────────────────────────────────────────
#   PostgreSQL, Redis, Quarkus services         coturn   127.0.0.1:3478 (its own loopback)
#   web-ui on 127.0.0.1:PORT                    Janus #0 media + API on 10.213.1.2
#   socat 10.213.1.1:PORT -> 127.0.0.1:PORT  <─ socat    127.0.0.1:8080 -> 10.213.1.1:PORT
#   cvn-e2e-out 10.213.1.1/30  <══ veth ══>     cvn-e2e-in 10.213.1.2/30
#   cvn-e2e-out1 10.213.1.5/30 <══ veth ══>     cvn-e2e-in1 10.213.1.6/30   Janus #1 (API + media)
#                                               Chromium / the test driver (via `exec`)
#
# Pages inside load http://localhost:8080 (a secure context; WebSockets pass through socat),
# so the web-ui only has to listen on loopback. signaling-service (root namespace) reaches
# the two Janus at ws://10.213.1.2:8188 and ws://10.213.1.6:8188 (its SFU pool: a meeting
# whose Janus dies moves to the other one, docs/sfu.md "Failover"). Each Janus has its own
# veth (libwebsockets cannot bind Janus' WebSocket API to a secondary address) and gathers
# ICE candidates only there, so killing one leaves the other untouched. Every daemon's pid
# is kept in .convene/e2e/*.pid; `down` also kills, pid by pid, whatever a crashed test left
# inside the namespace.
# After `up`, .convene/e2e/env holds CONVENE_E2E_* variables (sourceable KEY=VALUE).
# CONVENE_JANUS_DEBUG_LEVEL=5 (up to 7) at `up`/`start-janus`: verbose Janus logs, timestamped
# to the second, in .convene/e2e/janus-<i>.log (for diagnosis; the e2e runs keep Janus' 4).
# Requires root (network namespaces).
set -euo pipefail
# shellcheck source=scripts/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

NS=cvn-e2e
OUT_IF=cvn-e2e-out      # root end of the veth
IN_IF=cvn-e2e-in        # namespace end
OUT_IP=10.213.1.1
IN_IP=10.213.1.2
INNER_WEB_PORT=8080     # what pages inside the namespace load: http://localhost:8080

ENV_FILE="$E2E_DIR/env"
COTURN_CONF="$E2E_DIR/turnserver.conf"
# Janus #i: veth JANUS_OUT_IF[i] (root end, JANUS_OUT_IP[i]/30) <-> JANUS_IN_IF[i] (inside,
# JANUS_IP[i]); #0 shares the namespace's main veth. Config in .convene/e2e/janus-<i>/.
JANUS_COUNT=2
JANUS_OUT_IF=("$OUT_IF" cvn-e2e-out1)
JANUS_IN_IF=("$IN_IF" cvn-e2e-in1)
JANUS_OUT_IP=("$OUT_IP" 10.213.1.5)
JANUS_IP=("$IN_IP" 10.213.1.6)
# daemon name -> text its command line must contain (guards against reused pids)
declare -A DAEMONS=([coturn]=turnserver [janus-0]=janus [janus-1]=janus [socat-ns]=socat [socat-root]=socat)
DAEMON_ORDER=(coturn janus-0 janus-1 socat-ns socat-root)

usage() {
    cat <<EOF
Usage: scripts/e2e-env.sh up [--web-port PORT] | exec -- CMD [ARGS...] | down | status
                          | janus-of SLUG | kill-janus I | start-janus I | --help

  up [--web-port PORT]  Tear down leftovers, then create namespace $NS with coturn, $JANUS_COUNT Janus
                        (ws://${JANUS_IP[0]}:8188, ws://${JANUS_IP[1]}:8188) and a forwarder so pages
                        inside load http://localhost:$INNER_WEB_PORT from the web-ui listening on
                        127.0.0.1:PORT (default 8080) in the root namespace. Writes $ENV_FILE.
  exec -- CMD [ARGS]    Run CMD inside $NS (same working directory and environment, plus
                        the variables of $ENV_FILE); exits with CMD's exit code.
  down                  Stop every daemon and every process left in $NS, delete the veth
                        and the namespace. Idempotent; silent when nothing is up.
  status                Show what is up.
  janus-of SLUG         Print the index (0/1) of the Janus that hosts meeting SLUG's SFU room,
                        from its Redis placement key (prefix \$CONVENE_E2E_EVENTS_PREFIX, default
                        convene-e2e); exit 1 if the meeting has no placement. Works inside $NS too.
  kill-janus I          SIGKILL Janus #I (as a crash would) and wait until it is gone; prints its pid.
  start-janus I         Start Janus #I again (after kill-janus) and wait until it answers.
EOF
}

# ------------------------------------------------------------------------ helpers

pidfile_of() { echo "$E2E_DIR/$1.pid"; }

# tcp_listening [--netns NS] IP PORT — a TCP listener that accepts connections to IP:PORT.
tcp_listening() {
    local -a prefix=()
    if [[ $1 == --netns ]]; then prefix=(ip netns exec "$2"); shift 2; fi
    local ip=$1 port=$2
    "${prefix[@]}" ss -Hltn "sport = :$port" 2>/dev/null | awk '{print $4}' |
        grep -qxF -e "$ip:$port" -e "0.0.0.0:$port" -e "*:$port" -e "[::]:$port"
}

# Pids of processes listening on OUT_IP (only our forwarder binds that address); catches a
# root socat whose pid file was lost.
pids_listening_on_out_ip() {
    ss -Hltnp "src $OUT_IP" 2>/dev/null | grep -o 'pid=[0-9]*' | cut -d= -f2 | sort -u
}

netns_create() {
    local i
    for ((i = 0; i < JANUS_COUNT; i++)); do
        netns_veth_up "$NS" "${JANUS_OUT_IF[i]}" "${JANUS_IN_IF[i]}" "${JANUS_OUT_IP[i]}" "${JANUS_IP[i]}"
    done
}

janus_dir() { echo "$E2E_DIR/janus-$1"; }
janus_info_url() { echo "http://${JANUS_IP[$1]}:8088/janus/info"; }

# janus_ws_listening I — Janus #I's WebSocket API (what signaling-service uses) accepts connections.
janus_ws_listening() {
    tcp_listening --netns "$NS" "${JANUS_IP[$1]}" 8188
}

# start_janus I — render Janus #I's configuration (media, ICE and API on its own address) and
# start it in the namespace (not waiting). ICE is limited by address, not by interface name:
# Janus matches ice_enforce_list entries as prefixes, so "cvn-e2e-in" would also take
# cvn-e2e-in1 (and Janus #0 would offer Janus #1's address).
start_janus() {
    local i=$1
    render_janus_config "$(janus_dir "$i")" "${JANUS_IP[i]}" "${JANUS_IP[i]}" "${JANUS_IP[i]}"
    echo "=== $(date -Is) e2e-env: starting Janus #$i" >>"$E2E_DIR/janus-$i.log"
    # CONVENE_JANUS_DEBUG_LEVEL (header): e.g. 5 logs keyframe requests and simulcast switches.
    local debug=()
    if [[ -n ${CONVENE_JANUS_DEBUG_LEVEL:-} ]]; then debug=(-d "$CONVENE_JANUS_DEBUG_LEVEL" -D); fi
    spawn_daemon "$(pidfile_of "janus-$i")" "$E2E_DIR/janus-$i.log" --netns "$NS" -- \
        janus -F "$(janus_dir "$i")" -C "$(janus_dir "$i")/janus.jcfg" -o "${debug[@]}"
}

# await_janus I — wait until Janus #I answers on HTTP and listens on its WebSocket port.
await_janus() {
    local i=$1 pid
    pid=$(<"$(pidfile_of "janus-$i")")
    wait_for_daemon "$pid" "Janus #$i at $(janus_info_url "$i")" 15 janus_info_ok "$(janus_info_url "$i")" &&
        wait_for_daemon "$pid" "Janus #$i WebSocket API on ${JANUS_IP[i]}:8188" 5 janus_ws_listening "$i"
}

janus_index_arg() {
    local i=${1:-}
    [[ $i =~ ^[0-9]+$ ]] && ((i < JANUS_COUNT)) || die "need a Janus index 0..$((JANUS_COUNT - 1)) (got '${i}')"
    echo "$i"
}

# --------------------------------------------------------------------------- down

# teardown — stop and remove everything; prints what it found (nothing if nothing was up).
teardown() {
    local found=() name file pid i
    for name in "${DAEMON_ORDER[@]}" janus; do   # "janus": the single Janus of older versions
        file=$(pidfile_of "$name")
        if pidfile_pid "$file" "${DAEMONS[$name]:-janus}" >/dev/null; then found+=("$name"); fi
        stop_pidfile "$file" "${DAEMONS[$name]:-janus}"
    done
    if netns_exists "$NS"; then
        local left=0
        for pid in $(ip netns pids "$NS" 2>/dev/null); do
            if pid_alive "$pid"; then left=$((left + 1)); fi
        done
        ((left == 0)) || found+=("$left other process(es) in $NS")
        netns_kill_all "$NS"
    fi
    for pid in $(pids_listening_on_out_ip); do
        found+=("listener pid $pid on $OUT_IP")
        stop_pid "$pid" || true
    done
    for ((i = 0; i < JANUS_COUNT; i++)); do
        if ip link show "${JANUS_OUT_IF[i]}" >/dev/null 2>&1; then ip link del "${JANUS_OUT_IF[i]}"; found+=("veth ${JANUS_OUT_IF[i]}"); fi
    done
    if netns_exists "$NS"; then ip netns del "$NS"; found+=("namespace $NS"); fi
    rm -f "$ENV_FILE"
    if ((${#found[@]})); then info "e2e: removed ${found[*]}"; fi
}

cmd_down() {
    require_root "scripts/e2e-env.sh down" "network namespaces"
    ensure_state_dirs
    teardown
}

# ----------------------------------------------------------------------------- up

cmd_up() {
    local web_port=8080 t0 i urls=()
    while (($#)); do
        case $1 in
            --web-port) [[ $# -ge 2 ]] || die "--web-port needs a value"; web_port=$2; shift ;;
            --web-port=*) web_port=${1#*=} ;;
            -h | --help) usage; return 0 ;;
            *) usage >&2; die "unknown option for up: $1" ;;
        esac
        shift
    done
    if ! [[ $web_port =~ ^[0-9]+$ ]] || ((web_port < 1 || web_port > 65535)); then
        die "bad --web-port: $web_port"
    fi
    require_root "scripts/e2e-env.sh up" "network namespaces"
    ensure_state_dirs
    ensure_packages coturn janus socat iproute2 curl openssl
    local name
    for name in turn-secret janus-api-secret janus-admin-key; do
        if ensure_secret_hex "$name"; then info "created secret $name"; fi
    done

    t0=$(now_ms)
    teardown                                   # leftovers of a crashed run
    netns_create

    write_coturn_config "$COTURN_CONF" 127.0.0.1 127.0.0.1 "$(pidfile_of coturn)" --loopback-peers
    for name in "${DAEMON_ORDER[@]}"; do : >"$E2E_DIR/$name.log"; done

    spawn_daemon "$(pidfile_of coturn)" "$E2E_DIR/coturn.log" --netns "$NS" -- \
        turnserver -c "$COTURN_CONF"
    for ((i = 0; i < JANUS_COUNT; i++)); do start_janus "$i"; done
    spawn_daemon "$(pidfile_of socat-ns)" "$E2E_DIR/socat-ns.log" --netns "$NS" -- \
        socat "TCP-LISTEN:$INNER_WEB_PORT,bind=127.0.0.1,fork,reuseaddr" "TCP:$OUT_IP:$web_port"
    spawn_daemon "$(pidfile_of socat-root)" "$E2E_DIR/socat-root.log" -- \
        socat "TCP-LISTEN:$web_port,bind=$OUT_IP,fork,reuseaddr" "TCP:127.0.0.1:$web_port"

    # Readiness; each wait gives up at once if its daemon died.
    for ((i = 0; i < JANUS_COUNT; i++)); do
        await_janus "$i" || fail_up "janus-$i"
        urls+=("ws://${JANUS_IP[i]}:8188")
    done
    wait_for_daemon "$(<"$(pidfile_of coturn)")" "a TURN allocation from coturn in $NS" 10 \
        turn_allocation_ok 127.0.0.1 "$NS" || fail_up coturn
    wait_for_daemon "$(<"$(pidfile_of socat-ns)")" "the forwarder on 127.0.0.1:$INNER_WEB_PORT in $NS" 5 \
        tcp_listening --netns "$NS" 127.0.0.1 "$INNER_WEB_PORT" || fail_up socat-ns
    if ! wait_for_daemon "$(<"$(pidfile_of socat-root)")" "the forwarder on $OUT_IP:$web_port" 5 \
        tcp_listening "$OUT_IP" "$web_port"; then
        # socat-root can only lose its bind if the web-ui itself listens on all addresses
        # (0.0.0.0:PORT); then 10.213.1.1:PORT is served anyway.
        tcp_listening "$OUT_IP" "$web_port" || fail_up socat-root
        info "port $web_port is already served on all addresses; no root forwarder needed"
        rm -f "$(pidfile_of socat-root)"
    fi
    for name in coturn janus-0 janus-1 socat-ns; do
        pidfile_pid "$(pidfile_of "$name")" "${DAEMONS[$name]}" >/dev/null || fail_up "$name"
    done

    {
        echo "CONVENE_E2E_NS=$NS"
        echo "CONVENE_E2E_BASE_URL=http://localhost:$INNER_WEB_PORT"
        echo "CONVENE_E2E_TURN_URL=turn:127.0.0.1:3478"
        echo "CONVENE_E2E_JANUS_WS=ws://$IN_IP:8188"
        echo "CONVENE_E2E_JANUS_HTTP=http://$IN_IP:8088/janus"
        echo "CONVENE_E2E_JANUS_ADMIN=http://$IN_IP:7088/admin"
        # every Janus, in index order (what signaling-service's pool gets, scripts/suite.sh)
        echo "CONVENE_E2E_JANUS_URLS=$(IFS=,; echo "${urls[*]}")"
    } >"$ENV_FILE"
    info "e2e environment up in $(($(now_ms) - t0)) ms: namespace $NS, http://localhost:$INNER_WEB_PORT -> 127.0.0.1:$web_port," \
        "Janus ${urls[*]}, TURN turn:127.0.0.1:3478 (inside); env: $ENV_FILE, logs: $E2E_DIR/*.log"
}

# fail_up NAME — show the daemon's log, tear everything down and fail.
fail_up() {
    local name=$1
    warn "$name did not come up; last lines of $E2E_DIR/$name.log:"
    tail -n 20 "$E2E_DIR/$name.log" >&2 || true
    teardown
    die "e2e environment not started"
}

# --------------------------------------------------------------------------- exec

cmd_exec() {
    [[ ${1:-} == -- ]] && shift
    (($#)) || { usage >&2; die "exec needs a command"; }
    require_root "scripts/e2e-env.sh exec" "network namespaces"
    netns_exists "$NS" || die "namespace $NS does not exist: run scripts/e2e-env.sh up first"
    [[ -f $ENV_FILE ]] || die "$ENV_FILE missing: run scripts/e2e-env.sh up first"
    set -a
    # shellcheck source=/dev/null
    source "$ENV_FILE"
    set +a
    # `ip netns exec` keeps the working directory and the environment.
    exec ip netns exec "$NS" "$@"
}

# ------------------------------------------------------------------------- status

cmd_status() {
    local name pid state i
    if netns_exists "$NS"; then
        printf '%-11s up     %s\n' namespace "$NS ($(ip netns pids "$NS" 2>/dev/null | wc -l) processes inside)"
    else
        printf '%-11s down\n' namespace
    fi
    for name in "${DAEMON_ORDER[@]}"; do
        if pid=$(pidfile_pid "$(pidfile_of "$name")" "${DAEMONS[$name]}"); then state="up     pid $pid"; else state="down"; fi
        if [[ $name == janus-* ]]; then
            i=${name#janus-}
            if [[ $state == up* ]] && ! janus_info_ok "$(janus_info_url "$i")"; then
                state="down   pid $pid alive but $(janus_info_url "$i") does not answer"
            fi
            state="$state (ws://${JANUS_IP[i]}:8188)"
        fi
        printf '%-11s %s\n' "$name" "$state"
    done
    if [[ -f $ENV_FILE ]]; then printf '%-11s %s\n' env "$ENV_FILE"; else printf '%-11s %s\n' env "(none)"; fi
}

# ------------------------------------------------------------- Janus (failover tests)

# in_root_netns CMD [ARGS] — run CMD in the root network namespace (where Redis and the suite
# live), also when this script runs inside $NS (`e2e-env.sh exec -- node …` → a scenario).
# It enters the namespace of one of our own processes there (the root forwarder, else the
# e2e suite's signaling-service): PID 1's may not be ours to enter inside a container.
in_root_netns() {
    local pid
    if ! ip netns identify $$ 2>/dev/null | grep -qxF "$NS"; then
        "$@"
        return
    fi
    for pid in $(pidfile_pid "$(pidfile_of socat-root)" socat) $(pidfile_pid "$E2E_DIR/suite/run/signaling-service.pid" quarkus-run.jar); do
        nsenter --net="/proc/$pid/ns/net" -- "$@"
        return
    done
    die "no process of ours runs in the root network namespace (root forwarder or the e2e suite's signaling-service)"
}

cmd_janus_of() {
    local slug=${1:-} prefix=${CONVENE_E2E_EVENTS_PREFIX:-convene-e2e} raw instance i
    [[ $slug =~ ^[a-z-]+$ ]] || die "janus-of needs a meeting slug"
    require_root "scripts/e2e-env.sh janus-of" "it reads Redis from the root network namespace"
    raw=$(in_root_netns redis-cli -h "$REDIS_HOST" -p "$REDIS_PORT" --raw GET "$prefix:signaling-service:sfu:$slug") ||
        die "redis-cli failed"
    [[ -n $raw ]] || { warn "meeting $slug has no SFU placement ($prefix:signaling-service:sfu:$slug)"; return 1; }
    instance=$(sed -n 's/.*"instance":"\([^"]*\)".*/\1/p' <<<"$raw")
    for ((i = 0; i < JANUS_COUNT; i++)); do
        if [[ $instance == "ws://${JANUS_IP[i]}:8188" || $instance == "ws://${JANUS_IP[i]}:8188/" ]]; then
            echo "$i"
            return 0
        fi
    done
    die "placement of $slug names $instance, which is none of this environment's Janus ($raw)"
}

cmd_kill_janus() {
    local i pid deadline
    i=$(janus_index_arg "${1:-}")
    require_root "scripts/e2e-env.sh kill-janus" "network namespaces"
    pid=$(pidfile_pid "$(pidfile_of "janus-$i")" janus) || die "Janus #$i is not running"
    kill -KILL "$pid"
    deadline=$(($(now_ms) + 5000))
    while pid_alive "$pid" && (($(now_ms) < deadline)); do sleep 0.02; done
    pid_alive "$pid" && die "Janus #$i (pid $pid) still alive 5 s after SIGKILL"
    echo "=== $(date -Is) e2e-env: Janus #$i (pid $pid) killed with SIGKILL" >>"$E2E_DIR/janus-$i.log"
    rm -f "$(pidfile_of "janus-$i")"
    info "killed Janus #$i (pid $pid, ws://${JANUS_IP[i]}:8188)"
    echo "$pid"
}

cmd_start_janus() {
    local i
    i=$(janus_index_arg "${1:-}")
    require_root "scripts/e2e-env.sh start-janus" "network namespaces"
    netns_exists "$NS" || die "namespace $NS does not exist: run scripts/e2e-env.sh up first"
    stop_pidfile "$(pidfile_of "janus-$i")" janus
    start_janus "$i"
    await_janus "$i" || { tail -n 20 "$E2E_DIR/janus-$i.log" >&2; die "Janus #$i did not start"; }
    info "Janus #$i started (pid $(<"$(pidfile_of "janus-$i")"), ws://${JANUS_IP[i]}:8188)"
}

main() {
    local cmd=${1:-}
    (($#)) && shift
    case $cmd in
        up) cmd_up "$@" ;;
        down) cmd_down ;;
        exec) cmd_exec "$@" ;;
        status) cmd_status ;;
        janus-of) cmd_janus_of "$@" ;;
        kill-janus) cmd_kill_janus "$@" ;;
        start-janus) cmd_start_janus "$@" ;;
        -h | --help | help) usage ;;
        *) usage >&2; exit 2 ;;
    esac
}

# Run only when executed (sourcing gives access to the functions, e.g. for tests).
if [[ ${BASH_SOURCE[0]} == "$0" ]]; then main "$@"; fi
