#!/usr/bin/env bash
# Fuzz CI: builds the libFuzzer targets (clang, ASan + UBSan; fuzz/run.sh) and runs each for a
# short fixed time on its checked-in seed corpus. Fails when any target stops with a finding
# (crash, leak, timeout, out-of-memory); the input is kept under <build>/fuzz-out/<target>/.
#   scripts/ci-fuzz.sh [seconds per target]     (default 20)
# Longer runs: fuzz/run.sh 600 (see docs/robustness.md, "Fuzzing").
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${1:-20}
build=${HWCERT_FUZZ_BUILD:-$PWD/build/fuzz}
log=$(mktemp)
trap 'rm -f "$log"' EXIT
start=$(date +%s)
HWCERT_FUZZ_BUILD=$build bash fuzz/run.sh "$seconds" | tee "$log"
echo "== fuzzing took $(( $(date +%s) - start )) s"
if grep -q "stopped with a finding" "$log"; then
  for out in "$build"/fuzz-out/*/; do
    ls "$out" | grep -E '^(crash|leak|timeout|oom)-' | sed "s|^|finding: $out|" || true
  done
  echo "fuzzing found inputs that break a parser (see above)" >&2
  exit 1
fi
