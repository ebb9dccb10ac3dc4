# shellcheck shell=bash
# scripts/lib.sh — shared helpers for Convene's infrastructure scripts.
#
# Source it, don't run it:   source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
#
# It defines paths, logging, root/package/process helpers and the media helpers
# (coturn, Janus) shared by scripts/infra.sh and scripts/e2e-env.sh. It does not
# change the caller's shell options; the scripts that source it use
# `set -euo pipefail`, and every function here is written to work under it.
#
# Paths (fixed conventions other parts of the project rely on):
#   REPO         repository root (derived from this file's location)
#   STATE        $REPO/.convene (git-ignored)
#   SECRETS_DIR  $STATE/secrets   (mode 700; one secret per file, never printed)
#   CONFIG_DIR   $STATE/config    (generated per-service Quarkus config, mode 600)
#   RUN_DIR      $STATE/run       (pid files)
#   LOG_DIR      $STATE/logs
#   JANUS_LOCAL_DIR $STATE/janus-local (Janus config of the local run)
#   E2E_DIR      $STATE/e2e       (everything of the e2e network namespace)

[[ -n "${CONVENE_LIB_LOADED:-}" ]] && return 0
CONVENE_LIB_LOADED=1
# Paths and constants for the scripts that source this file (hence "unused" here).
# shellcheck disable=SC2034
{
    REPO="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd -P)"
    STATE="$REPO/.convene"
    SECRETS_DIR="$STATE/secrets"
    CONFIG_DIR="$STATE/config"
    RUN_DIR="$STATE/run"
    LOG_DIR="$STATE/logs"
    JANUS_LOCAL_DIR="$STATE/janus-local"
    E2E_DIR="$STATE/e2e"
    SCRIPTS_DIR="$REPO/scripts"
    JANUS_TEMPLATE_DIR="$SCRIPTS_DIR/conf/janus"

    # Service ports (all on 127.0.0.1; started by other scripts, listed for reference).
    declare -gA CONVENE_PORTS=([web-ui]=8080 [auth-service]=8081 [room-service]=8082
                               [signaling-service]=8083 [chat-service]=8084)
    # Services with a database: role convene_<svc>, databases convene_<svc>{,_test,_e2e}.
    CONVENE_DB_SERVICES=(auth room chat)
    REDIS_HOST=127.0.0.1
    REDIS_PORT=6379
}

# --------------------------------------------------------------------------- logging

info() { printf '[convene] %s\n' "$*" >&2; }
warn() { printf '[convene] WARNING: %s\n' "$*" >&2; }
die()  { printf '[convene] ERROR: %s\n' "$*" >&2; exit 1; }

# require_root [WHAT] [WHY] — die with a clear message unless running as root.
require_root() {
    [[ ${EUID:-$(id -u)} -eq 0 ]] ||
        die "${1:-this command} must run as root (${2:-it manages system services}); run it with sudo"
}

# Create the state tree with safe modes. Cheap; call it at the start of every command.
ensure_state_dirs() {
    mkdir -p "$STATE" "$CONFIG_DIR" "$RUN_DIR" "$LOG_DIR" "$E2E_DIR" "$SECRETS_DIR"
    chmod 700 "$SECRETS_DIR"
}

# Milliseconds since the epoch (bash 5's EPOCHREALTIME; the separator may be ',' in some locales).
now_ms() {
    local t=${EPOCHREALTIME/[.,]/}
    echo $((t / 1000))
}

# ---------------------------------------------------------------------- processes

