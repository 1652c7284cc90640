#!/usr/bin/env bash
# Installs the real clients some tests drive: Debian's AWS CLI and boto3. Quiet when present.
set -euo pipefail

have() { [ -x /usr/bin/aws ] && /usr/bin/python3 -c 'import boto3' >/dev/null 2>&1; }
have && exit 0
if [ "$(id -u)" -ne 0 ] || ! command -v apt-get >/dev/null 2>&1; then
    echo "ensure-clients: Debian's awscli and python3-boto3 are missing; install them (apt-get install awscli python3-boto3)" >&2
    exit 1
fi
log="${SAGEBOX_HOME:-$HOME/.sagebox}/apt-clients.log"
mkdir -p "$(dirname "$log")"
if ! { DEBIAN_FRONTEND=noninteractive timeout 600 apt-get update -q &&
       DEBIAN_FRONTEND=noninteractive timeout 900 apt-get install -y -q --no-install-recommends awscli python3-boto3; } \
        >"$log" 2>&1; then
    tail -n 30 "$log" >&2 || true
    echo "ensure-clients: apt-get could not install awscli and python3-boto3 (see $log)" >&2
    exit 1
fi
