#!/bin/sh
# `hwcert stability` with models in the load, proven both ways on the reference plugin's
# mutants build: a planted conv bug (the pad region reads the edge, not zeros) that no op case
# of the load exercises is caught by resnet50_small's output check (exit 1, wrong results
# named after the model), and a correct alternative (split-K matmul) passes with both models
# checked. The op cases are narrowed to the copy, which neither variant changes; the drift
# bound is opened (a 1 s run's drift is noise on a loaded 2-core machine).
# Usage: stability_models_test.sh HWCERT MUTANTS_PLUGIN WORK_DIR
set -eu
hwcert=$1
plugin=$2
work=$3
rm -rf "$work"
mkdir -p "$work"

run() {  # run VARIANT: exit status of a 1 s stability run of that variant
  status=0
  HWCERT_REFERENCE_MUTANT=$1 "$hwcert" stability --plugin "$plugin" --filter 'copy*' \
    --duration 1 --interval 0.25 --streams 2 --max-drift 0.99 --out "$work/$1" \
    > "$work/$1.txt" 2>&1 || status=$?
  echo "$status"
}

status=$(run conv_pad_clamps_to_edge)
[ "$status" = 1 ] || { cat "$work/conv_pad_clamps_to_edge.txt"; echo "FAIL: planted conv bug exited $status, expected 1"; exit 1; }
status=$(run benign_gemm_split_k)
[ "$status" = 0 ] || { cat "$work/benign_gemm_split_k.txt"; echo "FAIL: correct variant exited $status, expected 0"; exit 1; }

python3 - "$work" <<'PY'
import json, sys
work = sys.argv[1]
bad = json.load(open(f"{work}/conv_pad_clamps_to_edge/stability.json"))
good = json.load(open(f"{work}/benign_gemm_split_k/stability.json"))
models = ["model:resnet50_small", "model:llama_small_decode"]
for run in (bad, good):
    assert all(m in run["cases"] for m in models), run["cases"]
assert bad["verdict"] == "fail" and bad["totals"]["wrong_results"] > 0, bad["totals"]
assert all(line.startswith("model:resnet50_small") for line in bad["wrong_examples"]), \
    bad["wrong_examples"]
assert good["verdict"] == "pass", good["failures"]
# At least one interval checked the copy and both models (how many intervals fit in 1 s
# depends on the machine's load).
assert good["totals"]["wrong_results"] == 0 and good["totals"]["checks"] >= 3, good["totals"]
PY
echo "stability with models: planted conv bug caught by resnet50_small, split-K variant passes"
