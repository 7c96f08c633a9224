#!/usr/bin/env bash
# End to end: certify the reference plugin (smoke suite), verify the signed bundle, change one
# byte and see verify name the file, write the report, and render report.html in headless
# Chromium. Exit 77 (skipped) when no Chromium is installed (HWCERT_WITH_BROWSER=1
# scripts/install-deps.sh installs Debian's), exit 1 then when HWCERT_REQUIRE_BROWSER=1 (CI).
# Usage: render_report_test.sh HWCERT REFERENCE_PLUGIN WORK_DIR
set -euo pipefail
hwcert=$1 plugin=$2 work=$3
rm -rf "$work" && mkdir -p "$work"
fail() { echo "FAIL: $*" >&2; exit 1; }

"$hwcert" keygen --out "$work/keys" > /dev/null
status=0
"$hwcert" certify --plugin "$plugin" --target cpu --suite smoke --skip-perf --skip-stability \
  --key "$work/keys/hwcert-signing.key" --out "$work/bundle" > "$work/certify.log" 2>&1 || status=$?
# The smoke suite leaves required op x dtype pairs without cases: ran, not certified (1).
[ "$status" -eq 1 ] || { cat "$work/certify.log"; fail "certify exited with $status"; }
for file in system.json conformance.json summary.json waivers.json manifest.sha256 manifest.sig; do
  [ -f "$work/bundle/$file" ] || fail "bundle lacks $file"
done
"$hwcert" verify "$work/bundle" --pubkey "$work/keys/hwcert-signing.pub" > /dev/null ||
  fail "verify rejected an untouched bundle"

cp -r "$work/bundle" "$work/tampered"
printf 'X' | dd of="$work/tampered/system.json" bs=1 seek=5 conv=notrunc status=none
status=0
"$hwcert" verify "$work/tampered" --pubkey "$work/keys/hwcert-signing.pub" > "$work/verify.log" 2>&1 ||
  status=$?
[ "$status" -eq 1 ] || fail "verify of a changed bundle exited with $status"
grep -q "system.json" "$work/verify.log" || fail "verify did not name system.json"

"$hwcert" report "$work/bundle" -o "$work/report" --targets a100,h100 > /dev/null
[ -s "$work/report/report.html" ] || fail "no report.html"
# The classes side by side come from the shipped profiles: h100's published f16 peak, and its
# placeholder column shows what the class requires instead of "no result".
grep -q "989 TFLOP/s" "$work/report/report.html" || fail "no h100 figures in the class section"
grep -q '<td class="required">required: core</td>' "$work/report/report.html" ||
  fail "the h100 column does not show its class's requirements"

browser=$(command -v chromium || command -v chromium-browser || true)
if [ -z "$browser" ]; then
  [ "${HWCERT_REQUIRE_BROWSER:-0}" = 1 ] && fail "HWCERT_REQUIRE_BROWSER=1 but no Chromium installed"
  echo "SKIPPED: no Chromium installed (HWCERT_WITH_BROWSER=1 bash scripts/install-deps.sh)"
  exit 77
fi
flags=(--headless --no-sandbox --disable-gpu --disable-quic --no-first-run
       --disable-background-networking --disable-component-update --disable-sync
       --user-data-dir="$work/chromium-profile")
timeout 120 "$browser" "${flags[@]}" --dump-dom "file://$work/report/report.html" \
  > "$work/dom.html" 2> "$work/chromium.log" || fail "chromium could not load the report"
grep -q "hwcert compatibility report" "$work/dom.html" || fail "rendered page lacks its title"
grep -q "Target classes side by side" "$work/dom.html" || fail "rendered page lacks the class section"
python3 "$(dirname "$0")/../../scripts/screenshot_report.py" "$work/report/report.html" \
  "$work/report.png" 1400,1800 || fail "screenshot failed or blank"
echo "PASS: bundle certified, verified, tamper detected, report rendered ($work/report.png)"
