#!/bin/sh
# The node's engine, plus the manager's registry on this node's own loopback (127.0.0.1:5000, forwarded by socat to
# SAGEBOX_REGISTRY): Docker trusts a registry on a loopback address without TLS, so the manager and every node name
# an image the same way, 127.0.0.1:5000/<name>, and no engine's configuration changes.
set -e
if [ -n "${SAGEBOX_REGISTRY:-}" ]; then
    socat TCP-LISTEN:5000,bind=127.0.0.1,fork,reuseaddr "TCP:$SAGEBOX_REGISTRY" &
fi
exec dockerd --host=unix:///var/run/docker.sock "$@"
