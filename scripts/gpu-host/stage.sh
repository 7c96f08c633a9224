#!/usr/bin/env bash
# Stages an installed hwcert for a GPU host that has the NVIDIA driver and CUDA 13 libraries
# (cuBLASLt, cuDNN 9, e.g. from a PyTorch cu13 install) but none of this machine's Debian
# libraries. Builds the `release` preset without tests, installs it into stage/gpu-host/
# (default; override with $1) and copies every shared library the binaries and plugins need
# that a glibc-based distribution does not provide itself (fmt, TOML++, Google Benchmark,
# OpenSSL's libcrypto, the OpenCL ICD loader) into stage/gpu-host/runtime/. The CUDA runtime
# is linked statically into the CUDA plugin; cuBLASLt and cuDNN are NOT copied (over 500 MB):
# env.sh finds them on the GPU host.
#   scripts/gpu-host/stage.sh [stage-dir]
# With HWCERT_STAGE_TESTS=1 the tests are built too and the CUDA plugin's device tests
# (hwcert_cuda_tests) are staged as bin/hwcert_cuda_tests.
# Then carry the stage folder to the GPU host and run there:
#   source scripts/gpu-host/env.sh stage/gpu-host && hwcert devices --plugin cuda
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
stage=${1:-$root/stage/gpu-host}
build=${HWCERT_STAGE_BUILD:-$root/build/gpu-host}
jobs=${HWCERT_JOBS:-$(nproc)}

tests=OFF
if [ "${HWCERT_STAGE_TESTS:-0}" = 1 ]; then tests=ON; fi
cmake -S "$root" -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=Release -DBUILD_TESTING=$tests \
  -DHWCERT_WITH_CUDA=${HWCERT_WITH_CUDA:-AUTO} -DCMAKE_INSTALL_PREFIX="$stage" >/dev/null
cmake --build "$build" -j "$jobs"
rm -rf "$stage"
cmake --install "$build" >/dev/null
if [ "$tests" = ON ] && [ -x "$build/bin/hwcert_cuda_tests" ]; then
  cp "$build/bin/hwcert_cuda_tests" "$stage/bin/"
fi

# Libraries every glibc distribution ships (same sonames, compatible ABI) and the NVIDIA
# driver's and CUDA's own, which must come from the GPU host.
provided='^(linux-vdso|ld-linux|libc|libm|libdl|librt|libpthread|libgcc_s|libstdc\+\+|libcuda|libnvidia-|libcublas|libcublasLt|libcudnn|libcudart)[.-]'
mkdir -p "$stage/runtime"
mapfile -t binaries < <(find "$stage/bin" "$stage/lib" -type f \( -perm -u+x -o -name '*.so' \))
for binary in "${binaries[@]}"; do
  file "$binary" | grep -q ELF || continue
  ldd "$binary" | awk '$2 == "=>" && $3 ~ /^\// {print $1, $3}' | while read -r soname path; do
    if ! [[ $soname =~ $provided ]] && [ ! -e "$stage/runtime/$soname" ]; then
      cp -L "$path" "$stage/runtime/$soname"
    fi
  done
done
echo "staged in $stage ($(du -sh "$stage" | cut -f1)); runtime libraries:"
ls "$stage/runtime"
