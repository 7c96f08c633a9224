# Shared by the shell tests of the hwcert command (sourced: . "$(dirname "$0")/cli_test_lib.sh"):
# a scratch directory $work removed on exit, fail MESSAGE, and expect_rc WANT command... which
# runs the command with its output in $work/out.txt and fails unless it exits WANT.
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
fail() { echo "FAIL: $*"; exit 1; }
expect_rc() {  # expect_rc WANT command...
  want=$1; shift
  "$@" >"$work/out.txt" 2>&1
  rc=$?
  [ "$rc" -eq "$want" ] || { cat "$work/out.txt"; fail "$* exited $rc, expected $want"; }
}
