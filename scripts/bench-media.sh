#!/usr/bin/env bash
# scripts/bench-media.sh — media benchmarks of the SFU and AUTO modes (docs/PERFORMANCE.md,
# "Media (SFU/AUTO)"): join → first remote frame in SFU mode (p50/p90), six people until all
# flowing (SFU and mesh), Chromium CPU six-party SFU vs mesh, the AUTO switch gap.
#
#   scripts/bench-media.sh [--joins N] [--cpu-window S] [--join-spacing MS] [--camera WxH[@FPS]] [--rounds N] [--only join,six,six-sfu,own,switch]
#
# Prints, never asserts (web-ui/client/e2e/bench-media.mjs; result lines start with BENCH).
# Holds /tmp/convene-e2e.lock (one e2e environment per machine). If the e2e environment and
# the suite are already up they are used and left running; otherwise they are started
# (scripts/e2e-env.sh up, scripts/suite.sh start --env e2e; CONVENE_E2E_BASE_PORT moves the
# suite's ports) and removed at the end; before starting them it runs `scripts/infra.sh up
# --no-media` (idempotent). Needs root and a build (./mvnw -B package -DskipTests).
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

case ${1:-} in -h | --help) sed -n '2,13p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;; esac
require_root "scripts/bench-media.sh" "the e2e network namespace"

LOCK=/tmp/convene-e2e.lock
if [[ -z ${CONVENE_E2E_LOCKED:-} ]]; then
    info "waiting for $LOCK (one e2e environment per machine)"
    # -o: daemons started below (PostgreSQL, Redis, coturn, Janus) must not inherit the lock.
    exec env CONVENE_E2E_LOCKED=1 flock -o "$LOCK" "$0" "$@"
fi

base_port=${CONVENE_E2E_BASE_PORT:-18080}
started=0
cleanup() {
    if ((started)); then
        "$SCRIPTS_DIR/suite.sh" stop --env e2e || true
        "$SCRIPTS_DIR/e2e-env.sh" down || true
    fi
}
trap cleanup EXIT

# Up = signaling-service answers its readiness check. On a loaded two-core box one check (2 s
# limit) can miss; rebuilding the namespace under a running suite would cut its Janus links.
# (No `grep -q`: it stops reading at the match, `status` dies of SIGPIPE writing the next line,
# and pipefail turned that into "not up" every time.)
suite_up() { "$SCRIPTS_DIR/suite.sh" status --env e2e | grep '^signaling-service *ready' >/dev/null; }
if [[ -f $E2E_DIR/env && -f $E2E_DIR/suite/run/signaling-service.pid ]] \
    && wait_for "the running e2e suite to answer" 20 suite_up; then
    info "using the e2e environment and suite that are up"
else
    started=1
    # PostgreSQL, Redis, secrets and the generated per-app config (a fresh checkout has none);
    # the e2e namespace below brings its own coturn and Janus.
    "$SCRIPTS_DIR/infra.sh" up --no-media
    "$SCRIPTS_DIR/e2e-env.sh" up --web-port "$base_port"
    "$SCRIPTS_DIR/suite.sh" start --env e2e
fi

info "load average before: $(cut -d' ' -f1-3 /proc/loadavg) ($(nproc) cores)"
cd "$REPO"
"$SCRIPTS_DIR/e2e-env.sh" exec -- node web-ui/client/e2e/bench-media.mjs "$@"
info "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
