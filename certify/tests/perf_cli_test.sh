#!/bin/sh
# End-to-end check of `hwcert perf` on the test fixture plugins: both output files are
# written and valid, a malformed suite is a usage error, a self-comparison is all "same" and
# --compare flags the slowed op.
# Usage: perf_cli_test.sh HWCERT FIXTURE_DIR SUITE_DIR WORK_DIR
set -eu
hwcert=$1
plugins=$2
suites=$3
work=$4
rm -rf "$work"
mkdir -p "$work"

run() {
  "$hwcert" perf --suite "$suites/fixture.toml" --hot --repetitions 8 --min-time 0.002 \
    --no-roofline --filter '*-gelu/*' "$@"
}

run --plugin "$plugins/libhwcert_perf_fixture.so" --out "$work/normal" > "$work/normal.txt"
run --plugin "$plugins/libhwcert_perf_fixture_slowed.so" --out "$work/slowed" --no-abi-overhead \
  > /dev/null
grep -q "abi_overhead:" "$work/normal.txt"
grep -q "p50 *p90 *p99" "$work/normal.txt"
python3 - "$work" <<'PY'
import json, sys
work = sys.argv[1]
perf = json.load(open(f"{work}/normal/perf.json"))
bench = json.load(open(f"{work}/normal/benchmark.json"))
assert perf["plugin"] == "perf_fixture", perf["plugin"]
assert len(perf["cases"]) == 4, len(perf["cases"])
assert all(c["status"] == "ok" and len(c["samples_ns"]) == 8 for c in perf["cases"])
assert perf["abi_overhead"]["direct_us"] is not None
for c in perf["cases"]:
    # Latency percentiles over every launch sample, in order, beside the repetition median.
    assert c["p50_ns"] <= c["p90_ns"] <= c["p99_ns"], c
    assert 0 < len(c["launch_samples_ns"]) <= min(2048, c["launch_sample_count"]), c["case_id"]
names = {b["run_name"] for b in bench["benchmarks"]}
for c in perf["cases"]:
    assert any(n.startswith(c["case_id"]) for n in names), c["case_id"]
PY

# --latency: one launch per event pair, named as such; the timing modes exclude each other.
"$hwcert" perf --suite "$suites/fixture.toml" --latency --repetitions 2 --min-time 0.001 \
  --no-roofline --no-abi-overhead --filter 'copy/*' --plugin "$plugins/libhwcert_perf_fixture.so" \
  --out "$work/latency" > "$work/latency.txt"
grep -q "latency mode" "$work/latency.txt"
python3 - "$work" <<'PY'
import json, sys
work = sys.argv[1]
latency = json.load(open(f"{work}/latency/perf.json"))
hot = json.load(open(f"{work}/normal/perf.json"))
assert latency["mode"] == "latency" and latency["cases"][0]["mode"] == "latency", latency["mode"]
c = latency["cases"][0]
assert c["launch_sample_count"] == 2 * c["iterations"], c  # one sample per launch
# hot: at most 16 windows of back-to-back launches per repetition
assert hot["mode"] == "hot"
for c in hot["cases"]:
    assert c["launch_sample_count"] <= 16 * 8, c["case_id"]
PY
# Clock and power reported: throttled repetitions left out and counted, energy per launch.
"$hwcert" perf --suite "$suites/fixture.toml" --hot --repetitions 5 --min-time 0.001 \
  --no-roofline --no-abi-overhead --filter 'copy/*:add/*' \
  --plugin "$plugins/libhwcert_perf_fixture_conditions.so" --out "$work/conditions" \
  > "$work/conditions.txt"
grep -q "J/launch" "$work/conditions.txt"
python3 - "$work" <<'PY'
import json, sys
work = sys.argv[1]
perf = json.load(open(f"{work}/conditions/perf.json"))
assert perf["throttle_fraction"] == 0.9 and perf["clock_reference_mhz"] == 2000, perf
assert sum(c["throttled_repetitions"] for c in perf["cases"]) > 0, perf["cases"]
for c in perf["cases"]:
    assert len(c["samples_ns"]) + len(c["throttled_samples_ns"]) == 5, c
    assert c["energy_per_launch_j"] > 0 and c["gb_per_j"] > 0, c
normal = json.load(open(f"{work}/normal/perf.json"))
assert all(c["throttled_repetitions"] is None and c["energy_per_launch_j"] is None
           for c in normal["cases"])
