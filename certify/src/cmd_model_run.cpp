// `hwcert model run`: a graph timed through a plugin at one or more batch sizes
// (model/include/hwcert/model/model_perf.hpp); the plugin runs in a child process.
#include <fmt/format.h>

#include <iostream>

#include "commands.hpp"
#include "contained_run.hpp"
#include "hwcert/model/model_perf.hpp"
#include "hwcert/perfsuite/conditions.hpp"
#include "hwcert/perfsuite/statistics.hpp"
#include "model_args.hpp"

namespace hwcert::cli {
namespace {

struct ModelRunOptions {
  ModelSelection selection;
  std::vector<int64_t> batches;  // empty: the graph's default batch
  double min_time = 1.0;
  int top = 10;
  bool json = false;
  int timeout_s = 1800;
};

int run_in_child(const Context& context, const ModelRunOptions& options, const model::Graph& graph,
                 DType dtype) {
  const std::optional<Device> device =
      open_device_or_report(context, options.selection.plugin, options.selection.device);
  if (!device) return kExitPluginLoad;
  model::ModelPerfOptions options_perf;
  options_perf.seed = options.selection.seed;
  options_perf.min_time_s = options.min_time;
  options_perf.top = static_cast<std::size_t>(options.top);
  options_perf.progress = [](const std::string& line) {
    std::cerr << "model run: " << line << "\n";
  };
  options_perf.percentiles = [](std::span<const double> samples) {
    const perf::Percentiles p = perf::percentiles_of(samples);
    return model::Percentiles{p.p50, p.p90, p.p99};
  };
  options_perf.read_power = [&] { return perf::read_conditions(*device).power_w; };
  std::vector<model::BatchPerf> results;
  const std::vector<int64_t> batches =
      options.batches.empty() ? std::vector<int64_t>{graph.default_batch} : options.batches;
  for (int64_t batch : batches) {
    const std::optional<model::BoundGraph> bound = bind_model(graph, batch, dtype);
    if (!bound) return kExitUsage;
    options_perf.progress(
        fmt::format("{} at batch {}: {} nodes", graph.name, batch, bound->nodes.size()));
    auto result = model::measure_model(*device, *bound, options_perf);
    if (!result.ok()) {
      print_error(
          fmt::format("model {} at batch {}: {}", graph.name, batch, result.status().message()));
      return kExitFailures;
    }
    results.push_back(std::move(*result));
  }
  if (options.json) {
    std::cout << model::perf_to_json(graph.name, options.selection.dtype, results).dump(2) << "\n";
  } else {
    std::cout << model::perf_to_text(graph.name, results);
  }
  return kExitOk;
}

int run_model_run(const Context& context, const ModelRunOptions& options) {
  const std::optional<model::Graph> graph = read_model(context, options.selection.model);
  if (!graph) return kExitUsage;
  const std::optional<DType> dtype = model_dtype(options.selection.dtype);
  if (!dtype) return kExitUsage;
  return run_contained("model run", std::chrono::seconds(options.timeout_s),
                       [&] { return run_in_child(context, options, *graph, *dtype); });
}

}  // namespace

void register_model_run(CLI::App* model, Context& context) {
  auto [command, options] = add_command<ModelRunOptions>(
      *model, context, "run",
      "Time a graph through a plugin: throughput, latency percentiles, top ops, executor "
      "overhead, peak memory, energy",
      run_model_run);
  add_model_selection_options(*command, options->selection);
  command
      ->add_option("--batch", options->batches,
                   "Batch sizes, comma-separated (default: the graph's batch)")
      ->delimiter(',')
      ->check(CLI::PositiveNumber);
  command
      ->add_option("--min-time", options->min_time,
                   "Seconds of timed inferences per batch size (default 1; at least 5 inferences)")
      ->check(CLI::NonNegativeNumber);
  command->add_option("--top", options->top, "Op types listed (default 10)")
      ->check(CLI::PositiveNumber);
  command->add_flag("--json", options->json, "Print the result as JSON instead of text");
  command->add_option("--timeout", options->timeout_s, "Seconds for the whole run (default 1800)");
}

}  // namespace hwcert::cli
