#!/usr/bin/env bash
# model check of one zoo model on one plugin for 8 seeds and each dtype given: every run
# must pass (exit 0) and report its output metrics and memory.
# Usage: model_check_seeds.sh HWCERT PLUGIN MODEL DTYPE...
# SEEDS="1 2" overrides the seeds (default 1-8).
set -u
hwcert=$1 plugin=$2 model=$3
shift 3
failed=0
for dtype in "$@"; do
  for seed in ${SEEDS:-1 2 3 4 5 6 7 8}; do
    out=$("$hwcert" model check --plugin "$plugin" --model "$model" --dtype "$dtype" --seed "$seed" 2>&1)
    rc=$?
    summary=$(grep -E '^model |  output |  memory:' <<<"$out" | tr -s ' ' | paste -sd ' ')
    echo "seed $seed $dtype rc=$rc: $summary"
    if [ "$rc" -ne 0 ] || ! grep -q ': PASS$' <<<"$out" || ! grep -q 'cosine' <<<"$out"; then
      echo "$out"
      failed=1
    fi
  done
done
exit $failed
