# Source on a GPU host: puts a staged hwcert (scripts/gpu-host/stage.sh) on PATH and finds
# the CUDA 13 libraries the CUDA plugin needs (cuBLASLt, cuDNN 9): $CUDA_HOME/lib64, then a
# Python environment's nvidia/*/lib folders (PyTorch cu13 wheels), then the linker's cache.
#   source scripts/gpu-host/env.sh [stage-dir]
hwcert_stage=${1:-stage/gpu-host}
hwcert_stage=$(cd "$hwcert_stage" && pwd)
hwcert_libs="$hwcert_stage/runtime"
for dir in "${CUDA_HOME:-/usr/local/cuda}/lib64" \
    $(ls -d /opt/*/.venv/lib/python3*/site-packages/nvidia/*/lib \
            /usr/local/lib/python3*/dist-packages/nvidia/*/lib 2>/dev/null); do
  if [ -e "$dir/libcublasLt.so.13" ] || [ -e "$dir/libcudnn.so.9" ]; then
    hwcert_libs="$hwcert_libs:$dir"
  fi
done
export LD_LIBRARY_PATH="$hwcert_libs${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}"
export PATH="$hwcert_stage/bin:$PATH"
echo "hwcert from $hwcert_stage; LD_LIBRARY_PATH=$LD_LIBRARY_PATH"
unset hwcert_stage hwcert_libs
