#!/usr/bin/env bash
# Sanitizer CI: an ASan + UBSan build (preset `asan`) running the test suite except the slow
# and hardware-bound tests, then a TSan build (preset `tsan`) running the concurrency tests
# (child processes and the worker pool of support/, the runner's journal) and the
# hostile-plugin tests. Any sanitizer report fails the
# test that triggered it (UBSan does not recover; see cmake/HwcertOptions.cmake).
# The ASan build includes the CUDA plugin when the toolkit is found, so its host code (entry
# point, validation, planning) runs instrumented; its device tests skip without a GPU. Its
# device code is compiled for sm_90 only (the H100 hosts the GPU checks run on; the release
# build keeps sm_80 too). On a GPU host the CUDA driver reserves addresses inside ASan's
# shadow gap, so run with ASAN_OPTIONS=protect_shadow_gap=0 there (google/sanitizers#629).
# The ASan preset does not build what this run leaves out (labels below): the OpenCL plugin
# and the reference plugin's mutants. One test goes with the mutants:
# certify.diff_gates_on_a_planted_regression (hwcert diff over bundles of the reference plugin
# and a planted-bug variant); under ASan the diff itself runs in the reports unit tests
# (BaselineDiff*) and the CLI's option handling in the other certify CLI tests.
#   scripts/ci-sanitizers.sh [asan|tsan|all]     (default all)
# Both sanitizer presets compile at -O1 -g1 (CMakePresets.json, hidden preset `sanitized`): the
# usual optimisation level for ASan, and line tables are all a sanitizer stack trace needs; on
# a 2-core machine this halves the compile time of a host source against -O2 -g.
# Environment: HWCERT_JOBS (default nproc), HWCERT_SANITIZER_EXCLUDE_LABELS (ctest -LE regex
# of test labels skipped in the parallel ASan run; default: the out-of-tree ecosystem test,
# which installs the build and so runs alone after it, and the OpenCL/PoCL tests, whose
# JIT-compiled kernels and ICD loader are not instrumented, the `large` tests (core-large:
# device-sized products that would take tens of minutes instrumented, over the code paths core
# already runs here) and the `mutation` harness (core 50 times over deliberately wrong variants
# of the reference plugin: half an hour instrumented; the shipped plugin compiles the variant
# hooks out, and core runs it here) and the `browser` tests (headless Chromium renders the
# report: the browser is not instrumented, and the HTML writer they drive runs instrumented in
# the reports unit tests and the report schema check) and the `slurm` test (a one-node Slurm
# cluster runs examples/cluster: it checks the job scripts and the daemons, not hwcert's code;
# its shards and merge run instrumented in ConformanceCli.ShardsMergedEqualTheUnshardedRun).
set -euo pipefail
cd "$(dirname "$0")/.."
which=${1:-all}
jobs=${HWCERT_JOBS:-$(nproc)}
exclude=${HWCERT_SANITIZER_EXCLUDE_LABELS:-ecosystem|opencl|large|mutation|browser|slurm}
export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=0:strict_string_checks=1}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}
export TSAN_OPTIONS=${TSAN_OPTIONS:-halt_on_error=1:second_deadlock_stack=1}

stamp() { date +%s; }
start=$(stamp)

if [ "$which" = all ] || [ "$which" = asan ]; then
  echo "== ASan + UBSan: configure and build (build/asan)"
  cmake --preset asan >/dev/null
  cmake --build --preset asan -j "$jobs"
  echo "== ASan + UBSan: tests (excluding labels: $exclude)"
  ctest --preset asan -j "$jobs" --timeout 900 -LE "$exclude"
  # The C template is built out of tree with the same sanitizers (ecosystem_out_of_tree
  # passes HWCERT_SANITIZE on), then the instrumented hwcert runs the smoke and core suites
  # and the API conformance on it: an ASan or UBSan report inside the template fails here.
  echo "== ASan + UBSan: the C template plugin (examples/minimal-plugin), out of tree"
  ctest --preset asan --timeout 900 -R '^ecosystem_out_of_tree$' --output-on-failure
  echo "== ASan + UBSan took $(( $(stamp) - start )) s"
fi

if [ "$which" = all ] || [ "$which" = tsan ]; then
  tsan_start=$(stamp)
  echo "== TSan: configure and build (build/tsan): runner and hostile tests only"
  cmake --preset tsan >/dev/null
  cmake --build --preset tsan -j "$jobs" --target hwcert_runner_unit_tests hwcert_support_tests \
    hwcert_hostile_tests hwcert hwcert_plugin_hostile
  echo "== TSan: runner concurrency tests"
  ctest --preset tsan -j "$jobs" --timeout 900 -R "^(WorkerPool|ChildProcess|MessagePipe|Journal|Crc32|Faults/HostileFault)\."
  echo "== TSan took $(( $(stamp) - tsan_start )) s"
fi
echo "== sanitizers: done in $(( $(stamp) - start )) s"
