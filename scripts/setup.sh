#!/usr/bin/env bash
# Installs what nnbench needs, only what is missing (idempotent, fast when all is there).
# Sourced by scripts/bench and scripts/test; safe to run on its own.
set -euo pipefail

NNBENCH_APT_PACKAGES=(libopenblas-dev libhdf5-dev pkg-config hdf5-tools cmark-gfm)

missing=()
for p in "${NNBENCH_APT_PACKAGES[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
    echo "nnbench setup: installing ${missing[*]}" >&2
    SUDO=""
    [ "$(id -u)" -ne 0 ] && SUDO="sudo"
    $SUDO apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

if ! command -v swift >/dev/null 2>&1; then
    for d in /opt/swift/usr/bin /usr/share/swift/usr/bin; do
        [ -x "$d/swift" ] && export PATH="$d:$PATH" && break
    done
fi
command -v swift >/dev/null 2>&1 || { echo "nnbench setup: no Swift toolchain found (need Swift 6.x on PATH)" >&2; exit 1; }