# pid_alive PID — true if PID exists and is not a zombie. Zombies (state Z/X) count as
# dead: on this machine PID 1 reaps orphans slowly, so `kill -0` alone would lie.
pid_alive() {
    local pid=${1:-} stat state
    [[ $pid =~ ^[0-9]+$ ]] || return 1
    { read -r stat <"/proc/$pid/stat"; } 2>/dev/null || return 1
    state=${stat##*) }          # comm may contain spaces/parentheses: cut after the last ') '
    state=${state%% *}
    [[ $state != Z && $state != X ]]
}

# all_pids — every pid on the machine, sorted as text (for `comm`).
all_pids() {
    local d
    for d in /proc/[0-9]*; do echo "${d#/proc/}"; done | sort
}

# pid_cmdline PID — the process' command line with spaces between arguments.
pid_cmdline() {
    local pid=$1
    [[ -r /proc/$pid/cmdline ]] || return 1
    tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null
}

# proc_stat_field PID N — field N of /proc/PID/stat counted after the command name
# (1 = state, 2 = ppid, 3 = process group).
proc_stat_field() {
    local stat
    { read -r stat <"/proc/$1/stat"; } 2>/dev/null || return 1
    stat=${stat##*) }
    awk -v n="$2" '{print $n}' <<<"$stat"
}

# stop_pid PID [TIMEOUT_S=5] — TERM, wait up to TIMEOUT_S, then KILL. If PID leads its own
# process group (daemons we start with setsid do), the whole group is signalled so that
# forked children (socat's per-connection processes) go too.
stop_pid() {
    local pid=$1 timeout=${2:-5} pgid deadline
    pid_alive "$pid" || return 0
    pgid=$(proc_stat_field "$pid" 3) || return 0
    _signal_pid_or_group TERM "$pid" "$pgid"
    deadline=$(($(now_ms) + timeout * 1000))
    while pid_alive "$pid" && (($(now_ms) < deadline)); do sleep 0.05; done
    if pid_alive "$pid"; then
        warn "pid $pid ($(pid_cmdline "$pid" | cut -c1-60)) ignored SIGTERM for ${timeout}s; sending SIGKILL"
        _signal_pid_or_group KILL "$pid" "$pgid"
        deadline=$(($(now_ms) + 2000))
        while pid_alive "$pid" && (($(now_ms) < deadline)); do sleep 0.05; done
    fi
    ! pid_alive "$pid"
}

_signal_pid_or_group() {
    local sig=$1 pid=$2 pgid=$3
    if [[ $pgid == "$pid" ]]; then
        kill -s "$sig" -- "-$pid" 2>/dev/null || true
    fi
    kill -s "$sig" "$pid" 2>/dev/null || true
}

# pidfile_pid FILE [EXPECT] — print the pid stored in FILE if that process is alive (and,
# with EXPECT, its command line contains EXPECT, so a reused pid is not mistaken for ours).
pidfile_pid() {
    local file=$1 expect=${2:-} pid
    [[ -f $file ]] || return 1
    pid=$(tr -dc '0-9' <"$file" 2>/dev/null)
    pid_alive "$pid" || return 1
    [[ -z $expect || $(pid_cmdline "$pid") == *"$expect"* ]] || return 1
    echo "$pid"
}

# stop_pidfile FILE [EXPECT] — stop the process whose pid is in FILE and remove FILE.
# A stale file (dead pid, or — if EXPECT is given — a pid now reused by a process whose
# command line does not contain EXPECT) is just removed. Returns 0 if nothing was running.
stop_pidfile() {
    local file=$1 expect=${2:-} pid
    [[ -e $file ]] || return 0
    if pid=$(pidfile_pid "$file"); then
        if pidfile_pid "$file" "$expect" >/dev/null; then
            stop_pid "$pid" || warn "could not stop pid $pid from $file"
        else
            warn "$file: pid $pid is not '$expect' any more (stale pid file); leaving that process alone"
        fi
    fi
    rm -f "$file"
}

# pids_with_cmdline ARG... — pids whose command line is exactly ARG... (e.g. our own daemon
# with our own config path, whose pid file was lost). Exact match only, never a name pattern.
pids_with_cmdline() {
    local f pid a i
    local -a args
    for f in /proc/[0-9]*/cmdline; do
        mapfile -d '' -t args 2>/dev/null <"$f" || continue
        ((${#args[@]} == $#)) || continue
        i=0
        for a in "$@"; do
            [[ ${args[i]} == "$a" ]] || continue 2
            i=$((i + 1))
        done
        pid=${f#/proc/}
        pid=${pid%/cmdline}
        if pid_alive "$pid"; then echo "$pid"; fi
    done
}

# stop_strays WHAT ARG... — stop processes running exactly ARG... that no pid file knows of.
stop_strays() {
    local what=$1 pid
    shift
    for pid in $(pids_with_cmdline "$@"); do
        warn "stopping $what pid $pid (started by us, but its pid file was lost)"
        stop_pid "$pid" || true
    done
}

# spawn_daemon PIDFILE LOGFILE [--netns NS] -- CMD [ARGS...]
# Start CMD detached (own session, stdin /dev/null, output appended to LOGFILE), optionally
# inside network namespace NS, and write its pid to PIDFILE. Without job control, `setsid`
# does not fork and `ip netns exec` execs, so $! is the daemon itself. Callers then wait
# for readiness and check the pid with pid_alive (a daemon that fails at once is a zombie).
spawn_daemon() {
    local pidfile=$1 logfile=$2 pid had_monitor=0
    shift 2
    local -a prefix=()
    if [[ ${1:-} == --netns ]]; then prefix=(ip netns exec "$2"); shift 2; fi
    [[ ${1:-} == -- ]] && shift
    (($# > 0)) || die "spawn_daemon: no command"
    # With job control on, a background job is its own process-group leader and setsid
    # would fork, making $! a short-lived wrapper. Switch it off for the spawn.
    if [[ $- == *m* ]]; then had_monitor=1; set +m; fi
    setsid "${prefix[@]}" "$@" </dev/null >>"$logfile" 2>&1 &
    pid=$!
    ((had_monitor)) && set -m
    echo "$pid" >"$pidfile"
}

# wait_for DESCRIPTION TIMEOUT_S CMD [ARGS...] — run CMD (output discarded) every 0.1 s until
# it succeeds; return 1 with a warning after TIMEOUT_S seconds (integer).
wait_for() {
    local desc=$1 timeout=$2 deadline
    shift 2
    deadline=$(($(now_ms) + timeout * 1000))
    until "$@" >/dev/null 2>&1; do
        if (($(now_ms) >= deadline)); then
            warn "timed out after ${timeout}s waiting for $desc"
            return 1
        fi
        sleep 0.1
    done
}

# wait_for_daemon PID DESCRIPTION TIMEOUT_S CMD [ARGS...] — like wait_for, but gives up at
# once when process PID (the daemon being waited for) has exited.
wait_for_daemon() {
    local pid=$1 desc=$2 timeout=$3 deadline
    shift 3
    deadline=$(($(now_ms) + timeout * 1000))
    until "$@" >/dev/null 2>&1; do
        if ! pid_alive "$pid"; then
            warn "gave up waiting for $desc: process $pid exited"
            return 1
        fi
        if (($(now_ms) >= deadline)); then
            warn "timed out after ${timeout}s waiting for $desc"
            return 1
        fi
        sleep 0.1
    done
}

# ----------------------------------------------------------------------- packages

CONVENE_APT_UPDATED=${CONVENE_APT_UPDATED:-0}
CONVENE_INSTALLED_PACKAGES=()     # what ensure_packages installed in this process (for summaries)
# Marker so a policy-rc.d we left behind (script killed mid-install) is recognised and removed.
_CONVENE_POLICY_MARK='# convene: temporary policy-rc.d'

package_installed() {
    [[ $(dpkg-query -W -f='${db:Status-Status}' "$1" 2>/dev/null) == installed ]]
}

# ensure_packages PKG... — install the Debian packages that are not installed yet.
# Runs `apt-get update` at most once per process and only when something is missing.
# Packaged daemons must not be left running (coturn, janus and redis would start on
# 0.0.0.0 or on our ports): invoke-rc.d is blocked with a temporary policy-rc.d while
# installing, and afterwards any process that appeared during the install and runs a
# program shipped by a newly installed package is stopped.
ensure_packages() {
    local -a missing=()
    local pkg installed
    # One dpkg-query for all (unknown names just print an error, silenced here).
    installed=$(dpkg-query -W -f='${Package} ${db:Status-Status}\n' "$@" 2>/dev/null | awk '$2 == "installed" {print $1}' || true)
    for pkg in "$@"; do grep -qxF "${pkg%%:*}" <<<"$installed" || missing+=("$pkg"); done
    ((${#missing[@]} > 0)) || return 0
    require_root "installing packages" "apt-get install ${missing[*]}"
    ensure_state_dirs
    local aptlog="$LOG_DIR/apt.log"
    info "installing Debian packages: ${missing[*]} (log: $aptlog)"

    if ((CONVENE_APT_UPDATED == 0)); then
        apt-get update >>"$aptlog" 2>&1 || { tail -n 20 "$aptlog" >&2; die "apt-get update failed"; }
        CONVENE_APT_UPDATED=1
    fi

    local before_pkgs before_pids policy=/usr/sbin/policy-rc.d own_policy=0 rc=0
    before_pkgs=$(dpkg-query -W -f='${db:Status-Status} ${Package}\n' 2>/dev/null | awk '$1=="installed"{print $2}' | sort)
    before_pids=$(all_pids)
    if [[ -f $policy ]] && grep -qF "$_CONVENE_POLICY_MARK" "$policy"; then rm -f "$policy"; fi
    if [[ ! -e $policy ]]; then
        printf '#!/bin/sh\n%s (blocks service starts during install)\nexit 101\n' "$_CONVENE_POLICY_MARK" >"$policy"
        chmod 755 "$policy"
        own_policy=1
    fi
    DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends "${missing[@]}" >>"$aptlog" 2>&1 || rc=$?
    ((own_policy)) && rm -f "$policy"
    if ((rc != 0)); then
        tail -n 30 "$aptlog" >&2
        die "apt-get install ${missing[*]} failed (exit $rc)"
    fi

    local new_pkgs
    new_pkgs=$(comm -13 <(echo "$before_pkgs") <(dpkg-query -W -f='${db:Status-Status} ${Package}\n' 2>/dev/null | awk '$1=="installed"{print $2}' | sort))
    _stop_daemons_started_by_install "$before_pids" "$new_pkgs"
    # shellcheck disable=SC2206
    CONVENE_INSTALLED_PACKAGES+=($new_pkgs)
    info "installed $(wc -w <<<"$new_pkgs") package(s) (requested: ${missing[*]})"
}

# Stop processes that did not exist before the install, run an executable shipped by one
# of the newly installed packages and whose parent is not one of them (i.e. the top of
# each daemon's process tree; stopping it takes its children along).
_stop_daemons_started_by_install() {
    local before_pids=$1 new_pkgs=$2 pid exe ppid
    [[ -n $new_pkgs ]] || return 0
    local -A pkg_exe=() new_proc=()
    # shellcheck disable=SC2086
    while IFS= read -r exe; do
        [[ -f $exe && -x $exe ]] && pkg_exe[$exe]=1
    done < <(dpkg -L $new_pkgs 2>/dev/null)
    for pid in $(comm -13 <(echo "$before_pids") <(all_pids)); do
        exe=$(readlink "/proc/$pid/exe" 2>/dev/null) || continue
        exe=$(readlink -f "$exe" 2>/dev/null || echo "$exe")
        [[ -n ${pkg_exe[$exe]:-} ]] || {
            # also match through /usr-merged symlinks (/bin -> /usr/bin)
            local alt=${exe#/usr}
            [[ -n ${pkg_exe[$alt]:-} ]] || continue
        }
        new_proc[$pid]=$exe
    done
    for pid in "${!new_proc[@]}"; do
        ppid=$(proc_stat_field "$pid" 2) || continue
        [[ -n ${new_proc[$ppid]:-} ]] && continue
        warn "package install started ${new_proc[$pid]} (pid $pid); stopping it"
        stop_pid "$pid" || true
    done
}

# -------------------------------------------------------------------------- secrets

# secret_path NAME / read_secret NAME — the file of a secret / its content (no newline).
secret_path() { echo "$SECRETS_DIR/$1"; }
read_secret() {
    local f="$SECRETS_DIR/$1"
    [[ -s $f ]] || die "secret $f is missing: run scripts/infra.sh up"
    tr -d '\n' <"$f"
}

# _write_private FILE — copy stdin to FILE atomically with mode 600.
_write_private() {
    local file=$1 tmp
    tmp=$(mktemp "$file.XXXXXX")
    chmod 600 "$tmp"
    cat >"$tmp"
    mv -f "$tmp" "$file"
}

# ensure_secret_hex NAME [BYTES=32] — create a random hex secret if the file is missing.
# Returns 0 if it created one, 1 if it already existed (for summaries).
ensure_secret_hex() {
    local name=$1 bytes=${2:-32} file
    file=$(secret_path "$name")
    [[ -s $file ]] && return 1
    openssl rand -hex "$bytes" | _write_private "$file" || die "could not create secret $file"
    return 0
}

# ensure_rsa_keypair PREFIX — $PREFIX-private.pem (PKCS#8, RSA 2048) + $PREFIX-public.pem.
ensure_rsa_keypair() {
    local base=$1 priv pub created=1
    priv=$(secret_path "$base-private.pem")
    pub=$(secret_path "$base-public.pem")
    if [[ ! -s $priv ]]; then
        # genpkey writes an unencrypted PKCS#8 PEM, which is what SmallRye JWT reads.
        openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:2048 -outform PEM 2>/dev/null |
            _write_private "$priv" || die "could not create $priv"
        rm -f "$pub"
        created=0
    fi
    if [[ ! -s $pub ]]; then
        openssl pkey -in "$priv" -pubout | _write_private "$pub" || die "could not create $pub"
        chmod 644 "$pub"
        created=0
    fi
    return $created
}

# turn_credential USER_ID [TTL_S=3600] [SECRET_NAME=turn-secret]
# Prints "USERNAME PASSWORD" for the TURN REST API (coturn use-auth-secret):
# username = <unix expiry>:<user id>, password = base64(HMAC-SHA1(secret, username)).
turn_credential() {
    local user=$1 ttl=${2:-3600} name=${3:-turn-secret} username secret
    username="$(($(date +%s) + ttl)):$user"
    secret=$(read_secret "$name")
    printf '%s %s\n' "$username" \
        "$(printf '%s' "$username" | openssl dgst -sha1 -hmac "$secret" -binary | openssl base64 -A)"
}

# ------------------------------------------------------------------------- coturn

# write_coturn_config FILE LISTEN_IP RELAY_IP PIDFILE [--loopback-peers]
# A config file instead of command-line options keeps the shared secret out of `ps`.
write_coturn_config() {
    local file=$1 listen_ip=$2 relay_ip=$3 pidfile=$4 loopback=${5:-} secret
    secret=$(read_secret turn-secret)
    {
        echo "# generated by scripts/lib.sh (write_coturn_config) — do not edit"
        echo "listening-ip=$listen_ip"
        echo "relay-ip=$relay_ip"
        echo "listening-port=3478"
        echo "use-auth-secret"
        echo "static-auth-secret=$secret"
        echo "realm=convene"
        echo "no-tls"
        echo "no-dtls"
        echo "no-cli"
        echo "min-port=49160"
        echo "max-port=49200"
        echo "log-file=stdout"
        echo "simple-log"
        echo "pidfile=$pidfile"
        # Our own (empty) user database next to the config instead of /var/lib/turn/turndb.
        echo "userdb=$(dirname "$file")/turndb.sqlite"
        # Local runs relay between loopback addresses; coturn refuses that by default.
        if [[ $loopback == --loopback-peers ]]; then echo "allow-loopback-peers"; fi
    } | _write_private "$file"
}

# turn_allocation_ok HOST [NETNS] — true once coturn on HOST:3478 (optionally inside
# network namespace NETNS) grants allocations to a fresh REST credential, probed with
# `turnutils_uclient -y -c -n 2 -m 1` (it exits 255 at once on a refused or failed
# allocation; -c skips the RTCP allocations, which only cost relay ports).
# uclient prints "Total connect time" when its allocations are granted and then spends
# ~5 s on test packets before it releases them; we answer at that line and let it finish on
# its own in the background: killing it would leak relay ports until the allocations expire.
# (Even a complete run leaves one allocation behind until it times out — a uclient quirk —
# so each probe holds one relay port of 49160-49200 for a while.)
turn_allocation_ok() {
    local host=$1 ns=${2:-} u p out pid rc=1 deadline
    local -a prefix=()
    [[ -n $ns ]] && prefix=(ip netns exec "$ns")
    read -r u p < <(turn_credential probe 600) && [[ -n $p ]] || return 1
    out=$(mktemp)
    "${prefix[@]}" turnutils_uclient -u "$u" -w "$p" -y -c -n 2 -m 1 "$host" </dev/null >"$out" 2>&1 &
    pid=$!
    deadline=$(($(now_ms) + 5000))
    while :; do
        if grep -q 'Total connect time' "$out"; then rc=0; break; fi
        if ! pid_alive "$pid"; then
            wait "$pid" 2>/dev/null && rc=0 || rc=1
            break
        fi
        if (($(now_ms) >= deadline)); then stop_pid "$pid" 1 || true; break; fi
        sleep 0.02
    done
    rm -f "$out"
    return $rc
}

# -------------------------------------------------------------------------- Janus

# janus_lib_dir — the folder holding plugins/ transports/ events/ loggers/ of the installed
# janus package (Debian: /usr/lib/<multiarch>/janus).
janus_lib_dir() {
    local so
    so=$(dpkg -L janus 2>/dev/null | grep -m1 '/plugins/libjanus_videoroom\.so$') ||
        die "janus package not installed (no libjanus_videoroom.so): run scripts/infra.sh up"
    dirname "$(dirname "$so")"
}

# _so_list DIR KEEP... — comma-separated .so file names in DIR except the ones to keep.
_so_list() {
    local dir=$1 f keep out=()
    shift
    for f in "$dir"/*.so; do
        [[ -e $f ]] || continue
        f=${f##*/}
        for keep in "$@"; do [[ $f == "$keep" ]] && continue 2; done
        out+=("$f")
    done
    local IFS=,
    echo "${out[*]}"
}

# _render TEMPLATE DEST KEY=VALUE... — replace every @KEY@ in TEMPLATE.
_render() {
    local tpl=$1 dest=$2 text kv
    shift 2
    [[ -r $tpl ]] || die "template $tpl missing"
    text=$(<"$tpl")
    for kv in "$@"; do
        # Quoted replacement: no '&' expansion (bash 5.2 patsub_replacement).
        text=${text//"@${kv%%=*}@"/"${kv#*=}"}
    done
    if [[ $text =~ @[A-Z_]+@ ]]; then die "unreplaced placeholder ${BASH_REMATCH[0]} in $tpl"; fi
    printf '%s\n' "$text" | _write_private "$dest"
}

# render_janus_config DEST_DIR MEDIA_IP ICE_ENFORCE_LIST API_IP
# Writes janus.jcfg, the WebSocket/HTTP transport configs and the videoroom config from
# scripts/conf/janus/*.in into DEST_DIR (mode 700, files 600: they hold secrets).
# MEDIA_IP goes into SDP (`interface`), ICE_ENFORCE_LIST limits candidate gathering,
# API_IP is where the WebSocket (8188), HTTP (8088) and admin (7088) APIs listen.
# Every plugin except the videoroom, every transport except websockets/http, all event
# handlers and all loggers are disabled (lists computed from the installed package).
render_janus_config() {
    local dest=$1 media_ip=$2 enforce=$3 api_ip=$4 lib
    lib=$(janus_lib_dir)
    mkdir -p "$dest"
    chmod 700 "$dest"
    local -a vars=(
        "CONFIGS_FOLDER=$dest"
        "PLUGINS_FOLDER=$lib/plugins"
        "TRANSPORTS_FOLDER=$lib/transports"
        "EVENTS_FOLDER=$lib/events"
        "LOGGERS_FOLDER=$lib/loggers"
        "DISABLED_PLUGINS=$(_so_list "$lib/plugins" libjanus_videoroom.so)"
        "DISABLED_TRANSPORTS=$(_so_list "$lib/transports" libjanus_websockets.so libjanus_http.so)"
        "DISABLED_EVENTS=$(_so_list "$lib/events")"
        "DISABLED_LOGGERS=$(_so_list "$lib/loggers")"
        "API_SECRET=$(read_secret janus-api-secret)"
        "ADMIN_SECRET=$(read_secret janus-admin-key)"
        "ADMIN_KEY=$(read_secret janus-admin-key)"
        "MEDIA_IP=$media_ip"
        "ICE_ENFORCE_LIST=$enforce"
        "API_IP=$api_ip"
        "RTP_PORT_RANGE=20000-20100"
    )
    local tpl name
    for tpl in "$JANUS_TEMPLATE_DIR"/*.jcfg.in; do
        name=${tpl##*/}
        _render "$tpl" "$dest/${name%.in}" "${vars[@]}"
    done
}

# janus_info_ok URL — true if Janus' info endpoint answers with server info.
janus_info_ok() {
    curl -sf -m 1 "$1" 2>/dev/null | grep -q '"janus": *"server_info"'
}

# ---------------------------------------------------------------- network namespaces

netns_exists() { [[ -e /run/netns/$1 ]]; }

# netns_veth_up NS OUT_IF IN_IF OUT_IP IN_IP — (idempotently) namespace NS joined to the root
# namespace by a veth pair: OUT_IF/OUT_IP (a /30) in the root, IN_IF/IN_IP inside, both up,
# lo up inside, IPv6 off on both ends (no default route: nothing inside reaches beyond).
netns_veth_up() {
    local ns=$1 out_if=$2 in_if=$3 out_ip=$4 in_ip=$5
    netns_exists "$ns" || ip netns add "$ns"
    ip link show "$out_if" >/dev/null 2>&1 || ip link add "$out_if" type veth peer name "$in_if" netns "$ns"
    ip addr replace "$out_ip/30" dev "$out_if"
    ip link set "$out_if" up
    ip -n "$ns" addr replace "$in_ip/30" dev "$in_if"
    ip -n "$ns" link set "$in_if" up
    ip -n "$ns" link set lo up
    sysctl -qw "net.ipv6.conf.$out_if.disable_ipv6=1"
    ip netns exec "$ns" sysctl -qw "net.ipv6.conf.$in_if.disable_ipv6=1"
}

# netns_kill_all NS — stop every process still inside NS, pid by pid (TERM all, wait up to
# 3 s, KILL the rest), repeating while new ones show up (a dying Chromium may fork).
netns_kill_all() {
    local ns=$1 pid deadline _round
    netns_exists "$ns" || return 0
    for _round in 1 2 3 4 5; do
        local -a pids=()
        for pid in $(ip netns pids "$ns" 2>/dev/null); do pid_alive "$pid" && pids+=("$pid"); done
        ((${#pids[@]} > 0)) || return 0
        for pid in "${pids[@]}"; do kill -TERM "$pid" 2>/dev/null || true; done
        deadline=$(($(now_ms) + 3000))
        while (($(now_ms) < deadline)); do
            local any=0
            for pid in "${pids[@]}"; do pid_alive "$pid" && any=1 && break; done
            ((any)) || break
            sleep 0.05
        done
        for pid in "${pids[@]}"; do
            if pid_alive "$pid"; then kill -KILL "$pid" 2>/dev/null || true; fi
        done
    done
    warn "processes are still alive in namespace $ns: $(ip netns pids "$ns" 2>/dev/null | tr '\n' ' ')"
}
