#!/usr/bin/env bash
# scripts/infra.sh — machine infrastructure for running Convene locally.
#
#   scripts/infra.sh up [--no-media]   install/start everything (idempotent, run it any time)
#   scripts/infra.sh down              stop the media servers that `up` started
#   scripts/infra.sh status            one line per component
#
# `up` does, in order (each step is a no-op when already done):
#   1. installs missing Debian packages (PostgreSQL, Redis, coturn, Janus, socat, Chromium,
#      ...) without leaving the packages' own daemons running;
#   2. creates/starts the PostgreSQL cluster and Redis on 127.0.0.1:6379;
#   3. generates missing secrets in .convene/secrets (never printed): database passwords,
#      RS256 key pairs of auth-service and room-service, the coturn and Janus secrets;
#   4. creates the roles convene_<svc> and databases convene_<svc>{,_test,_e2e} for
#      svc in auth room chat, and resets each role's password to its secret file;
#   5. rewrites .convene/config/<service>.properties (mode 600) for the Quarkus services;
#   6. unless --no-media: starts coturn and Janus for the local run and writes
#      .convene/config/media.env with their addresses (CONVENE_TURN_URL, CONVENE_JANUS_*).
#
# Media topology
#   Default (CONVENE_MEDIA_IP unset): only this machine's browsers take part.
#     coturn  root namespace, 127.0.0.1:3478 (UDP+TCP), relays on 127.0.0.1:49160-49200.
#     Janus   in network namespace cvn-sfu at 10.213.0.2 (veth cvn-h 10.213.0.1 <-> cvn-s),
#             because libnice never offers loopback candidates. API: ws://10.213.0.2:8188,
#             http://10.213.0.2:8088/janus, admin http://10.213.0.2:7088/admin; RTP
#             20000-20100. A browser in the root namespace reaches 10.213.0.2 over the veth.
#   CONVENE_MEDIA_IP=<an IPv4 address of this machine> (LAN exposure; not exercised here):
#     coturn  listens and relays on that address only (turn:<ip>:3478).
#     Janus   runs in the root namespace; ICE candidates and SDP use only that address
#             (interface/ice_enforce_list), its API stays on 127.0.0.1 (8188/8088/7088)
#             because only signaling-service, on this machine, may talk to it.
#     No cvn-sfu namespace is created (an existing one is removed).
#   Switching between the two is a plain `up` with the other setting: the media servers
#   are restarted whenever their generated configuration changed.
#
# Requires root. Logs: .convene/logs/{coturn,janus,apt}.log.
set -euo pipefail
# shellcheck source=scripts/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

PACKAGES=(postgresql redis-server redis-tools coturn janus janus-tools socat chromium
          chromium-driver iproute2 curl openssl procps ca-certificates util-linux
          fonts-noto-cjk   # CJK glyphs: the client speaks Simplified Chinese
          ffmpeg)          # server-side recordings: mux audio+video (≈ 28 MB; docs/recording.md)

SFU_NS=cvn-sfu          # namespace of the local Janus
SFU_HOST_IF=cvn-h       # veth end in the root namespace (10.213.0.1/30)
SFU_NS_IF=cvn-s         # veth end in cvn-sfu (10.213.0.2/30)
SFU_HOST_IP=10.213.0.1
SFU_IP=10.213.0.2

COTURN_DIR="$STATE/coturn-local"
COTURN_PIDFILE="$RUN_DIR/coturn.pid"
COTURN_LOG="$LOG_DIR/coturn.log"
JANUS_PIDFILE="$RUN_DIR/janus.pid"
JANUS_LOG="$LOG_DIR/janus.log"
MEDIA_ENV="$CONFIG_DIR/media.env"
# Exact command lines of our media daemons (also used to find them if a pid file is lost).
COTURN_CMD=(turnserver -c "$COTURN_DIR/turnserver.conf")
JANUS_CMD=(janus -F "$JANUS_LOCAL_DIR" -C "$JANUS_LOCAL_DIR/janus.jcfg" -o)

TURN_URL="" JANUS_WS="" JANUS_HTTP="" JANUS_ADMIN=""   # set by start_coturn/start_janus
SUMMARY=()              # lines printed at the end of `up`
note() { SUMMARY+=("$*"); }

