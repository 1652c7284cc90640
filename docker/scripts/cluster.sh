#!/usr/bin/env bash
# A local multi-node Docker Swarm for development and tests, on one machine:
#
#   cluster.sh up N     this host's engine becomes the swarm's manager (unless it already is one), N-1 worker nodes
#                       join it, and the cluster's registry runs on the manager; prints the cluster's facts
#   cluster.sh down     removes the workers, the registry and (if `up` made it) the swarm: the engine is as before
#   cluster.sh status   the nodes and the registry
#
# A worker node is Debian's docker.io engine in a container (sagebox/swarm-node, docker-in-docker) with its own
# /var/lib/docker on a volume and its own cgroup parent. The cluster's registry is Debian's docker-registry
# (sagebox/registry) on the manager; every node, the manager included, reaches it as 127.0.0.1:5000 (a loopback
# registry needs no TLS), so images are named 127.0.0.1:5000/<name> everywhere. Nothing is pulled from the internet. Everything
# started carries sagebox.managed=true and sagebox.cluster=<role>; the state lives in $SAGEBOX_HOME/cluster.
set -euo pipefail

SCRIPT_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
SAGEBOX_HOME="${SAGEBOX_HOME:-$HOME/.sagebox}"
STATE="$SAGEBOX_HOME/cluster"
NODE_IMAGE=sagebox/swarm-node:latest
REGISTRY_IMAGE=sagebox/registry:latest
REGISTRY_PORT="${SAGEBOX_REGISTRY_PORT:-5000}"
PREFIX=sagebox-node-
REGISTRY=sagebox-registry
# --privileged asks for every capability; this machine's bounding set may lack some (SYS_RESOURCE here), so a node
# gets all the ones the host has.
NODE_CAPS=(--cap-add ALL --security-opt seccomp=unconfined --security-opt apparmor=unconfined)

say() { printf 'cluster: %s\n' "$*" >&2; }
fail() { say "$*"; exit 1; }
d() { timeout 120 docker "$@"; }

# The manager's address every node reaches: the engine's default bridge gateway. An engine that found its bridge
# already made (a restarted dockerd) records no Gateway, so the bridge interface's own address is read then.
manager_address() {
    local gateway bridge
    gateway="$(d network inspect bridge -f '{{ (index .IPAM.Config 0).Gateway }}')"
    if [ -z "$gateway" ]; then
        bridge="$(d network inspect bridge -f '{{ index .Options "com.docker.network.bridge.name" }}')"
        gateway="$(ip -4 -o addr show dev "${bridge:-docker0}" 2>/dev/null | awk '{split($4, a, "/"); print a[1]; exit}')"
    fi
    [ -n "$gateway" ] || fail "cannot tell the address of the engine's default bridge (docker network inspect bridge)"
    echo "$gateway"
}

swarm_state() { d info -f '{{.Swarm.LocalNodeState}}'; }

