#!/usr/bin/env bash
# The full ONNX test-data sweep (docs/models.md, "Importing ONNX"): every model of Debian's
# libonnx-testdata (node, pytorch-converted, pytorch-operator, simple) imported, run on the
# reference plugin and compared with the published outputs; prints the counts, the refusals
# grouped by reason and every model that disagrees. CTest model.onnx_testdata_sweep runs every
# third model; this runs all of them (about 10 s on a 2-core machine).
# Usage: scripts/onnx-testdata-sweep.sh [build dir, default build/release] [--verbose]
set -euo pipefail
cd "$(dirname "$0")/.."
build=${1:-build/release}
shift || true
exec "$build/bin/hwcert_onnx_sweep" \
  --plugin "$build/lib/hwcert/plugins/libhwcert_plugin_reference.so" \
  --data "${HWCERT_ONNX_TESTDATA:-/usr/share/libonnx-testdata/data}" "$@"
