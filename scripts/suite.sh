#!/usr/bin/env bash
# scripts/suite.sh — start, stop and inspect the five Convene apps (packaged Quarkus jars).
#
#   scripts/suite.sh start [--env local|e2e] [--foreground]
#   scripts/suite.sh stop  [--env local|e2e]
#   scripts/suite.sh status [--env local|e2e]
#
# Environments (both on 127.0.0.1 only):
#   local  ports 8080-8084, databases convene_<svc>        (./convene run)
#   e2e    ports 18080-18084, databases convene_<svc>_e2e  (the suite tests; never collides
#          with a local run that is up at the same time). CONVENE_E2E_BASE_PORT moves the
#          five ports (e.g. 28080-28084) when 18080 is taken while iterating on e2e tests.
# Every app runs with the `local` Quarkus profile (a child of `dev`), reads its generated
# secrets from .convene/config/<app>.properties, logs to <state>/logs/<app>.log and has its
# pid in <state>/run/<app>.pid. `start` waits until every app reports ready and fails with
# the tail of the log of any app that does not. With --foreground it then waits: Ctrl-C
# (or `stop` from another shell) ends every app it started.
# Prerequisite: scripts/infra.sh up (PostgreSQL, Redis, secrets) and a build
# (./mvnw package -DskipTests); ./convene run does both.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

APPS=(auth-service room-service signaling-service chat-service web-ui)
READY_TIMEOUT_S=${CONVENE_READY_TIMEOUT_S:-120}

usage() {
    sed -n '2,19p' "$0" | sed 's/^# \{0,1\}//'
    exit "${1:-0}"
}

# ---------------------------------------------------------------- per-environment settings

select_env() {
    ENV_NAME=$1
    case $ENV_NAME in
        local) BASE_PORT=8080; DB_SUFFIX=""; EVENTS_PREFIX=convene; SUITE_STATE="$STATE" ;;
        e2e) BASE_PORT=${CONVENE_E2E_BASE_PORT:-18080}; DB_SUFFIX="_e2e"; EVENTS_PREFIX=convene-e2e; SUITE_STATE="$E2E_DIR/suite" ;;
        *) die "unknown environment '$ENV_NAME' (local or e2e)" ;;
    esac
    SUITE_RUN="$SUITE_STATE/run"
    SUITE_LOGS="$SUITE_STATE/logs"
}

app_port() {
    case $1 in
        web-ui) echo $((BASE_PORT)) ;;
        auth-service) echo $((BASE_PORT + 1)) ;;
        room-service) echo $((BASE_PORT + 2)) ;;
        signaling-service) echo $((BASE_PORT + 3)) ;;
        chat-service) echo $((BASE_PORT + 4)) ;;
    esac
}

# The Janus URLs of the e2e environment: from .convene/e2e/env once `e2e-env.sh up` ran,
# else its fixed addresses.
e2e_janus_urls() {
    local urls=""
    if [[ -f $E2E_DIR/env ]]; then urls=$(sed -n 's/^CONVENE_E2E_JANUS_URLS=//p' "$E2E_DIR/env"); fi
    echo "${urls:-ws://10.213.1.2:8188,ws://10.213.1.6:8188}"
}

app_jar() { echo "$REPO/$1/target/quarkus-app/quarkus-run.jar"; }

# The environment variables an app gets on top of the defaults in its application.properties.
app_env() {
    local app=$1 svc=${1%-service}
    # Redis pub/sub channels are global to a Redis server: each environment has its own prefix.
    echo "CONVENE_EVENTS_PREFIX=$EVENTS_PREFIX"
    case $app in
        auth-service | room-service | chat-service)
            echo "CONVENE_DB_URL=jdbc:postgresql://127.0.0.1:5432/convene_${svc}${DB_SUFFIX}"
            # Links in mails (password reset) point at the web-ui origin.
            if [[ $app == auth-service ]]; then echo "CONVENE_PUBLIC_URL=http://localhost:$BASE_PORT"; fi
            ;;
        signaling-service)
            # Pages come from the web-ui origin; in the e2e namespace they load http://localhost:8080.
            echo "CONVENE_ALLOWED_ORIGINS=http://localhost:$BASE_PORT,http://127.0.0.1:$BASE_PORT,http://localhost:8080"
            # The SFU pool: the e2e namespace's two Janus (scripts/e2e-env.sh); the local run
            # keeps the profile's default (the Janus of namespace cvn-sfu, scripts/infra.sh).
            # api_secret/admin_key come from the generated config, the same secrets both use.
            if [[ $ENV_NAME == e2e ]]; then echo "CONVENE_JANUS_URLS=$(e2e_janus_urls)"; fi
            ;;
        web-ui)
            echo "CONVENE_PROXY_AUTH_URL=http://127.0.0.1:$(app_port auth-service)"
            echo "CONVENE_PROXY_ROOM_URL=http://127.0.0.1:$(app_port room-service)"
            echo "CONVENE_PROXY_SIGNALING_URL=http://127.0.0.1:$(app_port signaling-service)"
            echo "CONVENE_PROXY_CHAT_URL=http://127.0.0.1:$(app_port chat-service)"
            ;;
    esac
}

