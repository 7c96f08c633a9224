// model run's results: per-node times ranked by op type and by node; text and JSON.
#include <fmt/format.h>

#include <algorithm>
#include <map>

#include "hwcert/model/model_perf.hpp"

namespace hwcert::model {
namespace {

void keep_longest(std::vector<NodeTime>& times, std::size_t top) {
  std::stable_sort(times.begin(), times.end(),
                   [](const NodeTime& a, const NodeTime& b) { return a.us > b.us; });
  if (times.size() > top) times.resize(top);
}

nlohmann::json times_json(const std::vector<NodeTime>& times) {
  nlohmann::json list = nlohmann::json::array();
  for (const NodeTime& t : times) {
    list.push_back({{"name", t.name},
                    {"op", t.op},
                    {"count", t.count},
                    {"us", t.us},
                    {"fraction", t.fraction}});
  }
  return list;
}

nlohmann::json optional_json(const std::optional<double>& value) {
  return value ? nlohmann::json(*value) : nlohmann::json(nullptr);
}

nlohmann::json batch_json(const BatchPerf& r) {
  nlohmann::json j = {
      {"batch", r.batch},
      {"nodes", r.nodes},
      {"inferences", r.runs},
      {"wall_s", r.wall_s},
      {"samples_per_s", r.samples_per_s},
      {"latency_ms",
       {{"p50", r.latency_ms.p50}, {"p90", r.latency_ms.p90}, {"p99", r.latency_ms.p99}}},
      {"executor_host_us_per_node", r.executor_us_per_node},
      {"plugin_launch_us_per_node", r.launch_us_per_node},
      {"top_ops", times_json(r.top_ops)},
      {"top_nodes", times_json(r.top_nodes)},
      {"memory",
       {{"peak_bytes", r.memory.peak()},
        {"weight_bytes", r.memory.weight_bytes},
        {"input_bytes", r.memory.input_bytes},
        {"arena_bytes", r.memory.arena_bytes},
        {"workspace_bytes", r.memory.workspace_bytes}}},
      {"power_w", optional_json(r.power_w)},
      {"energy_per_inference_j", optional_json(r.energy_per_inference_j)},
      {"tokens", nullptr}};
  if (r.tokens) {
    j["tokens"] = {{"phase", r.tokens->phase},
                   {"per_inference", r.tokens->tokens_per_inference},
                   {"per_s", r.tokens_per_s}};
  }
  return j;
}

}  // namespace

void rank_node_times(const BoundGraph& graph, const std::vector<double>& node_us, std::size_t top,
                     BatchPerf& result) {
  double total = 0;
  for (double us : node_us) total += us;
  const auto fraction = [&](double us) { return total > 0 ? us / total : 0.0; };
  std::map<std::string, NodeTime> by_op;
  result.top_nodes.clear();
  for (std::size_t n = 0; n < node_us.size() && n < graph.nodes.size(); ++n) {
    const Node& node = *graph.nodes[n].node;
    result.top_nodes.push_back({node.name, node.op, 1, node_us[n], fraction(node_us[n])});
    NodeTime& op = by_op.try_emplace(node.op, NodeTime{node.op, node.op, 0, 0, 0}).first->second;
    op.count += 1;
    op.us += node_us[n];
    op.fraction = fraction(op.us);
  }
  result.top_ops.clear();
  for (auto& [name, time] : by_op) result.top_ops.push_back(time);
  keep_longest(result.top_nodes, top);
  keep_longest(result.top_ops, top);
}

std::string perf_to_text(const std::string& model, const std::vector<BatchPerf>& results) {
  std::string text;
  for (const BatchPerf& r : results) {
    text += fmt::format(
        "{} batch {}: {:.1f} samples/s; latency P50 {:.3f} ms, P90 {:.3f} ms, P99 {:.3f} ms "
        "({} inferences, {:.1f} s)\n",
        model, r.batch, r.samples_per_s, r.latency_ms.p50, r.latency_ms.p90, r.latency_ms.p99,
        r.runs, r.wall_s);
    if (r.tokens) {
      text += fmt::format("  {}: {:.0f} tokens/s ({} tokens an inference)\n", r.tokens->phase,
                          r.tokens_per_s, r.tokens->tokens_per_inference);
    }
    text += fmt::format(
        "  {} nodes; executor host time {:.2f} us a node, plugin launch calls {:.2f} us a node\n",
        r.nodes, r.executor_us_per_node, r.launch_us_per_node);
    text += fmt::format(
        "  peak device memory {} B (weights {}, inputs {}, intermediates {}, "
        "workspace {})\n",
        r.memory.peak(), r.memory.weight_bytes, r.memory.input_bytes, r.memory.arena_bytes,
        r.memory.workspace_bytes);
    text += r.energy_per_inference_j ? fmt::format("  energy {:.4g} J an inference at {:.1f} W\n",
                                                   *r.energy_per_inference_j, *r.power_w)
                                     : std::string("  energy: the plugin reports no power\n");
    text += "  top ops (profiling pass, an event between every two nodes):\n";
    for (const NodeTime& t : r.top_ops)
      text += fmt::format("    {:<28} {:>4} nodes {:>10.1f} us {:>5.1f} %\n", t.op, t.count, t.us,
                          100 * t.fraction);
  }
  return text;
}

nlohmann::json perf_to_json(const std::string& model, const std::string& dtype,
                            const std::vector<BatchPerf>& results) {
  nlohmann::json batches = nlohmann::json::array();
  for (const BatchPerf& r : results) batches.push_back(batch_json(r));
  return {{"model", model},
          {"dtype", dtype},
          {"latency_source",
           "device events recorded before the first node and after the last, one inference "
           "at a time"},
          {"top_source", "a separate profiling pass with an event between every two nodes"},
          {"batches", batches}};
}

}  // namespace hwcert::model
