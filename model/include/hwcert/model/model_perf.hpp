// `hwcert model run`: a bound graph timed through a plugin, inference after inference on one
// stream. Latency per inference from device events recorded before the first node and after
// the last; throughput over the host wall time of those inferences; a separate profiling
// pass with an event between every two nodes for the time of each node; the executor's own
// host time per node (its launch loop less the time inside the plugin's calls); peak device
// memory from the memory plan; energy where the plugin reports power.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "hwcert/loader/plugin.hpp"
#include "hwcert/model/bound_graph.hpp"
#include "hwcert/model/executor.hpp"

namespace hwcert::model {

struct Percentiles {
  double p50 = 0;  // the median
  double p90 = 0;
  double p99 = 0;
};

struct ModelPerfOptions {
  // Passed in by the command line, as model never includes perfsuite (docs/architecture.md):
  // perfsuite's percentiles_of, and the device's power now where the plugin reports it
  // (perfsuite's read_conditions). measure_model refuses to run without `percentiles`.
  std::function<Percentiles(std::span<const double>)> percentiles;
  std::function<std::optional<double>()> read_power;
  uint64_t seed = 1;
  double min_time_s = 1.0;  // seconds of timed inferences per batch size (at least min_runs)
  int min_runs = 5;
  int max_runs = 100000;
  int warmup_runs = 2;
  int profile_runs = 3;  // profiling passes; each node's time is the median over them
  std::size_t top = 10;  // op types and nodes listed
  std::function<void(const std::string&)> progress;
};

// Where the graph reads token ids (a graph input "input_ids"): tokens per inference, and
// the phase ("decode" when the graph also reads a KV cache "past_key.*", else "prefill").
struct TokenCount {
  std::string phase;
  int64_t tokens_per_inference = 0;
};
std::optional<TokenCount> token_count(const BoundGraph& graph);

struct NodeTime {
  std::string name;  // node name, or the op for a per-op-type total
  std::string op;
  int count = 1;        // nodes summed (per op type)
  double us = 0;        // median device time of one inference (per op type: the sum)
  double fraction = 0;  // of the profiled inference's total
};

struct BatchPerf {
  int64_t batch = 0;
  std::size_t nodes = 0;
  int runs = 0;
  double wall_s = 0;         // host wall time of the timed inferences
  double samples_per_s = 0;  // batch x runs / wall_s
  Percentiles latency_ms;
  double median_latency_ms = 0;
  std::optional<TokenCount> tokens;
  double tokens_per_s = 0;          // tokens per inference / median latency (with `tokens`)
  double executor_us_per_node = 0;  // median over the timed inferences
  double launch_us_per_node = 0;    // time inside the plugin's calls per node (median)
  std::vector<NodeTime> top_ops;    // per op type, longest first
  std::vector<NodeTime> top_nodes;  // longest first
  MemoryReport memory;
  std::optional<double> power_w;
  std::optional<double> energy_per_inference_j;
};

// Times `graph` (bound at one batch size) on `device`.
Expected<BatchPerf> measure_model(const Device& device, const BoundGraph& graph,
                                  const ModelPerfOptions& options);

// Ranks per-node times (us, by node) into the top `top` op types and nodes.
void rank_node_times(const BoundGraph& graph, const std::vector<double>& node_us, std::size_t top,
                     BatchPerf& result);

std::string perf_to_text(const std::string& model, const std::vector<BatchPerf>& results);
nlohmann::json perf_to_json(const std::string& model, const std::string& dtype,
                            const std::vector<BatchPerf>& results);

}  // namespace hwcert::model
