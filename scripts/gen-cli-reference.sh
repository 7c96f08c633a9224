#!/usr/bin/env bash
# Writes the command reference (docs/cli-reference.md) from `hwcert --help` and every
# subcommand's --help. Usage: scripts/gen-cli-reference.sh HWCERT_BINARY [OUTPUT]
# The cli_reference_up_to_date test fails when the checked-in file differs from this output.
set -euo pipefail
hwcert=$1
out=${2:-docs/cli-reference.md}
{
  echo "# hwcert command reference"
  echo
  echo "Generated from \`hwcert --help\` by \`scripts/gen-cli-reference.sh\`; do not edit by hand."
  echo "Exit codes and plugin discovery are explained in [cli.md](cli.md)."
  echo
  echo '```text'
  COLUMNS=100 "$hwcert" --help
  echo '```'
  subcommands() { "$@" --help | awk '/^Subcommands:/{on=1; next} on && NF {print $1} on && !NF {exit}'; }
  section() {
    echo
    echo "## hwcert $*"
    echo
    echo '```text'
    COLUMNS=100 "$hwcert" "$@" --help
    echo '```'
  }
  for command in $(subcommands "$hwcert"); do
    section "$command"
    # Commands with subcommands of their own (hwcert model check|list).
    for nested in $(subcommands "$hwcert" "$command"); do section "$command" "$nested"; done
  done
} > "$out.tmp"
mv "$out.tmp" "$out"
