#!/usr/bin/env bash
# Every reproducer line a report prints must replay: runs the core suite on a plugin under a
# random 64-bit run seed (printed; HWCERT_SEED=S replays it), then runs a sample of the printed
# `hwcert run-op` lines, half of them with case seeds of 2^63 and above, and expects each to
# exit 0 with the status the run recorded.
# Usage: replay_reproducers_test.sh HWCERT PLUGIN WORK_DIR [SAMPLE]
set -euo pipefail
hwcert=$1 plugin=$2 work=$3 sample=${4:-40}
rm -rf "$work" && mkdir -p "$work"
seed=${HWCERT_SEED:-$(od -An -N8 -tu8 /dev/urandom | tr -d ' ')}
echo "run seed $seed (HWCERT_SEED=$seed replays this test)"
status=0
"$hwcert" conformance --plugin "$plugin" --suite core --seed "$seed" --out "$work/run" \
  > "$work/run.log" 2>&1 || status=$?
[ -f "$work/run/results.json" ] || { cat "$work/run.log"; echo "FAIL: no results ($status)"; exit 1; }

# "<status>\t<reproducer>" lines: sample/2 with a case seed >= 2^63, sample/2 below, spread
# evenly over the suite; prints how many have the high seeds.
high=$(python3 - "$work/run/results.json" "$sample" "$work/sample.tsv" <<'EOF'
import json, sys
results = json.load(open(sys.argv[1]))["results"]
half = int(sys.argv[2]) // 2
def seed(r):
    words = r["reproducer"].split()
    return int(words[words.index("--seed") + 1])
with open(sys.argv[3], "w") as out:
    for high in (True, False):
        group = [r for r in results if (seed(r) >= 2**63) == high]
        chosen = group[::max(1, len(group) // half)][:half]
        for r in chosen:
            out.write(f'{r["status"]}\t{r["reproducer"]}\n')
        if high:
            print(len(chosen))
EOF
)
echo "replaying $(wc -l < "$work/sample.tsv") reproducer lines, $high with seeds >= 2^63"
[ "$high" -gt 0 ] || { echo "FAIL: the sample holds no seed >= 2^63"; exit 1; }

failures=0
while IFS=$'\t' read -r recorded line; do
  [[ $line == "hwcert run-op "* ]] || { echo "FAIL: not a run-op line: $line"; exit 1; }
  out=$(eval "\"\$hwcert\" ${line#hwcert }" 2>&1) && code=0 || code=$?
  replayed=${out%% *}
  if [ "$code" -ne 0 ] || [ "$replayed" != "$recorded" ]; then
    echo "FAIL: exit $code, recorded $recorded, replayed '$replayed': $line"
    echo "$out" | head -5
    failures=$((failures + 1))
  fi
done < "$work/sample.tsv"
[ "$failures" -eq 0 ] || { echo "FAIL: $failures reproducer lines did not replay"; exit 1; }
echo "PASS: every sampled reproducer line replayed with its recorded status"
