// Runs one ONNX model with ONNX Runtime's CPU provider (onnxruntime-node) and prints one JSON
// line: samples/s, latency percentiles and, where the data folder holds reference.<name>.npy
// files (hwcert model export --reference-outputs), each output's agreement with them.
// Used by onnxruntime-vs-reference.sh (docs/peers.md):
//   node ort_run.mjs --model M.onnx --data DIR [--threads N] [--min-time S]
// The onnxruntime-node package is resolved from NODE_PATH (the script's cache folder).
import { readFileSync, readdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';

const require = createRequire(path.resolve(process.env.NODE_PATH ?? '.', 'resolve-from-here.js'));
const ort = require('onnxruntime-node');

function parseArgs(argv) {
  const args = { threads: 2, minTime: 1 };
  for (let i = 0; i < argv.length; i += 2) {
    const [key, value] = [argv[i], argv[i + 1]];
    if (value === undefined) throw new Error(`${key} needs a value`);
    if (key === '--model') args.model = value;
    else if (key === '--data') args.data = value;
    else if (key === '--threads') args.threads = Number(value);
    else if (key === '--min-time') args.minTime = Number(value);
    else throw new Error(`unknown option ${key}`);
  }
  if (!args.model || !args.data) throw new Error('--model and --data are required');
  return args;
}

const kNpyTypes = {
  '<f4': ['float32', Float32Array],
  '<f8': ['float64', Float64Array],
  '<i8': ['int64', BigInt64Array],
  '<i4': ['int32', Int32Array],
};

// A .npy file (format 1.0, C order, little-endian) as { type, dims, data }.
function readNpy(file) {
  const bytes = readFileSync(file);
  const headerLength = bytes.readUInt16LE(8);
  const header = bytes.subarray(10, 10 + headerLength).toString('latin1');
  const descr = /'descr':\s*'([^']+)'/.exec(header)[1];
  const dims = /'shape':\s*\(([^)]*)\)/.exec(header)[1].split(',').filter((s) => s.trim())
    .map(Number);
  if (!(descr in kNpyTypes)) throw new Error(`${file}: dtype ${descr} is not read here`);
  const [type, Typed] = kNpyTypes[descr];
  const start = 10 + headerLength;
  const copy = bytes.buffer.slice(bytes.byteOffset + start, bytes.byteOffset + bytes.length);
  return { type, dims, data: new Typed(copy) };
}

function readFeeds(dir) {
  const feeds = {};
  for (const file of readdirSync(dir)) {
    const match = /^input\.(.+)\.npy$/.exec(file);
    if (!match) continue;
    const { type, dims, data } = readNpy(path.join(dir, file));
    feeds[match[1]] = new ort.Tensor(type, data, dims);
  }
  return feeds;
}

// Max |d - r| over max |r| and the cosine, as hwcert's model check reports them.
function agreement(device, reference) {
  let maxDiff = 0, maxRef = 0, dot = 0, dd = 0, rr = 0;
  for (let i = 0; i < reference.length; ++i) {
    const d = Number(device[i]), r = Number(reference[i]);
    maxDiff = Math.max(maxDiff, Math.abs(d - r));
    maxRef = Math.max(maxRef, Math.abs(r));
    dot += d * r; dd += d * d; rr += r * r;
  }
  return { max_rel_err: maxRef > 0 ? maxDiff / maxRef : maxDiff,
           cosine: dd > 0 && rr > 0 ? dot / Math.sqrt(dd * rr) : 1 };
}

function percentile(sorted, p) {
  const rank = (p / 100) * (sorted.length - 1);
  const low = Math.floor(rank), high = Math.ceil(rank);
  return sorted[low] + (sorted[high] - sorted[low]) * (rank - low);
}

async function main() {
  const args = parseArgs(process.argv.slice(2));
  const session = await ort.InferenceSession.create(args.model, {
    executionProviders: ['cpu'], intraOpNumThreads: args.threads, interOpNumThreads: 1,
    graphOptimizationLevel: 'all', executionMode: 'sequential' });
  const feeds = readFeeds(args.data);
  const batch = Object.values(feeds)[0].dims[0];
  let outputs;
  for (let i = 0; i < 2; ++i) outputs = await session.run(feeds);  // warm-up
  const latencies = [];
  const start = process.hrtime.bigint();
  let elapsed = 0;
  while (elapsed < args.minTime || latencies.length < 5) {
    const t0 = process.hrtime.bigint();
    outputs = await session.run(feeds);
    const t1 = process.hrtime.bigint();
    latencies.push(Number(t1 - t0) / 1e6);
    elapsed = Number(t1 - start) / 1e9;
  }
  const sorted = [...latencies].sort((a, b) => a - b);
  const result = { runtime: `onnxruntime-node ${ort.env.versions.common}`, threads: args.threads,
    batch, inferences: latencies.length, samples_per_s: (batch * latencies.length) / elapsed,
    p50_ms: percentile(sorted, 50), p90_ms: percentile(sorted, 90),
    p99_ms: percentile(sorted, 99), outputs: {} };
  for (const name of session.outputNames) {
    const file = path.join(args.data, `reference.${name}.npy`);
    try {
      result.outputs[name] = agreement(outputs[name].data, readNpy(file).data);
    } catch (e) {
      if (e.code !== 'ENOENT') throw e;
    }
  }
  console.log(JSON.stringify(result));
}

main().catch((e) => { console.error(`ort_run.mjs: ${e.message}`); process.exit(2); });
