# Sourced by the scripts in scripts/ that take single-letter options and run a hwcert binary.
#
# parse_options SPEC LINES "$@": reads the options with getopts into the caller's variables.
#   SPEC is "x=name ...": option -x sets $name to its argument; "x=name+" appends it to the
#   array name instead; "x=name!" makes -x a flag (no argument) that sets $name to 1. LINES (e.g. 2,14) are the lines of the script that hold its usage,
#   printed on stderr for an unknown option or a missing argument, which exit 2.
# require_hwcert: exit 2 with a message unless $hwcert is an executable file.

parse_options() {
  local spec=$1 usage=$2 entry opt name letters=""
  shift 2
  local -A variable=()
  for entry in $spec; do
    letters+="${entry%%=*}"
    [[ $entry == *! ]] || letters+=":"
    variable[${entry%%=*}]=${entry#*=}
  done
  local OPTIND=1
  while getopts "$letters" opt; do
    name=${variable[$opt]:-}
    if [ -z "$name" ]; then
      sed -n "${usage}p" "$0" >&2
      exit 2
    elif [[ $name == *! ]]; then
      printf -v "${name%!}" '%s' 1
    elif [[ $name == *+ ]]; then
      eval "${name%+}+=(\"\$OPTARG\")"
    else
      printf -v "$name" '%s' "$OPTARG"
    fi
  done
}

require_hwcert() {
  [ -x "$hwcert" ] && return
  echo "$(basename "$0" .sh): no hwcert binary at $hwcert (-x; build it first)" >&2
  exit 2
}
