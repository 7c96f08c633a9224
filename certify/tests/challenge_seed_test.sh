#!/usr/bin/env bash
# End to end: `hwcert certify --seed N` (a challenge seed above 2^63) draws the conformance
# inputs from N, records N in the bundle, and anyone can re-run the same inputs from it:
# `hwcert conformance --seed N` gives the same per-case seeds (the reproducers) and statuses,
# another seed gives other inputs, and a reproducer line from the bundle replays.
# Usage: challenge_seed_test.sh HWCERT REFERENCE_PLUGIN WORK_DIR
set -euo pipefail
hwcert=$1 plugin=$2 work=$3
rm -rf "$work" && mkdir -p "$work"
fail() { echo "FAIL: $*" >&2; exit 1; }
seed=18446744073709551557  # the largest prime below 2^64

status=0
"$hwcert" certify --plugin "$plugin" --target cpu --suite smoke --skip-perf --skip-stability --seed "$seed" \
  --out "$work/bundle" > "$work/certify.log" 2>&1 || status=$?
# The smoke suite leaves required op x dtype pairs without cases: ran, not certified (1).
[ "$status" -eq 1 ] || { cat "$work/certify.log"; fail "certify exited with $status"; }

# Prints "<seed recorded in system.json> <seed in conformance.json>", then one line per case:
# "<case id> <status> <reproducer>".
cases_of() {
  python3 - "$1" "$2" <<'PY'
import json, re, sys
system = json.load(open(sys.argv[1])) if sys.argv[1] != "-" else {}
results = json.load(open(sys.argv[2]))
print(system.get("conformance_seed", "-"), results["seed"])
for r in results["results"]:
    # The plugin as each run named it (a path may be written two ways) is left out.
    print(r["case_id"], r["status"], re.sub(r"--plugin \S+ ", "", r["reproducer"]))
PY
}
cases_of "$work/bundle/system.json" "$work/bundle/conformance.json" > "$work/bundle.cases"
[ "$(head -1 "$work/bundle.cases")" = "$seed $seed" ] ||
  fail "bundle records seeds '$(head -1 "$work/bundle.cases")', expected '$seed $seed'"
[ "$(wc -l < "$work/bundle.cases")" -gt 10 ] || fail "the bundle holds almost no cases"

"$hwcert" conformance --plugin "$plugin" --suite smoke --seed "$seed" --out "$work/rerun" \
  > /dev/null 2>&1 || fail "re-running the suite with the recorded seed failed"
cases_of - "$work/rerun/results.json" | tail -n +2 > "$work/rerun.cases"
diff <(tail -n +2 "$work/bundle.cases") "$work/rerun.cases" > "$work/rerun.diff" ||
  fail "the re-run with the recorded seed drew other inputs (see $work/rerun.diff)"

"$hwcert" conformance --plugin "$plugin" --suite smoke --out "$work/default" > /dev/null 2>&1 ||
  fail "the default-seed run failed"
cases_of - "$work/default/results.json" | tail -n +2 > "$work/default.cases"
if diff -q <(tail -n +2 "$work/bundle.cases") "$work/default.cases" > /dev/null; then
  fail "the challenge seed did not change the inputs"
fi

# Replay the first seeded reproducer line of the bundle with this build's hwcert.
line=$(grep -m1 -- '--seed' "$work/bundle.cases" | cut -d' ' -f3- |
  sed "s|^hwcert run-op |\"$hwcert\" run-op --plugin \"$plugin\" |")
eval "$line" > "$work/replay.log" 2>&1 || { cat "$work/replay.log"; fail "reproducer failed: $line"; }
echo "PASS: seed $seed recorded, re-run identical, default seed differs, reproducer replays"
