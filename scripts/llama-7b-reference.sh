#!/usr/bin/env bash
# The full-size decoder on a plugin (docs/models.md, "What this machine can run"): the
# LLaMA-7B decode step timed with `hwcert model run` at bf16 (13.5 GB of weights on the
# device, drawn and uploaded one tensor at a time), then the accuracy check of the
# full-width decoder with N layers (`generate.py --llama-layers N`) at f32 against the
# float64 chain. Each step runs under /usr/bin/time -v at nice 10; its output goes to OUT.
#
# Usage: scripts/llama-7b-reference.sh [-n LAYERS] [-p PLUGIN] [-o OUT] [-x HWCERT] [-s STEPS]
#   -n  layers of the checked decoder (default 1)   -p  plugin (default reference)
#   -o  output folder (default a fresh mktemp)      -x  hwcert binary (default build/release/bin/hwcert)
#   -s  steps to run: decode, prefill, check (default "decode check")
# Needs about 15 GB of free memory for the decode step (check `free -g` first). Exit: the
# first failing step's exit code (hwcert model run / check: 1 plugin failed, 2 bad model).
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
layers=1 plugin=reference out="" hwcert="$here/build/release/bin/hwcert" steps="decode check"
source "$here/scripts/lib/options.sh"
parse_options "n=layers p=plugin o=out x=hwcert s=steps" 8,11 "$@"
require_hwcert
[ -n "$out" ] || out=$(mktemp -d "${TMPDIR:-/tmp}/hwcert-llama.XXXXXX")

timed() {  # timed NAME COMMAND...: stdout to NAME.out, stderr and the time -v report to NAME.err
  local name=$1
  shift
  echo "$name: $*  (load: $(cut -d' ' -f1-3 /proc/loadavg))" | tee "$out/$name.cmd"
  nice -n 10 /usr/bin/time -v "$@" >"$out/$name.out" 2>"$out/$name.err"
}

for step in $steps; do
  case $step in
    decode | prefill)
      timed "$step" "$hwcert" model run --plugin "$plugin" --model "llama_7b_$step" --batch 1 \
        --dtype bf16 --min-time 0 --top 5 --timeout 7200 ;;
    check)
      python3 "$here/model/zoo/generate.py" --llama-layers "$layers" --out "$out"
      timed check "$hwcert" model check --plugin "$plugin" --dtype f32 --timeout 7200 \
        --model "$out/llama_7b_${layers}layers_seq128_decode.toml" ;;
    *) echo "unknown step '$step' (decode, prefill, check)" >&2; exit 2 ;;
  esac
  grep -E "Maximum resident|Elapsed \(wall" "$out/$step.err" || true
done
echo "output: $out"
