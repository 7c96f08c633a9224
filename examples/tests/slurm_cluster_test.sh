#!/usr/bin/env bash
# examples/cluster on a real Slurm cluster of one node: starts munged, slurmctld and slurmd on
# this machine (state, sockets and logs in a temporary directory, free ports), submits the shard
# array and its dependent merge with examples/cluster/submit-slurm.sh, waits for the merge, and
# checks that the merged results equal an unsharded `hwcert conformance` run of the same suite
# and seed (time stamps, durations, memory figures and shard bookkeeping aside). The daemons are
# stopped on every exit, failures included.
# Exit 77 (skipped) when Slurm or MUNGE is not installed, unless HWCERT_REQUIRE_SLURM=1 (CI):
# then that fails. Debian: HWCERT_WITH_SLURM=1 bash scripts/install-deps.sh (slurm-wlm, munge).
# Needs root or a user that may run the daemons (SlurmUser is the current user).
# Usage: slurm_cluster_test.sh HWCERT PLUGIN WORK_DIR [SUITE (smoke)] [SHARDS (3)]
set -euo pipefail
hwcert=$1 plugin=$2 work=$3 suite=${4:-smoke} shards=${5:-3}
here=$(cd "$(dirname "$0")" && pwd)
timeout_s=${HWCERT_SLURM_TIMEOUT:-90}
fail() { echo "FAIL: $*" >&2; exit 1; }

missing=()
for tool in munged mungekey slurmctld slurmd sbatch sinfo scontrol scancel; do
  command -v "$tool" > /dev/null || missing+=("$tool")
done
if [ ${#missing[@]} -gt 0 ]; then
  [ "${HWCERT_REQUIRE_SLURM:-0}" = 1 ] &&
    fail "HWCERT_REQUIRE_SLURM=1 but ${missing[*]} not installed"
  echo "SKIPPED: ${missing[*]} not installed (HWCERT_WITH_SLURM=1 bash scripts/install-deps.sh)"
  exit 77
fi
# A test run inside a Slurm job must not hand that job's settings to the cluster below.
while read -r name; do unset "$name"; done < <(env | sed -n 's/^\(SLURM_[A-Z_]*\|SBATCH_[A-Z_]*\)=.*/\1/p')

rm -rf "$work" && mkdir -p "$work"
work=$(cd "$work" && pwd)
# Short paths (a UNIX socket name is limited to 108 bytes); munged wants every directory on the
# socket's path searchable by all and the key readable by its owner only.
cluster=$(mktemp -d /tmp/hwcert-slurm.XXXXXX)
chmod 755 "$cluster"
mkdir -p "$cluster"/{munge,key,state,spool,log} && chmod 700 "$cluster/key"
pids=()
stop_cluster() {
  local status=$?
  if [ -n "${SLURM_CONF:-}" ] && [ -S "$cluster/munge/socket" ]; then
    scancel --quiet --user="$(id -un)" 2> /dev/null || true   # only this cluster's jobs
    for _ in 1 2 3 4 5 6 7 8 9 10; do
      [ -z "$(squeue -h 2> /dev/null)" ] && break
      sleep 0.5
    done
  fi
  if [ "$status" -ne 0 ]; then
    for log in "$work"/*.log "$cluster"/log/*.stderr.log; do
      [ -f "$log" ] && { echo "--- $log (tail)"; tail -n 10 "$log"; }
    done
  fi
  for (( i = ${#pids[@]} - 1; i >= 0; i-- )); do kill "${pids[i]}" 2> /dev/null || true; done
  for pid in "${pids[@]}"; do wait "$pid" 2> /dev/null || true; done
  rm -rf "$cluster"
  exit "$status"
}
trap stop_cluster EXIT
trap 'exit 143' INT TERM

mungekey --create --keyfile="$cluster/key/munge.key" > /dev/null
munged --foreground --socket="$cluster/munge/socket" --key-file="$cluster/key/munge.key" \
  --pid-file="$cluster/munge/munged.pid" --log-file="$cluster/log/munged.log" \
  --seed-file="$cluster/munge/seed" 2> "$cluster/log/munged.stderr.log" &
pids+=($!)

read -r ctld_port slurmd_port < <(python3 -c '
import socket
ports = [socket.socket() for _ in range(2)]
for s in ports:
    s.bind(("127.0.0.1", 0))
print(*[s.getsockname()[1] for s in ports])')
node=$(hostname -s)
export SLURM_CONF=$cluster/slurm.conf
sed -e "s|@NODE@|$node|g" -e "s|@DIR@|$cluster|g" -e "s|@USER@|$(id -un)|g" \
    -e "s|@CTLD_PORT@|$ctld_port|" -e "s|@SLURMD_PORT@|$slurmd_port|" -e "s|@CPUS@|$(nproc)|" \
    "$here/slurm-localhost.conf.in" > "$SLURM_CONF"

for _ in $(seq 50); do [ -S "$cluster/munge/socket" ] && break; sleep 0.1; done
[ -S "$cluster/munge/socket" ] || fail "munged did not create its socket"
slurmctld -D > "$cluster/log/slurmctld.stderr.log" 2>&1 &
pids+=($!)
slurmd -D -N "$node" > "$cluster/log/slurmd.stderr.log" 2>&1 &
pids+=($!)
start=$SECONDS
until [ "$(sinfo -h -n "$node" -o %T 2> /dev/null)" = idle ]; do
  (( SECONDS - start < 30 )) || fail "node $node not idle after 30 s: $(sinfo -h -o '%T %E' 2>&1)"
  sleep 0.5
done
echo "cluster up in $(( SECONDS - start )) s: node $node idle, slurmctld port $ctld_port"

# The example as a site runs it, with this build as the installed prefix.
mkdir -p "$cluster/prefix/bin"
ln -s "$(cd "$(dirname "$hwcert")" && pwd)/$(basename "$hwcert")" "$cluster/prefix/bin/hwcert"
cd "$work"
HWCERT_PREFIX=$cluster/prefix HWCERT_PLUGIN=$plugin HWCERT_SUITE=$suite \
HWCERT_RESULTS_BASE=$work/results \
  bash "$here/../cluster/submit-slurm.sh" "$shards" --gres=none --cpus-per-task=1 \
  --time=00:05:00 > submit.log 2>&1 || { cat submit.log; fail "submit-slurm.sh failed"; }
cat submit.log
array_id=$(sed -n 's/^shards: job array \([0-9]*\).*/\1/p' submit.log)
merge_id=$(sed -n 's/^merge: *job \([0-9]*\).*/\1/p' submit.log)
[ -n "$array_id" ] && [ -n "$merge_id" ] || fail "no job ids in submit-slurm.sh's output"

# The unsharded run, while the cluster works.
status=0
"$hwcert" conformance --plugin "$plugin" --suite "$suite" --out unsharded > unsharded.log 2>&1 ||
  status=$?
[ "$status" -le 1 ] || { cat unsharded.log; fail "unsharded run exited with $status"; }

job_field() { scontrol show job -o "$1" | sed -n "s/.*\b$2=\([^ ]*\).*/\1/p" | head -n 1; }
while :; do
  state=$(job_field "$merge_id" JobState)
  case $state in
    COMPLETED) break ;;
    PENDING | RUNNING | CONFIGURING | COMPLETING) ;;
    *) fail "merge job $merge_id ended $state" ;;
  esac
  [ "$(job_field "$merge_id" Reason)" != DependencyNeverSatisfied ] ||
    fail "a shard failed: $(scontrol show job -o "$array_id" | grep -o 'JobState=[A-Z]*' | sort | uniq -c)"
  (( SECONDS - start < timeout_s )) || fail "merge job $merge_id still $state after ${timeout_s} s"
  sleep 0.5
