#!/usr/bin/env bash
# A plugin that reports HWC_PLUGIN_INFO_OPSET 1 is refused, before anything runs, for a model
# whose ops need opset 2 (exit 1, the message naming the plugin's opset, the model's and the
# first node beyond it); a model of opset-1 ops still passes on it.
# Usage: opset_refusal.sh HWCERT OPSET1_PLUGIN
set -u
hwcert=$1 plugin=$2
err=$("$hwcert" model check --plugin "$plugin" --model resnet50_small 2>&1 >/dev/null)
rc=$?
echo "$err"
[ "$rc" -eq 1 ] || { echo "expected exit 1, got $rc"; exit 1; }
grep -q "the plugin implements opset 1; this model needs opset 2 (node 'bn1' is batch_norm, an op of opset 2)" <<<"$err" ||
  { echo "no clear refusal"; exit 1; }
"$hwcert" model check --plugin "$plugin" --model cnn_small >/dev/null || { echo "cnn_small (opset 1) should pass"; exit 1; }
echo "ok: an opset-1 plugin is refused for an opset-2 model"