missing_caps() {
    # Capabilities of the full set (0..40) that this process's bounding set lacks, as docker --cap-drop names.
    local bnd names=(CHOWN DAC_OVERRIDE DAC_READ_SEARCH FOWNER FSETID KILL SETGID SETUID SETPCAP LINUX_IMMUTABLE
        NET_BIND_SERVICE NET_BROADCAST NET_ADMIN NET_RAW IPC_LOCK IPC_OWNER SYS_MODULE SYS_RAWIO SYS_CHROOT SYS_PTRACE
        SYS_PACCT SYS_ADMIN SYS_BOOT SYS_NICE SYS_RESOURCE SYS_TIME SYS_TTY_CONFIG MKNOD LEASE AUDIT_WRITE
        AUDIT_CONTROL SETFCAP MAC_OVERRIDE MAC_ADMIN SYSLOG WAKE_ALARM BLOCK_SUSPEND AUDIT_READ PERFMON BPF
        CHECKPOINT_RESTORE)
    bnd=$((16#$(awk '/^CapBnd/ {print $2}' /proc/self/status)))
    for i in "${!names[@]}"; do
        (( (bnd >> i) & 1 )) || printf -- '--cap-drop %s ' "${names[$i]}"
    done
}

wait_for() { # wait_for <seconds> <what> <command...>
    local limit="$1" what="$2"; shift 2
    local until=$((SECONDS + limit))
    until "$@" >/dev/null 2>&1; do
        [ "$SECONDS" -lt "$until" ] || fail "$what did not happen within ${limit}s"
        sleep 1
    done
}

node_ready() { # node_ready <count>
    [ "$(d node ls -f role=worker --format '{{.Hostname}} {{.Status}}' | grep -c "^$PREFIX.* Ready$")" -ge "$1" ]
}

up() {
    local count="${1:-}"
    [[ "$count" =~ ^[1-9][0-9]?$ ]] || fail "usage: cluster.sh up N (N nodes in all, the manager included; 1-99)"
    "$SCRIPT_DIR/ensure-engine.sh"
    "$SCRIPT_DIR/build-images.sh" swarm-node registry >&2
    mkdir -p "$STATE"
    local manager
    manager="$(manager_address)"
    case "$(swarm_state)" in
        inactive)
            d swarm init --advertise-addr "$manager" >/dev/null
            echo made >"$STATE/swarm"
            ;;
        active)
            [ -f "$STATE/swarm" ] || echo joined >"$STATE/swarm"
            [ "$(d info -f '{{.Swarm.ControlAvailable}}')" = true ] || fail "this engine is a swarm worker; run on a manager"
            ;;
        *) fail "this engine's swarm is $(swarm_state); fix it (docker swarm leave --force) and retry" ;;
    esac
    if ! d container inspect "$REGISTRY" >/dev/null 2>&1; then
        d run -d --name "$REGISTRY" --restart unless-stopped -l sagebox.managed=true -l sagebox.cluster=registry \
            -p "127.0.0.1:$REGISTRY_PORT:5000" -p "$manager:$REGISTRY_PORT:5000" -v sagebox-registry:/var/lib/docker-registry "$REGISTRY_IMAGE" >/dev/null
    fi
    wait_for 60 "the registry answering on $manager:$REGISTRY_PORT" \
        bash -c "exec 3<>/dev/tcp/$manager/$REGISTRY_PORT && printf 'GET /v2/ HTTP/1.0\r\n\r\n' >&3 && grep -q '200 OK' <&3"
    local token i name drops
    token="$(d swarm join-token -q worker)"
    read -r -a drops <<<"$(missing_caps)"
    for ((i = 2; i <= count; i++)); do
        name="$PREFIX$i"
        if ! d container inspect "$name" >/dev/null 2>&1; then
            d run -d --name "$name" --hostname "$name" -l sagebox.managed=true -l sagebox.cluster=node \
                "${NODE_CAPS[@]}" "${drops[@]}" -v /sys/fs/cgroup:/sys/fs/cgroup:rw -v "$name:/var/lib/docker" \
                -e "SAGEBOX_REGISTRY=$manager:$REGISTRY_PORT" "$NODE_IMAGE" --cgroup-parent "/$name" >/dev/null
        fi
        wait_for 60 "the engine of $name starting" d exec "$name" docker info
        if [ "$(d exec "$name" docker info -f '{{.Swarm.LocalNodeState}}')" != active ]; then
            d exec "$name" docker swarm join --token "$token" "$manager:2377" >/dev/null
        fi
    done
    wait_for 120 "$((count - 1)) worker nodes Ready" node_ready "$((count - 1))"
    echo "$count" >"$STATE/nodes"
    status
}

down() {
    local name id
    for name in $(d ps -a --filter label=sagebox.cluster=node --format '{{.Names}}'); do
        d exec "$name" docker swarm leave --force >/dev/null 2>&1 || true
        d rm -f "$name" >/dev/null
        d volume rm "$name" >/dev/null 2>&1 || true
    done
    if [ "$(swarm_state)" = active ] && [ "$(d info -f '{{.Swarm.ControlAvailable}}')" = true ]; then
        for id in $(d node ls --format '{{.ID}} {{.Hostname}}' | awk -v p="$PREFIX" 'index($2, p) == 1 {print $1}'); do
            d node rm --force "$id" >/dev/null 2>&1 || true
        done
    fi
    d rm -f "$REGISTRY" >/dev/null 2>&1 || true
    d volume rm sagebox-registry >/dev/null 2>&1 || true
    if [ "$(cat "$STATE/swarm" 2>/dev/null || true)" = made ] && [ "$(swarm_state)" = active ]; then
        d swarm leave --force >/dev/null
    fi
    rm -rf "$STATE"
    say "down: workers and registry removed; swarm mode is $(swarm_state)"
}

status() {
    local manager
    manager="$(manager_address)"
    echo "swarm: $(swarm_state)"
    echo "manager: $manager:2377"
    echo "registry: 127.0.0.1:$REGISTRY_PORT (on every node; served from $manager:$REGISTRY_PORT)"
    if [ "$(swarm_state)" = active ]; then
        d node ls --format 'node: {{.Hostname}} {{.Status}} {{.Availability}} {{.ManagerStatus}}'
    fi
}

case "${1:-}" in
    up) shift; up "$@" ;;
    down) down ;;
    status) status ;;
    *) fail "usage: cluster.sh up N | down | status" ;;
esac
