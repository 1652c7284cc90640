#!/usr/bin/env bash
# Builds every image context <repo>/*/images/<name>/Dockerfile as sagebox/<name>:latest (or only
# the names given), on a local Debian base image. Nothing is ever pulled: the base is either a
# debian:bookworm-slim already present or sagebox/debian-base:bookworm made with debootstrap.
# An image whose context (and base) did not change is not rebuilt, so repeated runs are fast.
set -euo pipefail

SCRIPT_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REPO_ROOT="$(cd "$SCRIPT_DIR/../.." && pwd)"
SAGEBOX_HOME="${SAGEBOX_HOME:-$HOME/.sagebox}"
SLIM_IMAGE=debian:bookworm-slim
OWN_BASE_IMAGE=sagebox/debian-base:bookworm
HASH_LABEL=sagebox.context-hash

say() { printf 'build-images: %s\n' "$*" >&2; }
fail() { say "$*"; exit 1; }

image_exists() { timeout 60 docker image inspect "$1" >/dev/null 2>&1; }

# The base image is made from Debian's own packages because no container registry is reachable.
build_own_base() {
    [ "$(id -u)" -eq 0 ] || fail "$OWN_BASE_IMAGE is missing and only root can build it with debootstrap;
  run this script as root once, or load a Debian bookworm image as $SLIM_IMAGE."
    mkdir -p "$SAGEBOX_HOME"
    local log="$SAGEBOX_HOME/debootstrap.log"
    if ! command -v debootstrap >/dev/null 2>&1; then
        command -v apt-get >/dev/null 2>&1 || fail "debootstrap is missing and there is no apt-get to install it;
  load a Debian bookworm image as $SLIM_IMAGE instead."
        say "installing debootstrap with apt-get (log: $log)"
        if ! { DEBIAN_FRONTEND=noninteractive timeout 600 apt-get update -q &&
               DEBIAN_FRONTEND=noninteractive timeout 600 apt-get install -y -q --no-install-recommends \
                   debootstrap debian-archive-keyring; } >"$log" 2>&1; then
            tail -n 30 "$log" >&2 || true
            fail "apt-get could not install debootstrap (see $log)."
        fi
    fi
    local root
    root="$(mktemp -d "${TMPDIR:-/var/tmp}/sagebox-debian-base.XXXXXX")"
    # shellcheck disable=SC2064
    trap "rm -rf '$root'" EXIT
    say "building $OWN_BASE_IMAGE with debootstrap (log: $log)"
    if ! timeout 1800 debootstrap --variant=minbase bookworm "$root" >>"$log" 2>&1; then
        tail -n 30 "$log" >&2 || true
        fail "debootstrap failed (see $log)."
    fi
    # Cached package files only make the image bigger.
    rm -rf "$root"/var/cache/apt/archives/*.deb "$root"/var/lib/apt/lists/*
    if ! tar -C "$root" -c . | timeout 600 docker import - "$OWN_BASE_IMAGE" >>"$log" 2>&1; then
        tail -n 30 "$log" >&2 || true
        fail "docker import of $OWN_BASE_IMAGE failed (see $log)."
    fi
    rm -rf "$root"
    trap - EXIT
    echo "$OWN_BASE_IMAGE built"
}

choose_base() {
    if image_exists "$SLIM_IMAGE"; then
        BASE_IMAGE="$SLIM_IMAGE"
    else
        image_exists "$OWN_BASE_IMAGE" || build_own_base
        BASE_IMAGE="$OWN_BASE_IMAGE"
    fi
}

# Hash of the context's file names, modes and contents plus the base image id.
context_hash() {
    local dir="$1" base_id="$2"
    {
        printf 'base %s\n' "$base_id"
        (cd "$dir" && find . -printf '%P %y %m\n' | LC_ALL=C sort)
        (cd "$dir" && find . -type f -print0 | LC_ALL=C sort -z | xargs -0 -r sha256sum)
    } | sha256sum | cut -d' ' -f1
}

build_one() {
    local name="$1" dir="$2" base_id="$3"
    local tag="sagebox/$name:latest" hash current old_id log started
    hash="$(context_hash "$dir" "$base_id")"
    current="$(timeout 60 docker image inspect -f "{{ index .Config.Labels \"$HASH_LABEL\" }}" "$tag" 2>/dev/null || true)"
    if [ "$current" = "$hash" ]; then
        echo "$tag up to date"
        return 0
    fi
    old_id="$(timeout 60 docker image inspect -f '{{.Id}}' "$tag" 2>/dev/null || true)"
    log="$SAGEBOX_HOME/build-$name.log"
    started=$SECONDS
    # The legacy builder: engine 20.10 with a newer CLI has no buildx plugin to drive BuildKit.
    if ! DOCKER_BUILDKIT=0 timeout 1800 docker build --force-rm --label "$HASH_LABEL=$hash" \
            --build-arg "BASE_IMAGE=$BASE_IMAGE" -t "$tag" "$dir" >"$log" 2>&1; then
        tail -n 40 "$log" >&2 || true
        fail "building $tag from $dir failed (log: $log)."
    fi
    if [ -n "$old_id" ] && [ "$old_id" != "$(docker image inspect -f '{{.Id}}' "$tag")" ]; then
        # The replaced image is now untagged; drop it unless a container still uses it.
        timeout 60 docker image rm "$old_id" >/dev/null 2>&1 || true
    fi
    echo "$tag built in $((SECONDS - started))s"
}

"$SCRIPT_DIR/ensure-engine.sh"
mkdir -p "$SAGEBOX_HOME"

# Concurrent runs (several test suites at once) would build the same images twice.
exec 9>"$SAGEBOX_HOME/build-images.lock"
flock -w 3600 9 || fail "another build-images.sh run holds $SAGEBOX_HOME/build-images.lock."

declare -A contexts=()
for dockerfile in "$REPO_ROOT"/*/images/*/Dockerfile; do
    [ -f "$dockerfile" ] || continue
    dir="$(dirname "$dockerfile")"
    name="$(basename "$dir")"
    [[ "$name" =~ ^[a-z0-9][a-z0-9._-]*$ ]] || fail "image context $dir: the name must be lower case ([a-z0-9._-])."
    if [ -n "${contexts[$name]:-}" ]; then
        fail "two image contexts are named $name: ${contexts[$name]} and $dir."
    fi
    contexts[$name]="$dir"
done

if [ "$#" -gt 0 ]; then
    wanted=("$@")
    for name in "${wanted[@]}"; do
        [ -n "${contexts[$name]:-}" ] || fail "no image context named $name (looked for $REPO_ROOT/*/images/$name/Dockerfile)."
    done
else
    mapfile -t wanted < <(printf '%s\n' "${!contexts[@]}" | LC_ALL=C sort)
fi
if [ "${#wanted[@]}" -eq 0 ] || [ -z "${wanted[0]}" ]; then
    say "no image contexts under $REPO_ROOT/*/images/"
    exit 0
fi

choose_base
base_id="$(timeout 60 docker image inspect -f '{{.Id}}' "$BASE_IMAGE")"
for name in "${wanted[@]}"; do
    build_one "$name" "${contexts[$name]}" "$base_id"
done
