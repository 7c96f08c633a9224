#!/usr/bin/env bash
# CTest model.peer_script_arguments: onnxruntime-vs-reference.sh's options (what -n would run,
# exit 2 for an unknown option and for a count that is not a number) and peer_table.py's
# ratios on a results file made up here; runs neither ONNX Runtime nor hwcert (well under 1 s).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
script=$here/onnxruntime-vs-reference.sh
fail() { echo "FAIL: $*" >&2; exit 1; }

plan=$("$script" -n -m cnn_small -m llama_decode -l 2 -s 8 -p old.so -p reference -r 4)
grep -q '4 rounds' <<<"$plan" || fail "rounds not shown: $plan"
grep -q 'cnn_small: .*model export --model cnn_small' <<<"$plan" || fail "no cnn_small: $plan"
grep -q 'llama_7b_2layers_seq8_decode.toml' <<<"$plan" || fail "decoder file: $plan"
grep -q -- '--plugin old.so reference' <<<"$plan" || fail "plugins: $plan"
for bad in "-x" "-r abc" "-t 1s"; do
  set +e
  # shellcheck disable=SC2086  # the options are meant to split
  "$script" -n $bad >/dev/null 2>&1
  rc=$?
  set -e
  [ "$rc" = 2 ] || fail "'$bad' exited $rc, not 2"
done

results=$(mktemp)
trap 'rm -f "$results"' EXIT
record() {  # model round ort_samples hwcert_samples
  printf '{"model":"%s","plugin":"reference","round":%d,"ort":{"runtime":"ort","threads":2,' \
    "$1" "$2"
  printf '"samples_per_s":%s,"p50_ms":1.0,"outputs":{"y":{"max_rel_err":2e-7}}},' "$3"
  printf '"hwcert":{"batches":[{"samples_per_s":%s,"latency_ms":{"p50":2.0},' "$4"
  printf '"top_ops":[{"op":"conv2d","fraction":0.5}]}]}}\n'
}
{ record m 1 100 80; record m 2 200 300; record m 3 100 100; } >"$results"
row=$(python3 "$here/peer_table.py" "$results" | grep '^| m ')
grep -qF '**1.00** (0.80-1.50)' <<<"$row" || fail "ratio: $row"
grep -qF '| 100.0 |' <<<"$row" || fail "ORT median: $row"
grep -qF '2.0e-07' <<<"$row" || fail "agreement: $row"
echo "peer script: options and table as expected"
