#!/usr/bin/env bash
# The fault plugin launches gelu with the tanh approximation: model check of the transformer
# must fail (exit 1) and name the gelu node as the first failing node; the MLP (no gelu)
# must still pass on it.
# Usage: planted_bug_named.sh HWCERT FAULT_PLUGIN
set -u
hwcert=$1 plugin=$2
out=$("$hwcert" model check --plugin "$plugin" --model transformer_small 2>&1)
rc=$?
echo "$out"
[ "$rc" -eq 1 ] || { echo "expected exit 1, got $rc"; exit 1; }
grep -q '^  first failing node: \[15\] gelu (gelu)' <<<"$out" || { echo "gelu not named first"; exit 1; }
json=$("$hwcert" model check --plugin "$plugin" --model transformer_small --json 2>/dev/null)
python3 -c 'import json,sys; d=json.load(sys.stdin); assert d["first_failing_node"]=="gelu" and not d["passed"], d' <<<"$json" || exit 1
dump=$(mktemp -d)
trap 'rm -rf "$dump"' EXIT
"$hwcert" model check --plugin "$plugin" --model transformer_small --dump gelu:ff2 "$dump" >/dev/null
for f in 015_gelu/in0.device.f32.npy 015_gelu/in0.chain.f64.npy 015_gelu/out0.device.f32.npy \
         015_gelu/out0.chain.f64.npy 015_gelu/out0.oracle.f32.npy 016_ff2/out0.device.f32.npy; do
  [ -s "$dump/$f" ] || { echo "--dump did not write $f"; exit 1; }
done
python3 - "$dump/015_gelu" <<'PY' || exit 1
import sys, struct
def load(path):  # .npy 1.0, <f4 or <f8, C order
    data = open(path, "rb").read()
    header_len = struct.unpack("<H", data[8:10])[0]
    header, body = data[10:10 + header_len].decode(), data[10 + header_len:]
    fmt = "d" if "<f8" in header else "f"
    return struct.unpack("<%d%s" % (len(body) // struct.calcsize(fmt), fmt), body)
folder = sys.argv[1]
device, oracle = load(folder + "/out0.device.f32.npy"), load(folder + "/out0.oracle.f32.npy")
worst = max(abs(a - b) for a, b in zip(device, oracle))
assert 1e-5 < worst < 1e-2, worst  # the tanh approximation's error, seen in the dump
print("dump: gelu device vs its oracle differ by up to %.3g" % worst)
PY
"$hwcert" model check --plugin "$plugin" --model mlp_small >/dev/null || { echo "mlp_small should pass"; exit 1; }
echo "ok: the planted gelu bug is named"
