#!/usr/bin/env bash
# Lists every host function longer than a limit, longest first. Exit 1 when one is found.
# Usage: scripts/check-function-size.sh [LINES] [--tests]     (default 100 lines)
# Host code is everything outside plugins/ and examples/ (plugin kernels are tables of
# arithmetic the rule is not written for); test files count only with --tests.
# Lengths come from scripts/function_sizes.py, a lexer and brace counter that counts a
# function from its `{` to its `}` as clang-tidy's readability-function-size does; it reads
# the whole tree in seconds, where clang-tidy needs a compile of every file.
set -euo pipefail
cd "$(dirname "$0")/.."
limit=100
tests=0
for arg in "$@"; do
  case "$arg" in
    --tests) tests=1 ;;
    *[!0-9]*) echo "usage: $0 [LINES] [--tests]" >&2; exit 2 ;;
    *) limit=$arg ;;
  esac
done
files=$(git ls-files '*.cpp' '*.hpp' '*.cc' | grep -vE '^(plugins|examples)/' || true)
if [ "$tests" -eq 0 ]; then
  files=$(printf '%s\n' $files | grep -vE '(^|/)tests/|_test\.cpp$' || true)
fi
out=$(printf '%s\n' $files | xargs python3 scripts/function_sizes.py --limit "$limit")
[ -n "$out" ] && printf '%s\n' "$out"
count=$(printf '%s' "$out" | grep -c . || true)
echo "function-size: $count function(s) over $limit lines"
[ "$count" -eq 0 ]