# ------------------------------------------------------------------------------- commands

start_app() {
    local app=$1 port jar log
    port=$(app_port "$app")
    jar=$(app_jar "$app")
    log="$SUITE_LOGS/$app.log"
    [[ -f $jar ]] || die "$jar is missing: build first (./mvnw -B package -DskipTests)"
    if pidfile_pid "$SUITE_RUN/$app.pid" >/dev/null; then
        info "$app is already running ($ENV_NAME)"
        return 0
    fi
    if (echo >"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
        die "port $port (for $app) is already taken by another process"
    fi
    : >"$log"
    local -a env_vars
    mapfile -t env_vars < <(app_env "$app")
    # shellcheck disable=SC2086 # CONVENE_JAVA_OPTS is a list of JVM options
    (cd "$REPO/$app" && spawn_daemon "$SUITE_RUN/$app.pid" "$log" -- \
        env "${env_vars[@]}" java ${CONVENE_JAVA_OPTS:--Xms64m -Xmx512m -XX:+UseSerialGC} \
        -Dquarkus.profile=local -Dconvene.root="$REPO" -Dquarkus.http.port="$port" \
        -Dquarkus.http.host=127.0.0.1 -jar "$jar")
}

app_ready() { curl -sf -m 2 "http://127.0.0.1:$(app_port "$1")/q/health/ready" >/dev/null; }

cmd_start() {
    local foreground=$1 app failed=0
    mkdir -p "$SUITE_RUN" "$SUITE_LOGS"
    for app in "${APPS[@]}"; do start_app "$app"; done
    for app in "${APPS[@]}"; do
        if ! wait_for "$app to be ready" "$READY_TIMEOUT_S" app_ready "$app"; then
            failed=1
            warn "$app did not become ready; last lines of $SUITE_LOGS/$app.log:"
            tail -n 40 "$SUITE_LOGS/$app.log" >&2 || true
        fi
    done
    if ((failed)); then
        cmd_stop
        die "the suite did not start"
    fi
    print_summary
    if [[ $foreground == 1 ]]; then
        trap stop_on_signal INT TERM HUP
        wait_while_running
    fi
}

# Ctrl-C / kill: stop every app, whatever happens to our output (the terminal or a `| tee`
# reading it may be gone already: a write must not kill us before the apps are stopped).
stop_on_signal() {
    trap '' INT TERM HUP PIPE
    info "stopping…" 2>/dev/null || true
    cmd_stop 2>/dev/null || true
    exit 0
}

print_summary() {
    local app
    info "Convene ($ENV_NAME) is up: open http://localhost:$(app_port web-ui)"
    info "  administrator: admin / password in $SECRETS_DIR/admin-bootstrap-password"
    for app in "${APPS[@]}"; do
        info "  $(printf '%-18s' "$app") http://127.0.0.1:$(app_port "$app")  log: $SUITE_LOGS/$app.log"
    done
}

# Foreground mode: return when every app is gone; if one dies, say so and stop the rest.
wait_while_running() {
    local app
    while true; do
        for app in "${APPS[@]}"; do
            if ! pidfile_pid "$SUITE_RUN/$app.pid" >/dev/null; then
                [[ -e $SUITE_RUN/$app.pid ]] || return 0 # stopped on purpose (`stop` from elsewhere)
                warn "$app exited; last lines of its log:"
                tail -n 20 "$SUITE_LOGS/$app.log" >&2 || true
                cmd_stop
                return 1
            fi
        done
        sleep 1
    done
}

cmd_stop() {
    local app
    for app in "${APPS[@]}"; do
        stop_pidfile "$SUITE_RUN/$app.pid" quarkus-run.jar
    done
}

cmd_status() {
    local app state
    for app in "${APPS[@]}"; do
        if pidfile_pid "$SUITE_RUN/$app.pid" >/dev/null; then
            app_ready "$app" && state=ready || state=starting
        else
            state=stopped
        fi
        printf '%-18s %-8s port %s\n' "$app" "$state" "$(app_port "$app")"
    done
}

main() {
    local command=${1:-}
    [[ -n $command ]] || usage 1
    shift
    local env=local foreground=0
    while (($#)); do
        case $1 in
            --env) env=${2:?--env needs local or e2e}; shift 2 ;;
            --foreground) foreground=1; shift ;;
            -h | --help) usage ;;
            *) die "unknown option $1" ;;
        esac
    done
    select_env "$env"
    case $command in
        start) cmd_start "$foreground" ;;
        stop) cmd_stop ;;
        status) cmd_status ;;
        -h | --help | help) usage ;;
        *) usage 1 ;;
    esac
}

main "$@"
