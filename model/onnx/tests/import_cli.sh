#!/usr/bin/env bash
# `hwcert model import` through the real binary, on models of ONNX's test data:
# - a conv model imports, its weights beside it, and `hwcert model check` passes the written
#   graph on the reference plugin;
# - a model with five unsupported nodes exits 2 listing all five by node, writing nothing;
# - a truncated file and a missing file exit 2 naming the file.
# (Each hwcert start costs about 1.5 s under ASan: the test keeps to five of them.)
# Usage: import_cli.sh HWCERT TESTDATA_DIR
set -u
hwcert=$1 data=$2
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
fail() { echo "FAIL: $*"; exit 1; }

conv=$data/pytorch-converted/test_Conv2d/model.onnx
msg=$("$hwcert" model import "$conv" -o "$out/conv.toml") || fail "import of $conv: exit $?"
echo "$msg"
[ -f "$out/conv.toml" ] && [ -f "$out/conv.safetensors" ] || fail "conv.toml / conv.safetensors missing"
"$hwcert" model check --plugin reference --model "$out/conv.toml" || fail "model check of the import"

seq=$data/simple/test_sequence_model1/model.onnx
err=$("$hwcert" model import "$seq" -o "$out/seq.toml" 2>&1 >/dev/null)
rc=$?
echo "$err"
[ "$rc" -eq 2 ] || fail "unsupported ops: expected exit 2, got $rc"
grep -q "5 nodes cannot be lowered" <<<"$err" || fail "no count of refused nodes"
for op in SequenceEmpty SequenceInsert SequenceAt; do
  grep -q "($op): no hwcert equivalent" <<<"$err" || fail "$op not listed"
done
[ "$(grep -c "^  #" <<<"$err")" -eq 5 ] || fail "not every refused node listed"
[ ! -e "$out/seq.toml" ] || fail "a refused import wrote a graph"

head -c 200 "$conv" >"$out/truncated.onnx"
for bad in "$out/truncated.onnx" "$out/missing.onnx"; do
  err=$("$hwcert" model import "$bad" -o "$out/bad.toml" 2>&1)
  rc=$?
  echo "$err"
  [ "$rc" -eq 2 ] || fail "$bad: expected exit 2, got $rc"
  grep -q "$bad" <<<"$err" || fail "$bad: the message does not name the file"
  [ ! -e "$out/bad.toml" ] || fail "$bad: a graph was written"
done
echo ok
