#!/usr/bin/env bash
# Builds the libFuzzer targets (clang, ASan + UBSan, whole project instrumented for coverage)
# in build-rob-fuzz (or $HWCERT_FUZZ_BUILD) and runs each for N seconds (default 60) on its
# seed corpus. New inputs go to a scratch corpus beside the build, never into the source tree;
# crashes land in <build>/fuzz-out/<target>/ (keep them in fuzz/regressions/<target>/).
# Compiled at -O1 -g1 like the sanitizer presets (CMakePresets.json): line tables are all a
# finding's stack trace needs, and on a 2-core CI machine -O2 -g costs minutes of compiling.
#   fuzz/run.sh [seconds] [target...]
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(dirname "$here")
seconds=${1:-60}
shift || true
build=${HWCERT_FUZZ_BUILD:-$root/build-rob-fuzz}
jobs=${HWCERT_FUZZ_JOBS:-2}

cmake -S "$root" -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo \
  -DCMAKE_C_FLAGS_RELWITHDEBINFO="-O1 -g1 -DNDEBUG" -DCMAKE_CXX_FLAGS_RELWITHDEBINFO="-O1 -g1 -DNDEBUG" \
  -DCMAKE_C_COMPILER=clang -DCMAKE_CXX_COMPILER=clang++ \
  -DHWCERT_FUZZ=ON -DHWCERT_SANITIZE=address,undefined -DHWCERT_WERROR=OFF \
  -DCMAKE_C_FLAGS=-fsanitize=fuzzer-no-link -DCMAKE_CXX_FLAGS=-fsanitize=fuzzer-no-link \
  -DBUILD_TESTING=OFF -DHWCERT_WITH_OPENCL=OFF -DHWCERT_WITH_CUDA=OFF >/dev/null

targets=("$@")
if [ ${#targets[@]} -eq 0 ]; then
  targets=(plugin_manifest target_profile waivers journal suite npy bundle_verify)
fi
cmake --build "$build" -j"$jobs" --target "${targets[@]/#/fuzz_}"

for t in "${targets[@]}"; do
  work="$build/fuzz-out/$t"
  mkdir -p "$work/corpus"
  echo "== fuzz_$t: ${seconds}s"
  (cd "$work" && "$build/bin/fuzz_$t" -max_total_time="$seconds" -max_len=65536 -timeout=10 \
      -rss_limit_mb=2048 -print_final_stats=1 "$work/corpus" "$here/corpus/$t" \
      >"$work/log.txt" 2>&1) || echo "fuzz_$t stopped with a finding: see $work/log.txt"
  grep -E "^#[0-9]+.*(DONE|pulse)|stat::number_of_executed_units|cov:" "$work/log.txt" | tail -2
done
