#include "hwcert/model/model_perf.hpp"

#include <fmt/format.h>

#include <chrono>

#include "hwcert/model/model_check.hpp"

namespace hwcert::model {
namespace {

using Clock = std::chrono::steady_clock;

double seconds_since(Clock::time_point start) {
  return std::chrono::duration<double>(Clock::now() - start).count();
}

Expected<std::vector<Event>> create_events(const Device& device, std::size_t count) {
  std::vector<Event> events;
  for (std::size_t i = 0; i < count; ++i) {
    auto event = device.create_event();
    if (!event.ok()) return event.status();
    events.push_back(std::move(*event));
  }
  return events;
}

// One inference: launches, waits, and returns its device time (ns) and host cost.
Expected<std::pair<double, LaunchCost>> timed_inference(const GraphExecutor& executor,
                                                        const std::vector<Event>& marks) {
  auto cost = executor.launch_nodes(marks);
  if (!cost.ok()) return cost.status();
  if (Status s = executor.stream().synchronize(); !s.ok())
    return Status(s.code(), "stream_synchronize: " + s.to_string());
  auto elapsed = Event::elapsed_ns(marks.front(), marks.back());
  if (!elapsed.ok()) return elapsed.status();
  return std::pair<double, LaunchCost>(static_cast<double>(*elapsed), *cost);
}

// The profiling pass: the median device time of every node over `runs` inferences (us).
Expected<std::vector<double>> profile_nodes(const Device& device, const GraphExecutor& executor,
                                            std::size_t nodes, const ModelPerfOptions& options) {
  auto marks = create_events(device, nodes + 1);
  if (!marks.ok()) return marks.status();
  std::vector<std::vector<double>> samples(nodes);
  for (int run = 0; run < options.profile_runs; ++run) {
    if (auto cost = executor.launch_nodes(*marks); !cost.ok()) return cost.status();
    if (Status s = executor.stream().synchronize(); !s.ok()) return s;
    for (std::size_t n = 0; n < nodes; ++n) {
      auto elapsed = Event::elapsed_ns((*marks)[n], (*marks)[n + 1]);
      if (!elapsed.ok()) return elapsed.status();
      samples[n].push_back(static_cast<double>(*elapsed) / 1e3);
    }
  }
  std::vector<double> median_us;
  for (const auto& node : samples) median_us.push_back(options.percentiles(node).p50);
  return median_us;
}

struct TimedRuns {
  std::vector<double> latency_ns;
  std::vector<double> executor_ns_per_node;
  std::vector<double> plugin_ns_per_node;
  double wall_s = 0;
};

Expected<TimedRuns> time_inferences(const Device& device, const GraphExecutor& executor,
                                    const BoundGraph& graph, const ModelPerfOptions& options) {
  auto marks = create_events(device, 2);
  if (!marks.ok()) return marks.status();
  TimedRuns runs;
  const double nodes = static_cast<double>(graph.nodes.size());
  const auto start = Clock::now();
  auto last_report = start;
  while (static_cast<int>(runs.latency_ns.size()) < options.max_runs &&
         (static_cast<int>(runs.latency_ns.size()) < options.min_runs ||
          seconds_since(start) < options.min_time_s)) {
    auto one = timed_inference(executor, *marks);
    if (!one.ok()) return one.status();
    runs.latency_ns.push_back(one->first);
    runs.executor_ns_per_node.push_back(one->second.executor_ns_per_node(graph.nodes.size()));
    runs.plugin_ns_per_node.push_back(one->second.plugin_ns / nodes);
    if (options.progress && std::chrono::duration<double>(Clock::now() - last_report).count() > 2) {
      last_report = Clock::now();
      options.progress(fmt::format("batch {}: {} inferences, {:.1f} s", graph.batch,
                                   runs.latency_ns.size(), seconds_since(start)));
    }
  }
  runs.wall_s = seconds_since(start);
  return runs;
}

std::optional<double> read_power(const ModelPerfOptions& options) {
  return options.read_power ? options.read_power() : std::nullopt;
}

// Power over the timed inferences: the mean of the readings taken around them.
std::optional<double> mean_power(std::optional<double> before, std::optional<double> after) {
  if (before && after) return 0.5 * (*before + *after);
  return before ? before : after;
}

}  // namespace

std::optional<TokenCount> token_count(const BoundGraph& graph) {
  std::optional<TokenCount> count;
  for (const BoundTensor& t : graph.tensors) {
    if (t.role != TensorRole::kInput) continue;
    if (t.name == "input_ids" && t.spec.shape.size() >= 1) {
      int64_t tokens = 1;
      for (std::size_t d = 1; d < t.spec.shape.size(); ++d) tokens *= t.spec.shape[d];
      count = TokenCount{"prefill", tokens * graph.batch};
    }
  }
  if (!count) return std::nullopt;
  for (const BoundTensor& t : graph.tensors) {
    if (t.role == TensorRole::kInput && t.name.starts_with("past_key")) count->phase = "decode";
  }
  return count;
}

Expected<BatchPerf> measure_model(const Device& device, const BoundGraph& graph,
                                  const ModelPerfOptions& options) {
  if (!options.percentiles)
    return Status(StatusCode::kInvalidArgument, "measure_model: no percentiles function");
  if (Status s = check_plugin_opset(device.plugin(), graph); !s.ok()) return s;
  auto executor = GraphExecutor::create_streamed(device, graph, options.seed);
  if (!executor.ok()) return executor.status();
  for (int i = 0; i < options.warmup_runs; ++i) {
    if (auto cost = executor->launch_nodes({}); !cost.ok()) return cost.status();
    if (Status s = executor->stream().synchronize(); !s.ok()) return s;
  }
  const std::optional<double> power_before = read_power(options);
  auto runs = time_inferences(device, *executor, graph, options);
  if (!runs.ok()) return runs.status();
  const std::optional<double> power_after = read_power(options);

  BatchPerf result;
  result.batch = graph.batch;
  result.nodes = graph.nodes.size();
  result.runs = static_cast<int>(runs->latency_ns.size());
  result.wall_s = runs->wall_s;
  result.samples_per_s = static_cast<double>(graph.batch) * result.runs / runs->wall_s;
  std::vector<double> latency_ms;
  for (double ns : runs->latency_ns) latency_ms.push_back(ns / 1e6);
  result.latency_ms = options.percentiles(latency_ms);
  result.median_latency_ms = result.latency_ms.p50;
  result.tokens = token_count(graph);
  if (result.tokens && result.median_latency_ms > 0)
    result.tokens_per_s = result.tokens->tokens_per_inference / (result.median_latency_ms / 1e3);
  result.executor_us_per_node = options.percentiles(runs->executor_ns_per_node).p50 / 1e3;
  result.launch_us_per_node = options.percentiles(runs->plugin_ns_per_node).p50 / 1e3;
  result.memory = executor->memory();
  result.power_w = mean_power(power_before, power_after);
  if (result.power_w)
    result.energy_per_inference_j = *result.power_w * result.median_latency_ms / 1e3;
  if (options.profile_runs > 0) {
    auto node_us = profile_nodes(device, *executor, graph.nodes.size(), options);
    if (!node_us.ok()) return node_us.status();
    rank_node_times(graph, *node_us, options.top, result);
  }
  return result;
}

}  // namespace hwcert::model
