#!/usr/bin/env bash
# hwcert model run through the real binary on a small zoo model: two batch sizes as JSON with
# ordered latency percentiles, top ops, executor overhead, peak memory, and energy null on
# the reference plugin (no power reading); the text form; --help; a bad --batch is exit 2.
# Usage: model_run_cli.sh HWCERT
set -u
hwcert=$1
json=$("$hwcert" model run --plugin reference --model cnn_small --batch 1,2 --min-time 0.05 --json)
rc=$?
[ "$rc" -eq 0 ] || { echo "model run exited $rc"; exit 1; }
python3 - "$json" <<'PY' || exit 1
import json, sys
d = json.loads(sys.argv[1])
assert d["model"] == "cnn_small", d["model"]
assert [b["batch"] for b in d["batches"]] == [1, 2], d["batches"]
for b in d["batches"]:
    lat = b["latency_ms"]
    assert 0 < lat["p50"] <= lat["p90"] <= lat["p99"], lat
    assert b["samples_per_s"] > 0 and b["inferences"] >= 5, b
    assert b["top_ops"] and b["top_ops"][0]["us"] >= b["top_ops"][-1]["us"], b["top_ops"]
    assert b["executor_host_us_per_node"] >= 0 and b["plugin_launch_us_per_node"] > 0, b
    assert b["memory"]["peak_bytes"] > b["memory"]["weight_bytes"] > 0, b["memory"]
    assert b["energy_per_inference_j"] is None and b["tokens"] is None, b
print("json ok")
PY
text=$("$hwcert" model run --plugin reference --model llama_small_decode --min-time 0 2>/dev/null)
grep -q "decode: .* tokens/s" <<<"$text" || { echo "no decode tokens/s in: $text"; exit 1; }
help=$("$hwcert" model run --help)
for option in --plugin --device --model --batch --dtype --seed --min-time --json --timeout; do
  grep -q -- "$option" <<<"$help" || { echo "--help lacks $option"; exit 1; }
done
"$hwcert" model run --plugin reference --model cnn_small --batch 0 >/dev/null 2>&1
[ $? -eq 2 ] || { echo "--batch 0: expected exit 2"; exit 1; }
echo ok
