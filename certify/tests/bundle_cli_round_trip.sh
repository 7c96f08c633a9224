#!/bin/sh
# The hwcert command end to end: keygen, sign, verify (intact, changed, wrong key, usage
# error), report over two signed bundles.
# Usage: bundle_cli_round_trip.sh HWCERT WRITE_SAMPLE_REPORT
set -u
hwcert=$1
sample=$2
. "$(dirname "$0")/cli_test_lib.sh"

"$sample" "$work/run" || fail "sample writer"
expect_rc 0 "$hwcert" keygen --out "$work/keys"
[ "$(stat -c %a "$work/keys/hwcert-signing.key")" = 600 ] || fail "private key mode"
expect_rc 2 "$hwcert" keygen --out "$work/keys"
for b in bundle-0 bundle-1; do
  expect_rc 0 "$hwcert" sign "$work/run/$b" --key "$work/keys/hwcert-signing.key"
done
expect_rc 0 "$hwcert" verify "$work/run/bundle-0" --pubkey "$work/keys/hwcert-signing.pub"
expect_rc 0 "$hwcert" report "$work/run/bundle-0" "$work/run/bundle-1" -o "$work/report" \
  --pubkey "$work/keys/hwcert-signing.pub"
for f in report.json report.md junit.xml report.html; do
  [ -s "$work/report/$f" ] || fail "missing $f"
done
# The sample's stability.json (signed with the rest) becomes the report's stability section.
[ -s "$work/run/bundle-0/stability.json" ] || [ -s "$work/run/bundle-1/stability.json" ] ||
  fail "the sample wrote no stability.json"
grep -q 'id="stability"' "$work/report/report.html" || fail "no stability section in report.html"
expect_rc 1 "$hwcert" report "$work/run/bundle-0" -o "$work/report2" --fail-on-failures

# One changed byte is named.
printf 'X' | dd of="$work/run/bundle-1/conformance.json" bs=1 seek=10 conv=notrunc 2>/dev/null
expect_rc 1 "$hwcert" verify "$work/run/bundle-1" --pubkey "$work/keys/hwcert-signing.pub"
grep -q "changed: conformance.json" "$work/out.txt" || fail "changed file not named"
expect_rc 1 "$hwcert" report "$work/run/bundle-0" "$work/run/bundle-1" -o "$work/report3" \
  --pubkey "$work/keys/hwcert-signing.pub"

# Another key, a missing option, a missing bundle.
expect_rc 0 "$hwcert" keygen --out "$work/other"
expect_rc 1 "$hwcert" verify "$work/run/bundle-0" --pubkey "$work/other/hwcert-signing.pub"
grep -q "signed by the key" "$work/out.txt" || fail "wrong key not explained"
expect_rc 2 "$hwcert" verify "$work/run/bundle-0"
expect_rc 2 "$hwcert" verify "$work/nonexistent" --pubkey "$work/keys/hwcert-signing.pub"

# A private key others can read is refused.
chmod 644 "$work/keys/hwcert-signing.key"
expect_rc 2 "$hwcert" sign "$work/run/bundle-0" --key "$work/keys/hwcert-signing.key"
echo "OK: keygen, sign, verify and report behave"
