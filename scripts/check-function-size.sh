#!/usr/bin/env bash
# Lists every host function longer than a limit: clang-tidy's readability-function-size over
# the compilation database of a configured build. Exit 1 when one is found.
# Usage: scripts/check-function-size.sh [LINES] [BUILD_DIR]    (defaults: 100, build/release)
# Host code is everything outside plugins/ and examples/ (plugin kernels are tables of
# arithmetic the rule is not written for); CUDA files are not in the database clang-tidy reads.
set -euo pipefail
cd "$(dirname "$0")/.."
limit=${1:-100}
build=${2:-build/release}
[ -f "$build/compile_commands.json" ] || { echo "no $build/compile_commands.json: configure first" >&2; exit 2; }
files=$(git ls-files '*.cpp' | grep -vE '^(plugins|examples)/' || true)
out=$(mktemp)
trap 'rm -f "$out"' EXIT
printf '%s\n' $files | xargs -P "$(nproc)" -n 8 clang-tidy -p "$build" --quiet \
  --checks='-*,readability-function-size' \
  --config="{CheckOptions: [{key: readability-function-size.LineThreshold, value: '$limit'}]}" \
  >"$out" 2>/dev/null || true
grep -E 'warning: function .* exceeds recommended size' "$out" | sort -u || true
count=$(grep -cE 'warning: function .* exceeds recommended size' "$out" || true)
echo "function-size: $count function(s) over $limit lines"
[ "$count" -eq 0 ]
