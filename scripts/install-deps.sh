#!/usr/bin/env bash
# Installs the Debian 12 packages hwcert needs to build, test and report.
# Idempotent: packages already present are left alone; apt runs only when something is missing.
set -euo pipefail

packages=(
  build-essential cmake ninja-build pkg-config git
  libgtest-dev libgmock-dev libbenchmark-dev
  libtomlplusplus-dev libboost-dev nlohmann-json3-dev libcli11-dev libfmt-dev libssl-dev
  ocl-icd-opencl-dev opencl-headers pocl-opencl-icd clinfo
  binutils python3 python3-jsonschema doxygen valgrind
  clang clang-format clang-tidy libclang-rt-14-dev
  libonnx-dev libprotobuf-dev protobuf-compiler libonnx-testdata
)
# HWCERT_WITH_BROWSER=1: Chromium for the report rendering tests (the `browser` CTest label;
# skipped without it). On Debian 12 with the packages above: about 122 MB to download, 414 MB
# installed.
if [ "${HWCERT_WITH_BROWSER:-0}" = 1 ]; then packages+=(chromium); fi
# HWCERT_WITH_SLURM=1: Slurm and MUNGE for the one-node cluster test of examples/cluster (the
# `slurm` CTest label; skipped without them). With their dependencies 8 packages, about 3.4 MB
# to download, 13 MB installed.
if [ "${HWCERT_WITH_SLURM:-0}" = 1 ]; then packages+=(slurm-wlm munge); fi

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -eq 0 ]; then
  echo "install-deps: all ${#packages[@]} packages present"
  exit 0
fi
echo "install-deps: installing ${missing[*]}"
SUDO=""
[ "$(id -u)" -eq 0 ] || SUDO=sudo
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"
