#!/usr/bin/env bash
# Quick start, second command: installs what is missing, builds, and runs every test.
# Usage: scripts/test.sh [preset]     (presets: release, debug, asan, tsan)
set -euo pipefail
cd "$(dirname "$0")/.."
preset=${1:-release}
bash scripts/install-deps.sh
bash scripts/build.sh "$preset"
ctest --preset "$preset" -j "${HWCERT_JOBS:-$(nproc)}" --timeout 600
