#!/bin/bash
# Queues the shard array and, after every task has succeeded, the merge:
#   ./submit-slurm.sh [number of shards, default 8] [sbatch options for both jobs...]
# The sbatch options (e.g. --partition=gpu --account=proj) come after the shard count and
# override the #SBATCH lines of slurm-conformance.sbatch (--gres=gpu:1, --cpus-per-task=8) on a
# site whose nodes differ; examples/tests/slurm_cluster_test.sh submits with --gres=none.
# Environment (passed on to the tasks): HWCERT_PREFIX (default /opt/hwcert), HWCERT_PLUGIN
# (default npu), HWCERT_SUITE (default core), HWCERT_RESULTS_BASE (default ./hwcert-results).
# afterok: the merge waits for every shard; a shard that keeps failing leaves it pending
# (DependencyNeverSatisfied). Use afterany to merge what exists (hwcert merge then warns
# "shard i of N is missing").
set -euo pipefail
shards=${1:-8}
shift $(( $# > 0 ? 1 : 0 ))
here=$(cd "$(dirname "$0")" && pwd)
export HWCERT_PREFIX=${HWCERT_PREFIX:-/opt/hwcert}
export HWCERT_RESULTS_BASE=${HWCERT_RESULTS_BASE:-$PWD/hwcert-results}

array_id=$(sbatch --parsable --array=0-$((shards - 1)) "$@" "$here/slurm-conformance.sbatch")
array_id=${array_id%%;*}                  # "jobid;cluster" on multi-cluster sites
results=$HWCERT_RESULTS_BASE/$array_id
merge_id=$(sbatch --parsable --job-name=hwcert-merge --dependency=afterok:"$array_id" \
  --output="hwcert-merge-%j.log" --time=00:10:00 "$@" \
  --wrap="$HWCERT_PREFIX/bin/hwcert merge $results/shard-*/results.json \
          -o $results/merged/results.json --junit $results/merged/junit.xml")
echo "shards: job array $array_id ($shards tasks), results in $results"
echo "merge:  job $merge_id, after all shards succeed -> $results/merged/"
