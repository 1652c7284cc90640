#!/usr/bin/env bash
# Installs the real clients some tests drive: Debian's AWS CLI and boto3, and the SageMaker Python SDK v2 and v3 (with
# botocore 1.43) in virtual environments (from the offline kits in ../shared/clients, or SAGEBOX_CLIENT_KITS). Quiet
# when present.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
# The offline kits live in shared/clients beside the checkout (../shared/clients), or beside a folder above it.
find_kits() {
    local dir="$ROOT"
    while [ "$dir" != / ]; do
        dir="$(dirname "$dir")"
        [ -x "$dir/shared/clients/sagemaker-python-sdk/install.sh" ] && { echo "$dir/shared/clients"; return; }
    done
    echo "$ROOT/../shared/clients"
}
KITS="${SAGEBOX_CLIENT_KITS:-$(find_kits)}"
SDK_VENV="${SAGEBOX_SDK_VENV:-$HOME/.cache/sagebox/sagemaker-python-sdk}"
SDK3_VENV="${SAGEBOX_SDK3_VENV:-$HOME/.cache/sagebox/sagemaker-python-sdk-v3}"

debian_clients() {
    have() { [ -x /usr/bin/aws ] && /usr/bin/python3 -c 'import boto3' >/dev/null 2>&1; }
    have && return 0
    if [ "$(id -u)" -ne 0 ] || ! command -v apt-get >/dev/null 2>&1; then
        echo "ensure-clients: Debian's awscli and python3-boto3 are missing; install them (apt-get install awscli python3-boto3)" >&2
        exit 1
    fi
    local log="${SAGEBOX_HOME:-$HOME/.sagebox}/apt-clients.log"
    mkdir -p "$(dirname "$log")"
    if ! { DEBIAN_FRONTEND=noninteractive timeout 600 apt-get update -q &&
           DEBIAN_FRONTEND=noninteractive timeout 900 apt-get install -y -q --no-install-recommends awscli python3-boto3 python3-venv; } \
            >"$log" 2>&1; then
        tail -n 30 "$log" >&2 || true
        echo "ensure-clients: apt-get could not install awscli and python3-boto3 (see $log)" >&2
        exit 1
    fi
}

# One SDK kit in its own virtual environment, quiet when it imports: sdk_kit <venv> <kit folder> <import check> <name>.
# The tests find the SDK v2 at $SAGEBOX_SDK_VENV/bin/python (PythonSdkIT) and v3 at $SAGEBOX_SDK3_VENV (PythonSdkV3IT).
sdk_kit() {
    local venv="$1" kit="$KITS/$2/install.sh" check="$3" name="$4"
    "$venv/bin/python" -c "$check" >/dev/null 2>&1 && return 0
    if [ ! -x "$kit" ]; then
        echo "ensure-clients: the $name kit $kit is missing; set SAGEBOX_CLIENT_KITS to the folder that holds $2/install.sh" >&2
        exit 1
    fi
    rm -rf "$venv"
    mkdir -p "$(dirname "$venv")"
    timeout 600 "$kit" "$venv" >&2 || { echo "ensure-clients: installing the $name failed" >&2; exit 1; }
}

debian_clients
sdk_kit "$SDK_VENV" sagemaker-python-sdk 'import sagemaker' "SageMaker Python SDK"
sdk_kit "$SDK3_VENV" sagemaker-python-sdk-v3 'from sagemaker.train import ModelTrainer' "SageMaker Python SDK v3"
