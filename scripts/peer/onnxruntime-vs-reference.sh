#!/usr/bin/env bash
# ONNX Runtime's CPU provider and hwcert's reference plugin on the same models, same machine,
# same thread count, interleaved (docs/peers.md). Each model is exported from hwcert's graph
# (`hwcert model export`, the weights drawn for seed 1) and run at batch 1 by ONNX Runtime
# (scripts/peer/ort_run.mjs, onnxruntime-node) and by `hwcert model run --plugin reference`,
# alternately for several rounds; prints samples/s, P50 latency and the ratio hwcert/ORT.
# Usage: scripts/peer/onnxruntime-vs-reference.sh [-b BUILD] [-m MODEL]... [-r ROUNDS]
#          [-t SECONDS] [-j THREADS] [-l LLAMA_LAYERS] [-s LLAMA_SEQ] [-w WORKDIR] [-o TABLE]
#          [-p PLUGIN]... [-n]
#   -b  build folder (default build/release); ONNX Runtime is installed under BUILD/peer
#   -m  a model (repeatable): a zoo name, or llama_decode / llama_prefill for the full-width
#       decoder with -l layers and a -s token prefill (default: the small zoo, resnet50,
#       llama_decode and llama_prefill)
#   -r  rounds (default 3), each running ORT then hwcert; -t seconds a run (default 3)
#   -j  threads on both sides (default 2); -l decoder layers (default 1); -s prefill tokens
#       (default 16); -w work folder for the exported models (default BUILD/peer/models)
#   -p  the hwcert plugin (repeatable: each round runs every one after ORT, e.g. a plugin
#       library built before a change beside the current one; default reference)
#   -o  also write the table to this file; -n print what would run and exit
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
source "$root/scripts/lib/options.sh"
build=build/release rounds=3 seconds=3 threads=2 layers=1 seq=16 work="" table="" dry=""
models=() plugins=()
parse_options "b=build m=models+ r=rounds t=seconds j=threads l=layers s=seq w=work o=table p=plugins+ n=dry!" \
  7,19 "$@"
ort_version=1.31.1  # pinned: the figures in docs/peers.md were measured with it
cd "$root"
hwcert=$build/bin/hwcert
[ -n "$work" ] || work=$build/peer/models
[ ${#plugins[@]} -gt 0 ] || plugins=(reference)
[ ${#models[@]} -gt 0 ] || models=(resnet50_small mobilenet_v2_small yolov5s_small bert_small
  llama_small_prefill llama_small_decode resnet50 llama_decode llama_prefill)
for n in "$rounds" "$seconds" "$threads" "$layers" "$seq"; do
  [[ $n =~ ^[0-9]+(\.[0-9]+)?$ ]] || { echo "$(basename "$0"): '$n' is not a number" >&2; exit 2; }
done
llama=llama_7b_${layers}layers_seq${seq}

# The graph file of model $1: a zoo name, or the full-width decoder's file.
graph_of() {
  case $1 in
    llama_decode | llama_prefill) echo "$work/llama/${llama}_${1#llama_}.toml" ;;
    *) echo "$1" ;;
  esac
}

# Writes the full-width decoder's graph files unless there.
generate_decoder() {
  [ -f "$work/llama/${llama}_decode.toml" ] && return
  mkdir -p "$work/llama"
  python3 model/zoo/generate.py --llama-layers "$layers" --llama-seq "$seq" --out "$work/llama"
}

install_ort() {
  ort_dir=$(realpath -m "$build/peer/onnxruntime-node-$ort_version")
  [ -d "$ort_dir/node_modules/onnxruntime-node" ] && return
  command -v npm >/dev/null || { echo "$(basename "$0"): npm is not installed" >&2; exit 2; }
  if ! npm view "onnxruntime-node@$ort_version" version >/dev/null 2>&1; then
    echo "$(basename "$0"): the npm registry is unreachable (npm view onnxruntime-node" \
      "failed); ONNX Runtime cannot be installed" >&2
    exit 2
  fi
  mkdir -p "$ort_dir"
  # --ignore-scripts: the package's install script downloads CUDA files; the CPU library ships
  npm install --prefix "$ort_dir" --ignore-scripts --no-audit --no-fund \
    "onnxruntime-node@$ort_version" >&2
}

if [ -n "$dry" ]; then
  echo "onnxruntime-node $ort_version, $threads threads, $rounds rounds of $seconds s"
  for m in "${models[@]}"; do
    echo "$m: $hwcert model export --model $(graph_of "$m") -o $work/$m/$m.onnx;" \
      "node $here/ort_run.mjs, then $hwcert model run --plugin ${plugins[*]}, alternately"
  done
  exit 0
fi
require_hwcert
install_ort
export NODE_PATH=$ort_dir/node_modules HWCERT_REFERENCE_THREADS=$threads
results=$work/results.jsonl
mkdir -p "$work"
: >"$results"
echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg)" >&2
for m in "${models[@]}"; do
  [[ $m != llama_decode && $m != llama_prefill ]] || generate_decoder
  graph=$(graph_of "$m")
  mkdir -p "$work/$m"
  reference=--reference-outputs  # the float64 chain: minutes for the full-size models
  case $m in resnet50 | llama_decode | llama_prefill | *_7b* | bert_base | yolov5s | mobilenet_v2) reference="" ;; esac
  "$hwcert" model export --model "$graph" -o "$work/$m/$m.onnx" --data "$work/$m/data" \
    $reference >&2
  for ((r = 1; r <= rounds; r++)); do
    echo "$m: round $r" >&2
    ort=$(node "$here/ort_run.mjs" --model "$work/$m/$m.onnx" --data "$work/$m/data" \
      --threads "$threads" --min-time "$seconds")
    for plugin in "${plugins[@]}"; do
      hw=$("$hwcert" model run --plugin "$plugin" --model "$graph" --batch 1 \
        --min-time "$seconds" --top 3 --json 2>/dev/null |
        python3 -c 'import json, sys; print(json.dumps(json.load(sys.stdin)))')
      printf '{"model":"%s","plugin":"%s","round":%d,"ort":%s,"hwcert":%s}\n' "$m" \
        "$(basename "$plugin")" "$r" "$ort" "$hw" >>"$results"
    done
  done
done
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)" >&2
python3 "$here/peer_table.py" "$results" ${table:+--output "$table"}
