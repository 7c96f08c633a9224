#!/usr/bin/env bash
# Writes the sample report (two bundles, a target without one, the classes of both) and renders
# report.html in headless Chromium: the screenshot must be a real picture. Exit 77 (skipped)
# without Chromium.
# Usage: render_sample_report.sh WRITE_SAMPLE_REPORT_EXE WORK_DIR
set -euo pipefail
writer=$1 work=$2
here=$(cd "$(dirname "$0")" && pwd)
rm -rf "$work" && mkdir -p "$work"
"$writer" "$work"
exec python3 "$here/../../scripts/screenshot_report.py" "$work/report/report.html" \
  "$work/report.png" 1280,2000
