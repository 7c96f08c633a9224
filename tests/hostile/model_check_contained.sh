#!/usr/bin/env bash
# `hwcert model check` keeps the plugin in a child process: a plugin that segfaults or hangs
# in op_launch ends the check with exit 1 and a message naming what happened, and hwcert
# itself survives; without a fault the same graph passes.
# Usage: model_check_contained.sh HWCERT HOSTILE_PLUGIN GRAPH
set -u
hwcert=$1 plugin=$2 graph=$3
"$hwcert" model check --plugin "$plugin" --model "$graph" >/dev/null || { echo "no fault: expected a pass"; exit 1; }
# Under AddressSanitizer the planted segfault must stay a real SIGSEGV (as in hostile_test.cpp):
# ASan's own handler would turn it into a report and exit 1.
err=$(ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}handle_segv=0:detect_leaks=0" \
  HWCERT_HOSTILE_FAULT=segfault_launch "$hwcert" model check --plugin "$plugin" --model "$graph" 2>&1 >/dev/null)
rc=$?
echo "$err"
[ "$rc" -eq 1 ] || { echo "segfault: expected exit 1, got $rc"; exit 1; }
grep -q "the model check ended by SIGSEGV" <<<"$err" || { echo "segfault not named"; exit 1; }
err=$(HWCERT_HOSTILE_FAULT=hang_launch "$hwcert" model check --plugin "$plugin" --model "$graph" --timeout 3 2>&1 >/dev/null)
rc=$?
echo "$err"
[ "$rc" -eq 1 ] || { echo "hang: expected exit 1, got $rc"; exit 1; }
grep -q "ran past 3 s" <<<"$err" || { echo "hang not named"; exit 1; }
echo ok