usage() {
    cat <<EOF
Usage: scripts/infra.sh up [--no-media] | down | status | --help

  up [--no-media]  Install missing packages, start PostgreSQL and Redis, create secrets,
                   database roles/databases and the services' config in .convene/;
                   start coturn and Janus for the local run unless --no-media.
                   Idempotent. Set CONVENE_MEDIA_IP=<this machine's LAN IPv4> to expose
                   the media servers on that address instead of loopback/namespace.
  down             Stop coturn and Janus started by 'up' and remove the cvn-sfu
                   namespace. PostgreSQL and Redis are left running.
  status           Show postgres, redis, coturn and janus as up/down.
EOF
}

# ------------------------------------------------------------------ PostgreSQL

PG_VERSION="" PG_CLUSTER="" PG_PORT=""

# Pick the cluster to use: "main" of the newest version, else the first one listed.
pg_select_cluster() {
    local line
    line=$(pg_lsclusters -h 2>/dev/null | awk '$2 == "main"' | sort -V -k1,1 | tail -n 1)
    [[ -n $line ]] || line=$(pg_lsclusters -h 2>/dev/null | head -n 1)
    [[ -n $line ]] || return 1
    read -r PG_VERSION PG_CLUSTER PG_PORT _ <<<"$line"
}

pg_cluster_status() { pg_lsclusters -h 2>/dev/null | awk -v v="$PG_VERSION" -v c="$PG_CLUSTER" '$1 == v && $2 == c {print $4}'; }

# psql as the postgres superuser over the Unix socket (peer authentication).
pg_admin_psql() {
    (cd / && runuser -u postgres -- psql -X -q -v ON_ERROR_STOP=1 -p "$PG_PORT" -d postgres "$@")
}

ensure_postgres() {
    if ! pg_select_cluster; then
        local ver
        ver=$(find /usr/lib/postgresql -mindepth 1 -maxdepth 1 -printf '%f\n' 2>/dev/null | sort -V | tail -n 1)
        [[ -n $ver ]] || die "no PostgreSQL server version installed under /usr/lib/postgresql"
        info "creating PostgreSQL cluster $ver/main"
        pg_createcluster "$ver" main >>"$LOG_DIR/postgres-setup.log" 2>&1 ||
            die "pg_createcluster $ver main failed (see $LOG_DIR/postgres-setup.log)"
        note "postgres: created cluster $ver/main"
        pg_select_cluster || die "no PostgreSQL cluster after pg_createcluster"
    fi
    if [[ $(pg_cluster_status) != online* ]]; then
        info "starting PostgreSQL $PG_VERSION/$PG_CLUSTER"
        pg_ctlcluster --skip-systemctl-redirect "$PG_VERSION" "$PG_CLUSTER" start
        note "postgres: started $PG_VERSION/$PG_CLUSTER"
    else
        note "postgres: $PG_VERSION/$PG_CLUSTER already running"
    fi
    wait_for "PostgreSQL on 127.0.0.1:$PG_PORT" 30 pg_isready -q -h 127.0.0.1 -p "$PG_PORT" ||
        die "PostgreSQL does not accept connections on 127.0.0.1:$PG_PORT"
    [[ $PG_PORT == 5432 ]] ||
        warn "PostgreSQL $PG_VERSION/$PG_CLUSTER listens on port $PG_PORT, the services expect 5432"
}

