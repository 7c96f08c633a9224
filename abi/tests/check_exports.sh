#!/usr/bin/env bash
# Every shipped plugin exports exactly one dynamic symbol: hwc_get_plugin_api.
set -u
status=0
for lib in "$@"; do
  symbols=$(nm -D --defined-only "$lib" | awk '{print $NF}')
  if [ "$symbols" != "hwc_get_plugin_api" ]; then
    echo "FAIL: $lib exports:"; echo "$symbols" | sed 's/^/  /'
    status=1
  else
    echo "ok: $lib exports only hwc_get_plugin_api"
  fi
done
exit $status
