#!/usr/bin/env bash
# The long stability run of a plugin (by default the reference plugin for ten minutes): the
# perf suite's small cases on four streams, every output checked against the float64 oracle
# in every interval, throughput, memory, clock and power sampled each second. CTest runs the
# same command for 3 s (stability.reference_passes); this is the run the CTest stands for.
#
# Usage: scripts/stability-reference.sh [-d SECONDS] [-p PLUGIN] [-s SUITE] [-o OUT] [-x HWCERT]
#   -d  duration in seconds (default 600)          -p  plugin name or path (default reference)
#   -s  perf suite of the load (default smoke)     -o  output folder (default a fresh mktemp)
#   -x  hwcert binary (default build/release/bin/hwcert)
# Prints the summary (launches, checks, wrong results, drift, memory growth) and the path of
# stability.json. Exit: hwcert stability's (0 pass, 1 fail, 2 bad usage, 3 plugin not loaded).
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
duration=600 plugin=reference suite=smoke out="" hwcert="$here/build/release/bin/hwcert"
source "$here/scripts/lib/options.sh"
parse_options "d=duration p=plugin s=suite o=out x=hwcert" 2,12 "$@"
require_hwcert
[ -n "$out" ] || out=$(mktemp -d "${TMPDIR:-/tmp}/hwcert-stability.XXXXXX")
status=0
"$hwcert" stability --plugin "$plugin" --suite "$suite" --duration "$duration" --interval 1 \
  --out "$out" || status=$?
echo "stability.json: $out/stability.json"
exit "$status"
