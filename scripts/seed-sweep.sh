#!/usr/bin/env bash
# Runs a suite on one or more plugins under many random 64-bit `--seed` values and counts the
# cases that fail or are mistrusted: a correct plugin must pass under every seed. Each seed is
# printed before it runs, so any failure replays with HWCERT_SEEDS.
#
# Usage: scripts/seed-sweep.sh [-n COUNT] [-s SUITE] [-p PLUGIN]... [-w WORKDIR] [-x HWCERT]
#                              [-t CASE_TIMEOUT_S]
#   -n  number of random seeds (default 200)       -s  suite (default core)
#   -p  plugin name or path, repeatable (default: reference, plus opencl where a device lists)
#   -w  work directory (default a fresh mktemp)    -x  hwcert binary (default build/release)
#   -t  seconds per case (hwcert conformance --case-timeout; default hwcert's 30)
#   HWCERT_SEEDS="s1 s2 ..." replays those seeds instead of drawing new ones.
# Exit 0 when no case failed, was mistrusted, crashed, timed out or errored under any seed, 1 otherwise, 2 on bad usage.
#
# The sweep that shows "any seed passes a correct plugin" (reference and OpenCL, 200 seeds):
#   scripts/seed-sweep.sh -n 200 -p reference -p opencl
# CTest runs it on the reference plugin with 16 seeds (2 in sanitizer builds;
# conformance_core_random_seeds), and core-large once (conformance_core_large_reference).
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
count=200 suite=core work="" hwcert="$here/build/release/bin/hwcert" case_timeout=30
plugins=()
source "$here/scripts/lib/options.sh"
parse_options "n=count s=suite p=plugins+ w=work x=hwcert t=case_timeout" 2,14 "$@"
require_hwcert
if [ ${#plugins[@]} -eq 0 ]; then
  plugins=(reference)
  if "$hwcert" devices --plugin opencl > /dev/null 2>&1; then plugins+=(opencl); fi
fi
[ -n "$work" ] || work=$(mktemp -d)
mkdir -p "$work"

if [ -n "${HWCERT_SEEDS:-}" ]; then
  read -r -a seeds <<< "$HWCERT_SEEDS"
else
  seeds=()
  for _ in $(seq "$count"); do
    seeds+=("$(od -An -N8 -tu8 /dev/urandom | tr -d ' ')")
  done
fi

# "<pass> <fail> <mistrusted> <crash/timeout/error>" of a results.json, then the bad cases.
summarize() {
  python3 - "$1" <<'EOF'
import json, sys
results = json.load(open(sys.argv[1]))["results"]
counts = {"pass": 0, "fail": 0, "mistrusted": 0, "broken": 0}
bad = []
for r in results:
    status = r["status"]
    kind = status if status in counts else "broken" if status in ("crash", "timeout", "error") else None
    if kind is None:
        continue
    counts[kind] += 1
    if kind != "pass":
        bad.append(f'{status} {r["case_id"]}: {r["message"][:160]}')
        bad.append(f'      {r["reproducer"]}')
print(counts["pass"], counts["fail"], counts["mistrusted"], counts["broken"])
for line in bad:
    print("   ", line)
EOF
}

total_bad=0 total_failed=0 total_mistrusted=0 total_broken=0
runs=0
start=$(date +%s)
for plugin in "${plugins[@]}"; do
  for seed in "${seeds[@]}"; do
    out="$work/$(basename "$plugin")-$seed"
    echo "seed $seed on $plugin"
    rm -rf "$out" "$out.log"
    status=0
    "$hwcert" conformance --plugin "$plugin" --suite "$suite" --seed "$seed" --out "$out" \
      --case-timeout "$case_timeout" > "$out.log" 2>&1 || status=$?
    if [ ! -f "$out/results.json" ]; then
      echo "  no results (exit $status): see $out.log"
      total_bad=$((total_bad + 1))
      continue
    fi
    read -r passed failed mistrusted broken < <(summarize "$out/results.json" | head -1)
    echo "  $passed pass, $failed fail, $mistrusted mistrusted, $broken crash/timeout/error"
    total_failed=$((total_failed + failed))
    total_mistrusted=$((total_mistrusted + mistrusted))
    total_broken=$((total_broken + broken))
    bad=$((failed + mistrusted + broken))
    if [ "$bad" -ne 0 ]; then
      summarize "$out/results.json" | tail -n +2
      total_bad=$((total_bad + bad))
    fi
    runs=$((runs + 1))
  done
done
echo "seed sweep: ${#seeds[@]} seeds x ${#plugins[@]} plugin(s) (${plugins[*]}), $runs runs," \
  "$total_bad case results failing, mistrusted or broken ($total_failed fail," \
  "$total_mistrusted mistrusted, $total_broken crash/timeout/error; runs without results" \
  "$((total_bad - total_failed - total_mistrusted - total_broken))), $(($(date +%s) - start)) s"
[ "$total_bad" -eq 0 ]
