#!/usr/bin/env bash
# Installs what nnbench needs, only what is missing (idempotent; one dpkg query when all is there).
# Sourced by scripts/bench and scripts/test; safe to run on its own. Works as root on a fresh
# Debian 12 with a Swift toolchain unpacked at /opt/swift (or anywhere on PATH).
set -euo pipefail

# nnbench's own system libraries and tools (see Package.swift and README.md).
NNBENCH_APT_PACKAGES=(libopenblas-dev libhdf5-dev pkg-config hdf5-tools cmark-gfm git valgrind)
# What a Swift toolchain unpacked from swift.org needs on Debian 12 (swift-docker's bookworm
# image). A distribution-packaged Swift brings these itself, so only Debian 12 gets them here.
NNBENCH_SWIFT_DEPS_DEBIAN12=(binutils gcc libc6-dev libcurl4-openssl-dev libedit2 libgcc-12-dev libicu-dev
    libncurses-dev libpython3-dev libsqlite3-dev libstdc++-12-dev libxml2-dev libz3-dev tzdata uuid-dev
    zlib1g-dev ca-certificates unzip)

nnbench_wanted=("${NNBENCH_APT_PACKAGES[@]}")
if [ -r /etc/os-release ] && (. /etc/os-release && [ "${ID:-}" = debian ] && [ "${VERSION_ID:-}" = 12 ]); then
    nnbench_wanted+=("${NNBENCH_SWIFT_DEPS_DEBIAN12[@]}")
fi

if command -v dpkg-query >/dev/null 2>&1; then
    # One query for all packages; a package dpkg has never heard of prints nothing, so compare names.
    nnbench_installed=$(dpkg-query -W -f='${Package} ${Status}\n' "${nnbench_wanted[@]}" 2>/dev/null \
        | awk '$NF == "installed" && $(NF-1) == "ok" { print $1 }' || true)
    nnbench_missing=()
    for p in "${nnbench_wanted[@]}"; do
        grep -qx "$p" <<<"$nnbench_installed" || nnbench_missing+=("$p")
    done
    if [ ${#nnbench_missing[@]} -gt 0 ]; then
        echo "nnbench setup: installing ${nnbench_missing[*]}" >&2
        nnbench_sudo=()
        if [ "$(id -u)" -ne 0 ]; then
            command -v sudo >/dev/null 2>&1 || {
                echo "nnbench setup: need root (or sudo) to install: ${nnbench_missing[*]}" >&2
                exit 1
            }
            nnbench_sudo=(sudo)
        fi
        export DEBIAN_FRONTEND=noninteractive
        "${nnbench_sudo[@]}" apt-get update -qq
        "${nnbench_sudo[@]}" apt-get install -y -qq --no-install-recommends "${nnbench_missing[@]}" >/dev/null
    fi
else
    echo "nnbench setup: not a Debian-family system; install by hand: ${NNBENCH_APT_PACKAGES[*]}" >&2
fi

if ! command -v swift >/dev/null 2>&1; then
    for d in /opt/swift/usr/bin /opt/swift/bin /usr/share/swift/usr/bin; do
        if [ -x "$d/swift" ]; then
            export PATH="$d:$PATH"
            break
        fi
    done
fi
command -v swift >/dev/null 2>&1 || {
    echo "nnbench setup: no Swift toolchain found (need Swift 6.x on PATH or at /opt/swift/usr/bin)" >&2
    exit 1
}
