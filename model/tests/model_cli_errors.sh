#!/usr/bin/env bash
# hwcert model: a malformed graph file is exit 2 with file:line:column; an unknown model is
# exit 2; model list names every zoo model.
# Usage: model_cli_errors.sh HWCERT FIXTURES_DIR
set -u
hwcert=$1 fixtures=$2
err=$("$hwcert" model check --plugin reference --model "$fixtures/shape_mismatch.toml" 2>&1 >/dev/null)
rc=$?
echo "$err"
[ "$rc" -eq 2 ] || { echo "expected exit 2, got $rc"; exit 1; }
grep -q "shape_mismatch.toml:12:1: node 'fc' (matmul)" <<<"$err" || { echo "no file:line:column"; exit 1; }
"$hwcert" model check --plugin reference --model no_such_model >/dev/null 2>&1
[ $? -eq 2 ] || { echo "unknown model: expected exit 2"; exit 1; }
"$hwcert" model check --plugin reference --model mlp_small --dtype f8e4m3 >/dev/null 2>&1
[ $? -eq 2 ] || { echo "bad dtype: expected exit 2"; exit 1; }
list=$("$hwcert" model list)
echo "$list"
for m in mlp_small cnn_small transformer_small; do
  grep -q "^$m " <<<"$list" || { echo "model list lacks $m"; exit 1; }
done
echo ok
