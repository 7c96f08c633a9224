#!/usr/bin/env bash
# Quick start, first command: installs what is missing, builds, and runs the main job:
# list the bundled plugins and every device they drive.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install-deps.sh
bash scripts/build.sh release
hwcert=build/release/bin/hwcert
"$hwcert" --version
"$hwcert" plugins
"$hwcert" devices