PY
# Outputs judged by the float64 oracle: the fixture's ops pass; a copy that skips half its
# work is fast and wrong, so its case fails and the exit code is 1.
python3 - "$work" <<'PY'
import json, sys
perf = json.load(open(f"{sys.argv[1]}/normal/perf.json"))
assert all(c["output_check"] == "pass" for c in perf["cases"]), [
    (c["case_id"], c["output_check"], c["output_check_note"]) for c in perf["cases"]]
PY
set +e
"$hwcert" perf --suite "$suites/fixture.toml" --hot --repetitions 2 --min-time 0.001 \
  --no-roofline --no-abi-overhead --filter 'copy/*' \
  --plugin "$plugins/libhwcert_perf_fixture_skips_work.so" --out "$work/wrong" > "$work/wrong.txt"
code=$?
set -e
[ "$code" -eq 1 ] || { echo "a fast and wrong copy gave exit code $code"; exit 1; }
grep -q "wrong result in a timed launch" "$work/wrong.txt"
python3 - "$work" <<'PY'
import json, sys
c = json.load(open(f"{sys.argv[1]}/wrong/perf.json"))["cases"][0]
assert c["status"] == "error" and c["output_check"] == "fail", c
PY

set +e
"$hwcert" perf --plugin "$plugins/libhwcert_perf_fixture.so" --hot --latency 2> "$work/modes.txt"
code=$?
set -e
[ "$code" -eq 2 ] || { echo "--hot --latency gave exit code $code"; exit 1; }
grep -q "exclude each other" "$work/modes.txt"

# A malformed suite: exit code 2 and file:line:column on stderr.
printf 'name = "bad"\n[[case]]\nop = "matmul"\ndtypes = ["f32"]\nshapes = [{m = 1}]\n' > "$work/bad.toml"
set +e
"$hwcert" perf --plugin "$plugins/libhwcert_perf_fixture.so" --suite "$work/bad.toml" \
  --out "$work/bad" 2> "$work/bad.txt"
code=$?
set -e
[ "$code" -eq 2 ] || { echo "malformed suite gave exit code $code"; exit 1; }
grep -q "bad.toml:5:11:" "$work/bad.txt"

# A run compared with itself: every verdict is "same" and the exit code is 0. Deterministic,
# because both sides hold the same samples.
"$hwcert" perf --compare "$work/normal/perf.json" "$work/normal/perf.json" --min-change 0.5 --json \
  > "$work/self.json"
"$hwcert" perf --compare "$work/normal/perf.json" "$work/normal/perf.json" > "$work/self.txt"
grep -q "95% CI" "$work/self.txt"
python3 - "$work/self.json" <<'PY'
import json, sys
result = json.load(open(sys.argv[1]))
verdicts = {c["case_id"]: c["verdict"] for c in result["cases"]}
assert len(verdicts) == 4, verdicts
assert all(v == "same" for v in verdicts.values()), verdicts
PY

# The slowed softmax (400 us more per launch, about 17x its normal time) is "slower" and the
# exit code is 1. The other ops ran unchanged, but two timed runs on a shared machine can
# differ by more than any fixed threshold, so their verdicts are not asserted here; the
# verdict rules themselves are unit-tested on fixed samples (compare_test.cpp).
set +e
"$hwcert" perf --compare "$work/normal/perf.json" "$work/slowed/perf.json" --min-change 0.5 --json \
  > "$work/compare.json"
code=$?
set -e
[ "$code" -eq 1 ] || { echo "compare gave exit code $code"; exit 1; }
python3 - "$work/compare.json" <<'PY'
import json, sys
result = json.load(open(sys.argv[1]))
verdicts = {c["case_id"]: c["verdict"] for c in result["cases"]}
softmax = [v for k, v in verdicts.items() if k.startswith("softmax/")]
assert softmax == ["slower"], verdicts
# The ratio's confidence interval stands beside the verdict: wholly above 1 for the slowed op.
slowed = [c for c in result["cases"] if c["case_id"].startswith("softmax/")][0]
assert slowed["confidence"] == 0.95, slowed
assert 1 < slowed["ratio_ci_low"] <= slowed["median_ratio"] <= slowed["ratio_ci_high"], slowed
PY
echo "perf_cli_test: ok"