# Roles and databases; every run resets each role's password to its secret file.
# The SQL goes through stdin so that no password appears in a process list.
ensure_databases() {
    local svc role db pw sql="SET password_encryption = 'scram-sha-256';"$'\n'
    local existing
    existing=$(pg_admin_psql -At -c "SELECT rolname FROM pg_roles WHERE rolname LIKE 'convene\_%'
                                     UNION ALL SELECT datname FROM pg_database WHERE datname LIKE 'convene\_%'" | sort)
    local created=()
    for svc in "${CONVENE_DB_SERVICES[@]}"; do
        role="convene_$svc"
        pw=$(read_secret "db-$svc-password")
        grep -qx "$role" <<<"$existing" || created+=("role $role")
        sql+="SELECT 'CREATE ROLE $role LOGIN' WHERE NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = '$role')\\gexec"$'\n'
        sql+="ALTER ROLE $role WITH LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE PASSWORD '$pw';"$'\n'
        for db in "$role" "${role}_test" "${role}_e2e"; do
            grep -qx "$db" <<<"$existing" || created+=("db $db")
            sql+="SELECT 'CREATE DATABASE $db OWNER $role' WHERE NOT EXISTS (SELECT 1 FROM pg_database WHERE datname = '$db')\\gexec"$'\n'
            sql+="ALTER DATABASE $db OWNER TO $role;"$'\n'
        done
    done
    pg_admin_psql <<<"$sql" >/dev/null
    if ((${#created[@]})); then note "postgres: created ${created[*]}"; else note "postgres: roles and databases present, passwords synced"; fi
    ensure_pg_password_login
}

pg_login_ok() {
    local svc=$1
    PGPASSWORD=$(read_secret "db-$svc-password") PGCONNECT_TIMEOUT=5 \
        psql -X -h 127.0.0.1 -p "$PG_PORT" -U "convene_$svc" -d "convene_$svc" -Atq -c 'SELECT 1' >/dev/null 2>&1
}

# Password logins over TCP 127.0.0.1 must work for our roles. Debian's default pg_hba
# (scram-sha-256 for host lines) and "trust" both do. If some pg_hba rejects them (ident,
# reject, no host line), prepend scram-sha-256 lines for exactly our roles and databases:
# that never weakens authentication.
ensure_pg_password_login() {
    local svc failing=()
    for svc in "${CONVENE_DB_SERVICES[@]}"; do pg_login_ok "$svc" || failing+=("$svc"); done
    ((${#failing[@]})) || return 0
    local hba mark="# convene: password logins for convene_* roles (scripts/infra.sh)" block=""
    hba=$(pg_admin_psql -At -c 'SHOW hba_file')
    if ! grep -qF "$mark" "$hba"; then
        warn "password login over 127.0.0.1 fails for: ${failing[*]}; adding scram-sha-256 lines to $hba"
        block="$mark"$'\n'
        for svc in "${CONVENE_DB_SERVICES[@]}"; do
            local r="convene_$svc"
            block+="host    $r,${r}_test,${r}_e2e    $r    127.0.0.1/32    scram-sha-256"$'\n'
            block+="host    $r,${r}_test,${r}_e2e    $r    ::1/128         scram-sha-256"$'\n'
        done
        cp -p "$hba" "$hba.convene-backup"
        { printf '%s' "$block"; cat "$hba.convene-backup"; } >"$hba"
        pg_admin_psql -c 'SELECT pg_reload_conf()' >/dev/null
        sleep 0.5
        note "postgres: added scram-sha-256 lines for convene_* to $hba (backup: $hba.convene-backup)"
    fi
    for svc in "${failing[@]}"; do
        pg_login_ok "$svc" || die "password login as convene_$svc to 127.0.0.1:$PG_PORT still fails; check $hba"
    done
}

# ------------------------------------------------------------------------ Redis

redis_ok() { [[ $(redis-cli -h "$REDIS_HOST" -p "$REDIS_PORT" ping 2>/dev/null) == PONG ]]; }

ensure_redis() {
    if redis_ok; then note "redis: already running on $REDIS_HOST:$REDIS_PORT"; return 0; fi
    info "starting Redis on $REDIS_HOST:$REDIS_PORT"
    mkdir -p /var/lib/redis /var/log/redis
    redis-server --daemonize yes --bind 127.0.0.1 -::1 --port "$REDIS_PORT" --save "" --appendonly no \
        --dir /var/lib/redis --logfile /var/log/redis/ci.log
    wait_for "Redis on $REDIS_HOST:$REDIS_PORT" 10 redis_ok || die "Redis did not start (see /var/log/redis/ci.log)"
    note "redis: started on $REDIS_HOST:$REDIS_PORT (log /var/log/redis/ci.log)"
}

# ---------------------------------------------------------------------- secrets

ensure_secrets() {
    local created=() svc name
    for svc in "${CONVENE_DB_SERVICES[@]}"; do
        if ensure_secret_hex "db-$svc-password"; then created+=("db-$svc-password"); fi
    done
    for svc in auth room; do
        if ensure_rsa_keypair "$svc-jwt"; then created+=("$svc-jwt-{private,public}.pem"); fi
    done
    for name in turn-secret janus-api-secret janus-admin-key; do
        if ensure_secret_hex "$name"; then created+=("$name"); fi
    done
    # The local run's first administrator (auth-service creates it at start; see
    # docs/auth-service.md "Admin bootstrap"). 32 hex characters.
    if ensure_secret_hex admin-bootstrap-password 16; then created+=(admin-bootstrap-password); fi
    chmod 600 "$SECRETS_DIR"/* 2>/dev/null || true
    chmod 644 "$SECRETS_DIR"/*-public.pem 2>/dev/null || true
    if ((${#created[@]})); then note "secrets: created ${created[*]}"; else note "secrets: all present"; fi
}

# ------------------------------------------------------------- service configs

# Java properties: a backslash in a value must be doubled.
prop() { printf '%s=%s\n' "$1" "${2//\\/\\\\}"; }

write_service_configs() {
    local svc header="# generated by scripts/infra.sh up — rewritten on every run, do not edit"
    for svc in "${CONVENE_DB_SERVICES[@]}"; do
        {
            echo "$header"
            prop quarkus.datasource.password "$(read_secret "db-$svc-password")"
            prop convene.secrets-dir "$SECRETS_DIR"
            if [[ $svc == auth ]]; then
                # %dev (and so `local`) only: tests create their own administrators.
                prop %dev.convene.admin.bootstrap.username admin
                prop %dev.convene.admin.bootstrap.email admin@localhost
                prop %dev.convene.admin.bootstrap.password "$(read_secret admin-bootstrap-password)"
            fi
        } | _write_private "$CONFIG_DIR/$svc-service.properties"
    done
    {
        echo "$header"
        prop convene.secrets-dir "$SECRETS_DIR"
        prop convene.turn.secret "$(read_secret turn-secret)"
        prop convene.janus.api-secret "$(read_secret janus-api-secret)"
        prop convene.janus.admin-key "$(read_secret janus-admin-key)"
    } | _write_private "$CONFIG_DIR/signaling-service.properties"
    {
        echo "$header"
        prop convene.secrets-dir "$SECRETS_DIR"
    } | _write_private "$CONFIG_DIR/web-ui.properties"
    note "config: wrote $CONFIG_DIR/{auth,room,chat,signaling}-service.properties, web-ui.properties"
}

# ------------------------------------------------------------------------ media

# LAN_IP: the validated CONVENE_MEDIA_IP (empty = loopback/namespace topology).
LAN_IP=""
resolve_media_ip() {
    local ip=${CONVENE_MEDIA_IP:-}
    LAN_IP=""
    [[ -n $ip ]] || return 0
    [[ $ip =~ ^[0-9]{1,3}(\.[0-9]{1,3}){3}$ ]] || die "CONVENE_MEDIA_IP=$ip is not an IPv4 address"
    ip -o -4 addr show | grep -qF " inet $ip/" ||
        die "CONVENE_MEDIA_IP=$ip is not an address of this machine (see: ip -4 addr)"
    LAN_IP=$ip
}

config_sum() { cat "$@" | sha256sum | cut -d' ' -f1; }

sfu_netns_up() {
    netns_veth_up "$SFU_NS" "$SFU_HOST_IF" "$SFU_NS_IF" "$SFU_HOST_IP" "$SFU_IP"
    # Keep a root-namespace browser from also pairing eth0's address across the veth:
    # answer ARP only for addresses of the interface asked on, and drop spoofed sources.
    sysctl -qw "net.ipv4.conf.$SFU_HOST_IF.arp_ignore=1"
    ip netns exec "$SFU_NS" sysctl -qw "net.ipv4.conf.$SFU_NS_IF.rp_filter=1" net.ipv4.conf.all.rp_filter=1
}

sfu_netns_down() {
    netns_kill_all "$SFU_NS"
    ip link del "$SFU_HOST_IF" 2>/dev/null || true
    if netns_exists "$SFU_NS"; then ip netns del "$SFU_NS"; fi
}

# A UDP/TCP listener on 3478 in the root namespace that is not our coturn would collide.
check_turn_port_free() {
    local users
    users=$(ss -Hlnptu 'sport = :3478' 2>/dev/null || true)
    [[ -z $users ]] || die "port 3478 is already in use in the root namespace: $users"
}

start_coturn() {
    local listen relay loopback="" sum pid
    if [[ -n $LAN_IP ]]; then
        listen=$LAN_IP relay=$LAN_IP
    else
        listen=127.0.0.1 relay=127.0.0.1 loopback=--loopback-peers
    fi
    mkdir -p "$COTURN_DIR" && chmod 700 "$COTURN_DIR"
    write_coturn_config "$COTURN_DIR/turnserver.conf" "$listen" "$relay" "$COTURN_PIDFILE" ${loopback:+"$loopback"}
    sum=$(config_sum "$COTURN_DIR/turnserver.conf")
    if pid=$(pidfile_pid "$COTURN_PIDFILE" turnserver) && [[ $(cat "$RUN_DIR/coturn.sum" 2>/dev/null) == "$sum" ]] &&
        turn_allocation_ok "$listen"; then
        note "coturn: already running (pid $pid) on $listen:3478"
        TURN_URL="turn:$listen:3478"
        return 0
    fi
    if pidfile_pid "$COTURN_PIDFILE" turnserver >/dev/null; then info "restarting coturn (configuration changed or unhealthy)"; fi
    stop_pidfile "$COTURN_PIDFILE" turnserver
    stop_strays coturn "${COTURN_CMD[@]}"
    check_turn_port_free
    echo "=== $(date -Is) infra.sh up: starting coturn" >>"$COTURN_LOG"
    spawn_daemon "$COTURN_PIDFILE" "$COTURN_LOG" -- "${COTURN_CMD[@]}"
    pid=$(<"$COTURN_PIDFILE")
    if ! wait_for_daemon "$pid" "a TURN allocation from coturn on $listen:3478" 10 turn_allocation_ok "$listen"; then
        tail -n 20 "$COTURN_LOG" >&2
        die "coturn did not start (log: $COTURN_LOG)"
    fi
    echo "$sum" >"$RUN_DIR/coturn.sum"
    note "coturn: started (pid $pid) on $listen:3478, relay $relay:49160-49200"
    TURN_URL="turn:$listen:3478"
}

start_janus() {
    local media enforce api ns="" sum pid
    if [[ -n $LAN_IP ]]; then
        media=$LAN_IP enforce=$LAN_IP api=127.0.0.1
    else
        media=$SFU_IP enforce=$SFU_NS_IF api=$SFU_IP ns=$SFU_NS
    fi
    JANUS_WS="ws://$api:8188" JANUS_HTTP="http://$api:8088/janus" JANUS_ADMIN="http://$api:7088/admin"
    render_janus_config "$JANUS_LOCAL_DIR" "$media" "$enforce" "$api"
    sum=$(config_sum "$JANUS_LOCAL_DIR"/*.jcfg <(echo "ns=$ns"))
    if pid=$(pidfile_pid "$JANUS_PIDFILE" janus) && [[ $(cat "$RUN_DIR/janus.sum" 2>/dev/null) == "$sum" ]] &&
        janus_info_ok "$JANUS_HTTP/info"; then
        note "janus: already running (pid $pid), API $JANUS_HTTP, media on $media"
        return 0
    fi
    if pidfile_pid "$JANUS_PIDFILE" janus >/dev/null; then info "restarting Janus (configuration changed or unhealthy)"; fi
    stop_pidfile "$JANUS_PIDFILE" janus
    stop_strays Janus "${JANUS_CMD[@]}"
    local -a netns_opt=()
    if [[ -n $ns ]]; then
        sfu_netns_up
        netns_opt=(--netns "$ns")
    else
        sfu_netns_down            # switched to LAN mode: the namespace is not needed any more
    fi
    echo "=== $(date -Is) infra.sh up: starting Janus" >>"$JANUS_LOG"
    spawn_daemon "$JANUS_PIDFILE" "$JANUS_LOG" "${netns_opt[@]}" -- "${JANUS_CMD[@]}"
    pid=$(<"$JANUS_PIDFILE")
    if ! wait_for_daemon "$pid" "Janus at $JANUS_HTTP/info" 20 janus_info_ok "$JANUS_HTTP/info"; then
        tail -n 20 "$JANUS_LOG" >&2
        die "Janus did not start (log: $JANUS_LOG)"
    fi
    echo "$sum" >"$RUN_DIR/janus.sum"
    note "janus: started (pid $pid)${ns:+ in namespace $ns}, API $JANUS_HTTP, media on $media, RTP 20000-20100"
}

write_media_env() {
    {
        echo "# generated by scripts/infra.sh up: where the local media servers are"
        echo "CONVENE_MEDIA_MODE=$([[ -n $LAN_IP ]] && echo lan || echo netns)"
        echo "CONVENE_TURN_URL=$TURN_URL"
        echo "CONVENE_JANUS_WS=$JANUS_WS"
        echo "CONVENE_JANUS_HTTP=$JANUS_HTTP"
        echo "CONVENE_JANUS_ADMIN=$JANUS_ADMIN"
    } >"$MEDIA_ENV"
}

# ----------------------------------------------------------------------- commands

cmd_up() {
    local media=1 t0
    t0=$(now_ms)
    while (($#)); do
        case $1 in
            --no-media) media=0 ;;
            -h | --help) usage; return 0 ;;
            *) usage >&2; die "unknown option for up: $1" ;;
        esac
        shift
    done
    require_root "scripts/infra.sh up" "packages, PostgreSQL administration, network namespaces"
    ensure_state_dirs
    if ((media)); then resolve_media_ip; fi      # fail early on a bad CONVENE_MEDIA_IP

    ensure_packages "${PACKAGES[@]}"
    if ((${#CONVENE_INSTALLED_PACKAGES[@]})); then
        note "packages: installed ${#CONVENE_INSTALLED_PACKAGES[@]} (incl. dependencies); log $LOG_DIR/apt.log"
    else
        note "packages: all present"
    fi
    ensure_postgres
    ensure_redis
    ensure_secrets
    ensure_databases
    write_service_configs
    if ((media)); then
        start_coturn
        start_janus
        write_media_env
        note "media: endpoints in $MEDIA_ENV"
    else
        note "media: skipped (--no-media)"
    fi

    info "infra up done in $(($(now_ms) - t0)) ms:"
    local line
    for line in "${SUMMARY[@]}"; do info "  $line"; done
    info "  logs: $LOG_DIR (coturn.log, janus.log, apt.log)"
}

cmd_down() {
    require_root "scripts/infra.sh down" "it stops root daemons and removes a network namespace"
    local stopped=()
    if pidfile_pid "$JANUS_PIDFILE" janus >/dev/null || [[ -n $(pids_with_cmdline "${JANUS_CMD[@]}") ]]; then
        stopped+=(janus)
    fi
    if pidfile_pid "$COTURN_PIDFILE" turnserver >/dev/null || [[ -n $(pids_with_cmdline "${COTURN_CMD[@]}") ]]; then
        stopped+=(coturn)
    fi
    stop_pidfile "$JANUS_PIDFILE" janus
    stop_strays Janus "${JANUS_CMD[@]}"
    stop_pidfile "$COTURN_PIDFILE" turnserver
    stop_strays coturn "${COTURN_CMD[@]}"
    if netns_exists "$SFU_NS" || ip link show "$SFU_HOST_IF" >/dev/null 2>&1; then stopped+=("namespace $SFU_NS"); fi
    sfu_netns_down
    rm -f "$RUN_DIR/coturn.sum" "$RUN_DIR/janus.sum" "$MEDIA_ENV"
    if ((${#stopped[@]})); then info "stopped: ${stopped[*]}"; else info "media servers were not running"; fi
    info "PostgreSQL and Redis are machine services and stay running"
}

cmd_status() {
    local pg="down" redis="down" coturn="down" janus="down" pid http=""
    if pg_select_cluster 2>/dev/null && pg_isready -q -h 127.0.0.1 -p "$PG_PORT" 2>/dev/null; then
        pg="up     $PG_VERSION/$PG_CLUSTER on 127.0.0.1:$PG_PORT"
    fi
    redis_ok && redis="up     $REDIS_HOST:$REDIS_PORT"
    if pid=$(pidfile_pid "$COTURN_PIDFILE" turnserver); then
        coturn="up     pid $pid, $(grep -m1 '^CONVENE_TURN_URL=' "$MEDIA_ENV" 2>/dev/null | cut -d= -f2-)"
    fi
    http=$(grep -m1 '^CONVENE_JANUS_HTTP=' "$MEDIA_ENV" 2>/dev/null | cut -d= -f2-) || true
    if pid=$(pidfile_pid "$JANUS_PIDFILE" janus); then
        if [[ -n $http ]] && janus_info_ok "$http/info"; then janus="up     pid $pid, $http"
        else janus="down   pid $pid alive but ${http:-its API} does not answer"; fi
    fi
    printf '%-9s %s\n' postgres "$pg" redis "$redis" coturn "$coturn" janus "$janus"
}

main() {
    local cmd=${1:-}
    (($#)) && shift
    case $cmd in
        up) cmd_up "$@" ;;
        down) cmd_down ;;
        status) cmd_status ;;
        -h | --help | help) usage ;;
        *) usage >&2; exit 2 ;;
    esac
}

# Run only when executed (sourcing gives access to the functions, e.g. for tests).
if [[ ${BASH_SOURCE[0]} == "$0" ]]; then main "$@"; fi
