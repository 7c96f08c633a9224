#!/usr/bin/env bash
# Quick start, first command: installs what is missing, builds what it runs (the command line
# and the shipped plugins), and runs the main job: certify every bundled plugin this machine
# can run against the target profile that covers its device (`hwcert targets --match`: an
# H100 against h100; `cpu` when no profile names the device), sign the bundles, and write one
# comparison report against every shipped target profile.
# Output: hwcert-results/ (bundles, keys, report/report.html, report.md, junit.xml, report.json)
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install-deps.sh
bash scripts/build.sh release hwcert_runtime

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
used=()
status=0
for plugin in reference opencl cuda; do
  # Only plugins that load and drive at least one device here.
  device=$("$hwcert" devices --plugin "$plugin" --json 2>/dev/null |
           python3 -c 'import json,sys; print(json.load(sys.stdin)["plugins"][0]["devices"][0]["name"])' \
           2>/dev/null || true)
  if [ -z "$device" ]; then
    echo "main job: plugin '$plugin' not available here, skipped"
    continue
  fi
  target=$("$hwcert" targets --match "$device")
  echo "main job: $plugin device 0 ($device) is certified against the '$target' profile"
  bundle="$results/bundle-$plugin-0-$target"
  used+=("$target")
  rc=0
  "$hwcert" certify --plugin "$plugin" --device 0 --target "$target" --level core \
    --key "$results/keys/hwcert-signing.key" --archive "$bundle.tar.gz" \
    --out "$bundle" --force || rc=$?
  if [ "$rc" -gt 1 ]; then exit "$rc"; fi   # 1 = not certified: still reported below
  [ "$rc" -eq 1 ] && status=1
  "$hwcert" verify "$bundle" --pubkey "$results/keys/hwcert-signing.pub"
  bundles+=("$bundle")
done

# Every other shipped profile gets a column of its own ("no result" until a bundle is added).
others=$(ls certify/targets/*.toml | xargs -n1 basename | sed 's/\.toml$//' |
         grep -vxF -f <(printf '%s\n' "${used[@]}") | paste -sd, -)
"$hwcert" report "${bundles[@]}" -o "$results/report" --targets "$others" \
  --pubkey "$results/keys/hwcert-signing.pub"
echo
echo "Report: $results/report/report.html (also report.md, junit.xml, report.json)"
echo "Bundles: ${bundles[*]}"
exit "$status"
