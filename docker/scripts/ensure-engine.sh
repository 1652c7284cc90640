#!/usr/bin/env bash
# Makes sure a Docker engine answers. On a root Debian/Ubuntu host it installs docker.io when
# needed and starts dockerd in the background (CI machines have no systemd and no engine);
# anywhere else it says what the user must do. Quiet when an engine already answers.
set -euo pipefail

SAGEBOX_HOME="${SAGEBOX_HOME:-$HOME/.sagebox}"
WAIT_SECONDS="${SAGEBOX_ENGINE_WAIT_SECONDS:-60}"
DEFAULT_SOCKET=/var/run/docker.sock
PID_FILE="${SAGEBOX_DOCKERD_PIDFILE:-/var/run/docker.pid}"
LOG_FILE="$SAGEBOX_HOME/dockerd.log"

say() { printf 'ensure-engine: %s\n' "$*" >&2; }
fail() { say "$*"; exit 1; }

engine_answers() {
    command -v docker >/dev/null 2>&1 && timeout 20 docker info >/dev/null 2>&1
}

is_debian_like() {
    [ -r /etc/os-release ] || return 1
    local id id_like
    # shellcheck disable=SC1091
    id="$(. /etc/os-release && printf '%s' "${ID:-}")"
    # shellcheck disable=SC1091
    id_like="$(. /etc/os-release && printf '%s' "${ID_LIKE:-}")"
    case " $id $id_like " in
        *" debian "* | *" ubuntu "*) return 0 ;;
        *) return 1 ;;
    esac
}

# The pid file of a dockerd that died may name a pid since reused by another process: check its name too.
dockerd_alive() {
    local pid
    [ -s "$PID_FILE" ] || return 1
    pid="$(cat "$PID_FILE")"
    kill -0 "$pid" 2>/dev/null && [ "$(cat "/proc/$pid/comm" 2>/dev/null || echo dockerd)" = dockerd ]
}

explain_and_exit() {
    local why="$1"
    cat >&2 <<MSG
ensure-engine: no Docker engine answers ($why).
Sagebox runs training and inference in Docker containers; please do one of:
  - install Docker Engine (Debian/Ubuntu: sudo apt-get install docker.io; elsewhere see your
    distribution's Docker package), then start it (sudo systemctl start docker, or sudo dockerd &);
  - if it is installed and running, let your user talk to it:
    sudo usermod -aG docker "\$USER", then log in again;
  - or point DOCKER_HOST at an engine that answers.
Then run this script again.
MSG
    exit 1
}

if engine_answers; then
    exit 0
fi

if [ -n "${DOCKER_HOST:-}" ] && [ "$DOCKER_HOST" != "unix://$DEFAULT_SOCKET" ]; then
    fail "DOCKER_HOST=$DOCKER_HOST does not answer 'docker info'; start that engine or unset DOCKER_HOST."
fi

if [ "$(id -u)" -ne 0 ]; then
    if [ -S "$DEFAULT_SOCKET" ] && [ ! -w "$DEFAULT_SOCKET" ]; then
        explain_and_exit "permission denied on $DEFAULT_SOCKET: add your user to the docker group"
    fi
    explain_and_exit "not running as root, so this script cannot install or start one"
fi
if ! is_debian_like; then
    explain_and_exit "this script installs Docker only on Debian or Ubuntu"
fi

mkdir -p "$SAGEBOX_HOME"

if ! command -v dockerd >/dev/null 2>&1 || ! command -v docker >/dev/null 2>&1; then
    say "installing docker.io with apt-get (log: $SAGEBOX_HOME/apt.log)"
    export DEBIAN_FRONTEND=noninteractive
    if ! { timeout 600 apt-get update -q && timeout 900 apt-get install -y -q --no-install-recommends \
            docker.io iptables ca-certificates; } >"$SAGEBOX_HOME/apt.log" 2>&1; then
        tail -n 30 "$SAGEBOX_HOME/apt.log" >&2 || true
        fail "apt-get could not install docker.io (see $SAGEBOX_HOME/apt.log)."
    fi
    command -v dockerd >/dev/null 2>&1 || fail "docker.io is installed but dockerd is not on PATH."
    command -v docker >/dev/null 2>&1 || fail "docker.io is installed but the docker CLI is not on PATH."
fi

started_pid=""
if ! dockerd_alive; then
    # A pid file left by a dead dockerd makes the next one refuse to start.
    rm -f "$PID_FILE"
    say "starting dockerd (log: $LOG_FILE)"
    nohup dockerd --pidfile "$PID_FILE" >>"$LOG_FILE" 2>&1 </dev/null &
    started_pid=$!
    disown || true
fi

deadline=$((SECONDS + WAIT_SECONDS))
while ! engine_answers; do
    if [ "$SECONDS" -ge "$deadline" ]; then
        tail -n 30 "$LOG_FILE" >&2 2>/dev/null || true
        fail "dockerd did not answer within ${WAIT_SECONDS}s (log: $LOG_FILE)."
    fi
    if [ -n "$started_pid" ] && ! kill -0 "$started_pid" 2>/dev/null; then
        tail -n 30 "$LOG_FILE" >&2 2>/dev/null || true
        fail "dockerd exited while starting (log: $LOG_FILE)."
    fi
    sleep 1
done
