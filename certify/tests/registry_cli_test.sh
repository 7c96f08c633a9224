#!/bin/sh
# `hwcert registry` end to end: keygen and sign the sample bundles (reports/tests), add a
# certified bundle twice (the second refused), a bundle with no verdict (refused), a second
# certified bundle; verify the chain; render it with `hwcert report --registry`; change one
# byte of the log and see verify name LOG:line:column, and report and add refuse it.
# Usage: registry_cli_test.sh HWCERT WRITE_SAMPLE_REPORT
set -u
hwcert=$1
sample=$2
. "$(dirname "$0")/cli_test_lib.sh"
log="$work/list/certified.jsonl"
pub="$work/keys/hwcert-signing.pub"

"$sample" "$work/run" || fail "sample writer"
# bundle-2: bundle-0 with one more byte, so another bundle hash with the same verdict.
cp -r "$work/run/bundle-0" "$work/run/bundle-2"
echo >>"$work/run/bundle-2/system.json"
expect_rc 0 "$hwcert" keygen --out "$work/keys"
for b in bundle-0 bundle-1 bundle-2; do
  expect_rc 0 "$hwcert" sign "$work/run/$b" --key "$work/keys/hwcert-signing.key"
done

expect_rc 0 "$hwcert" registry add "$work/run/bundle-0" --pubkey "$pub" --registry "$log"
grep -q "1: Evil GPU <b>X</b>" "$work/out.txt" || { cat "$work/out.txt"; fail "entry not shown"; }
expect_rc 2 "$hwcert" registry add "$work/run/bundle-0" --pubkey "$pub" --registry "$log"
grep -q "already listed in .* on line 1" "$work/out.txt" || fail "duplicate not explained"
expect_rc 2 "$hwcert" registry add "$work/run/bundle-1" --pubkey "$pub" --registry "$log"
grep -q "not evaluated against a target" "$work/out.txt" || fail "uncertified bundle listed"
expect_rc 0 "$hwcert" registry add "$work/run/bundle-2" --pubkey "$pub" --registry "$log" --json
grep -q '"seq": 2' "$work/out.txt" || fail "second entry is not seq 2"
[ "$(wc -l <"$log")" -eq 2 ] || fail "the log should hold two lines"

expect_rc 0 "$hwcert" registry verify --registry "$log" --pubkey "$pub"
grep -q "2 entries, chain intact" "$work/out.txt" || fail "verify summary"
expect_rc 0 "$hwcert" registry verify --registry "$log" --json
grep -q '"intact": true' "$work/out.txt" || fail "verify --json"
expect_rc 0 "$hwcert" registry list --registry "$log"
[ "$(grep -c '^[12]: Evil GPU' "$work/out.txt")" -eq 2 ] || fail "list: an entry each"
expect_rc 0 "$hwcert" report --registry "$log" -o "$work/report"
grep -q "## Certified list (2)" "$work/report/report.md" || fail "report.md has no list"
grep -q 'id="certified-list"' "$work/report/report.html" || fail "report.html has no list"
grep -q "Evil GPU &lt;b&gt;X&lt;/b&gt;" "$work/report/report.html" || fail "device not escaped"

# One changed byte of line 1 (the device name): its entry hash no longer matches.
sed -i '1s/"device":"Evil/"device":"Evxl/' "$log"
expect_rc 1 "$hwcert" registry verify --registry "$log"
grep -Eq "^$log:1:[0-9]+: expected entry_hash" "$work/out.txt" || { cat "$work/out.txt"; fail "no LOG:line:column"; }
expect_rc 1 "$hwcert" report --registry "$log" -o "$work/report2"
expect_rc 1 "$hwcert" registry add "$work/run/bundle-0" --pubkey "$pub" --registry "$log"
expect_rc 2 "$hwcert" registry verify --registry "$work/missing.jsonl"
expect_rc 2 "$hwcert" report -o "$work/report3"
echo "OK: registry add, verify, list and report --registry behave"
