#!/usr/bin/env bash
# Configures and builds hwcert with a CMake preset (default: release).
# Usage: scripts/build.sh [preset] [target...]   (default: every target)
set -euo pipefail
cd "$(dirname "$0")/.."
preset=${1:-release}
shift || true
targets=()
for t in "$@"; do targets+=(--target "$t"); done
jobs=${HWCERT_JOBS:-$(nproc)}
cmake --preset "$preset" >/dev/null
cmake --build --preset "$preset" -j "$jobs" "${targets[@]}"
