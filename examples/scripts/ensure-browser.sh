#!/usr/bin/env bash
# Installs Debian's chromium for the web console's browser test (ConsoleIT drives it with playwright-core, which
# never downloads a browser). Quiet when present.
set -euo pipefail

[ -x /usr/bin/chromium ] && exit 0
if [ "$(id -u)" -ne 0 ] || ! command -v apt-get >/dev/null 2>&1; then
    echo "ensure-browser: Debian's chromium is missing; install it (apt-get install chromium)" >&2
    exit 1
fi
log="${SAGEBOX_HOME:-$HOME/.sagebox}/apt-chromium.log"
mkdir -p "$(dirname "$log")"
if ! { DEBIAN_FRONTEND=noninteractive timeout 600 apt-get update -q &&
       DEBIAN_FRONTEND=noninteractive timeout 900 apt-get install -y -q --no-install-recommends chromium; } \
        >"$log" 2>&1; then
    tail -n 30 "$log" >&2 || true
    echo "ensure-browser: apt-get could not install chromium (see $log)" >&2
    exit 1
fi