done
done_states=$(scontrol show job -o "$array_id" | grep -c 'JobState=COMPLETED')
[ "$done_states" -eq "$shards" ] || fail "$done_states of $shards array tasks completed"
echo "array $array_id ($shards tasks) and merge $merge_id completed $(( SECONDS - start )) s after start"

python3 - "$work/results/$array_id/merged/results.json" unsharded/results.json "$shards" <<'EOF'
import json, sys
merged, whole = (json.load(open(p)) for p in sys.argv[1:3])
shards = int(sys.argv[3])
sources = merged["shard"].get("merged_from", [])
if sorted(s["shard"]["index"] for s in sources) != list(range(shards)):
    sys.exit(f"FAIL: merged from {sources}, expected {shards} shards")
# What may differ between a sharded and an unsharded run of the same cases.
run_keys = {"created", "shard"}
case_keys = {"index", "duration_ms", "memory"}
def essence(results):
    top = {k: v for k, v in results.items() if k not in run_keys | {"results"}}
    cases = [{k: v for k, v in c.items() if k not in case_keys} for c in results["results"]]
    return top, sorted(cases, key=lambda c: c["case_id"])
(m_top, m_cases), (w_top, w_cases) = essence(merged), essence(whole)
for key in sorted(set(m_top) | set(w_top)):
    if m_top.get(key) != w_top.get(key):
        sys.exit(f"FAIL: '{key}' differs: merged {m_top.get(key)!r}, unsharded {w_top.get(key)!r}")
if [c["case_id"] for c in m_cases] != [c["case_id"] for c in w_cases]:
    sys.exit(f"FAIL: merged has {len(m_cases)} cases, unsharded {len(w_cases)}, or other ids")
for m, w in zip(m_cases, w_cases):
    if m != w:
        sys.exit(f"FAIL: case {m['case_id']} differs: merged {m}, unsharded {w}")
print(f"merged results of {shards} shards equal the unsharded run: {len(m_cases)} cases, "
      f"summary {m_top['summary']}")
EOF
[ -f "$work/results/$array_id/merged/junit.xml" ] || fail "the merge wrote no junit.xml"
echo "PASS: Slurm array of $shards shards and the dependent merge, $(( SECONDS - start )) s"
