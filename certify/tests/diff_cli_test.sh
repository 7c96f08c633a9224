#!/usr/bin/env bash
# End to end: `hwcert diff` and `hwcert report --baseline` on real runs of the reference
# plugin. The contender is the mutants build of the reference plugin with a planted bug
# (softmax without the max shift, plugins/reference/mutants/mutants.def): the diff names the
# softmax cases as new failures and exits 1; the reverse diff calls them fixed and exits 0;
# two clean runs differ in nothing; unreadable input exits 2 naming the file and position.
# Usage: diff_cli_test.sh HWCERT REFERENCE_PLUGIN MUTANTS_PLUGIN WORK_DIR
set -euo pipefail
hwcert=$1 plugin=$2 mutants=$3 work=$4
rm -rf "$work" && mkdir -p "$work"
fail() { echo "FAIL: $*" >&2; exit 1; }
filter='softmax*:log_softmax*:exp*'

run() {  # run NAME PLUGIN [VARIANT]: a filtered core run into $work/NAME
  local status=0
  HWCERT_REFERENCE_MUTANT=${3:-} "$hwcert" conformance --plugin "$2" --suite core \
    --filter "$filter" --out "$work/$1" > "$work/$1.log" 2>&1 || status=$?
  echo "$status"
}
[ "$(run base "$plugin")" = 0 ] || { cat "$work/base.log"; fail "the clean run failed"; }
[ "$(run clean "$mutants")" = 0 ] || { cat "$work/clean.log"; fail "the mutants build without a variant failed"; }
[ "$(run planted "$mutants" softmax_no_max_shift)" = 1 ] ||
  { cat "$work/planted.log"; fail "the planted softmax bug was not caught"; }

expect_exit() {  # expect_exit CODE ARGS...: run hwcert, check its exit code
  local want=$1 status=0; shift
  "$hwcert" "$@" > "$work/out.txt" 2> "$work/err.txt" || status=$?
  [ "$status" -eq "$want" ] || { cat "$work/out.txt" "$work/err.txt"; fail "hwcert $* exited $status, expected $want"; }
}
count() { python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["counts"][sys.argv[2]])' "$@"; }

# A planted regression: exit 1, every new failure a softmax case, Markdown for a PR comment.
expect_exit 1 diff "$work/base/results.json" "$work/planted/results.json" --out "$work/d1"
grep -q "❌ Regressed" "$work/out.txt" || fail "the Markdown does not lead with the verdict"
grep -q "### New failures" "$work/out.txt" || fail "no 'New failures' section"
cmp -s "$work/out.txt" "$work/d1/diff.md" || fail "diff.md differs from what was printed"
new=$(count "$work/d1/diff.json" new_failure)
[ "$new" -gt 0 ] || fail "no new failure counted"
python3 - "$work/d1/diff.json" <<'PY' || fail "a new failure that is not a softmax case, or no reproducer"
import json, sys
d = json.load(open(sys.argv[1]))
bad = [c for c in d["cases"] if c["change"] == "new_failure"
       and (c["op"] not in ("softmax", "log_softmax") or not c["reproducer"])]
sys.exit(1 if bad or not d["regressed"] else 0)
PY
# The reverse: the same cases are fixed, no regression.
expect_exit 0 diff "$work/planted/results.json" "$work/base/results.json" --json
python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); sys.exit(0 if d["counts"]["fixed"]==int(sys.argv[2]) and not d["regressed"] else 1)' \
  "$work/out.txt" "$new" || fail "the reverse diff does not call the $new cases fixed"
# Two correct runs (the same seed): nothing changed.
expect_exit 0 diff "$work/base/results.json" "$work/clean/results.json" --json
python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); sys.exit(0 if d["cases"]==[] and d["cases_compared"]>0 else 1)' \
  "$work/out.txt" || fail "two clean runs differ"

# Perf: two real perf.json files are matched case by case and judged (a 1000 % minimum change
# keeps this timing-independent: the verdicts are perfsuite's own tests).
for side in p1 p2; do
  "$hwcert" perf --plugin "$plugin" --suite smoke --filter 'add*' --repetitions 5 --min-time 0.01 \
    --no-roofline --no-abi-overhead --out "$work/$side" > "$work/$side.log" 2>&1 ||
    { cat "$work/$side.log"; fail "perf run $side failed"; }
done
expect_exit 0 diff "$work/p1/perf.json" "$work/p2/perf.json" --json --min-change 10
python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); sys.exit(0 if len(d["perf"])>0 and all(p["verdict"] in ("same","ambiguous") for p in d["perf"]) else 1)' \
  "$work/out.txt" || fail "perf cases were not matched and judged"
python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); sys.exit(0 if all(p["confidence"] == 0.95 and (p["ratio_ci_low"] is None or p["ratio_ci_low"] <= p["ratio_ci_high"]) for p in d["perf"]) else 1)' \
  "$work/out.txt" || fail "perf verdicts without their ratio confidence interval"

# report --baseline on a bundle: the section is there; against the planted run it regresses.
status=0
"$hwcert" certify --plugin "$plugin" --target cpu --suite smoke --skip-perf --skip-stability --out "$work/bundle" \
  > "$work/certify.log" 2>&1 || status=$?
[ "$status" -le 1 ] || { cat "$work/certify.log"; fail "certify exited $status"; }
expect_exit 0 report "$work/bundle" -o "$work/report" --baseline "$work/bundle"
grep -q "changes since the baseline" "$work/report/report.md" || fail "report.md has no baseline section"
grep -q 'id="baseline"' "$work/report/report.html" || fail "report.html has no baseline section"

# Unreadable input: exit 2, the file and the position named; nothing written.
printf '{\n  "format": ,\n}\n' > "$work/broken.json"
expect_exit 2 diff "$work/base/results.json" "$work/broken.json" --out "$work/d2"
grep -q "broken.json:2:" "$work/err.txt" || { cat "$work/err.txt"; fail "no file:line in the error"; }
[ ! -e "$work/d2" ] || fail "a failed diff wrote output"
expect_exit 2 diff "$work/base/results.json" "$work/missing.json"
echo "diff_cli_test: ok ($new new failures planted and found)"
