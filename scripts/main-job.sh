#!/usr/bin/env bash
# Quick start, first command: installs what is missing, builds, and runs the main job:
# certify every bundled plugin this machine can run against the `cpu` target, sign the
# bundles, and write one comparison report against every shipped target profile.
# Output: hwcert-results/ (bundles, keys, report/report.html, report.md, junit.xml, report.json)
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install-deps.sh
bash scripts/build.sh release

hwcert=build/release/bin/hwcert
results=${HWCERT_RESULTS:-hwcert-results}
mkdir -p "$results"
"$hwcert" --version
"$hwcert" plugins || true   # lists every plugin, including any that cannot load here
"$hwcert" devices || true

if [ ! -f "$results/keys/hwcert-signing.key" ]; then
  "$hwcert" keygen --out "$results/keys"
fi

bundles=()
status=0
for plugin in reference opencl cuda; do
  # Only plugins that load and drive at least one device here.
  count=$("$hwcert" devices --plugin "$plugin" --json 2>/dev/null |
          python3 -c 'import json,sys; print(len(json.load(sys.stdin)["plugins"][0]["devices"]))' \
          2>/dev/null || echo 0)
  if [ "$count" -eq 0 ]; then
    echo "main job: plugin '$plugin' not available here, skipped"
    continue
  fi
  bundle="$results/bundle-$plugin-0-cpu"
  rc=0
  "$hwcert" certify --plugin "$plugin" --device 0 --target cpu --level core \
    --key "$results/keys/hwcert-signing.key" --archive "$bundle.tar.gz" \
    --out "$bundle" --force || rc=$?
  if [ "$rc" -gt 1 ]; then exit "$rc"; fi   # 1 = not certified: still reported below
  [ "$rc" -eq 1 ] && status=1
  "$hwcert" verify "$bundle" --pubkey "$results/keys/hwcert-signing.pub"
  bundles+=("$bundle")
done

others=$(ls certify/targets/*.toml | xargs -n1 basename | sed 's/\.toml$//' | paste -sd, -)
"$hwcert" report "${bundles[@]}" -o "$results/report" --targets "$others" \
  --pubkey "$results/keys/hwcert-signing.pub"
echo
echo "Report: $results/report/report.html (also report.md, junit.xml, report.json)"
echo "Bundles: ${bundles[*]}"
exit "$status"
