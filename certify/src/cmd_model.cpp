// `hwcert model check|list`: whole graphs (docs/models.md) through a plugin, judged against
// a float64 chain of the conformance oracle; the plugin runs in a child process.
#include <fmt/format.h>

#include <iostream>
#include <memory>

#include "commands.hpp"
#include "contained_run.hpp"
#include "hwcert/model/bound_graph.hpp"
#include "hwcert/model/model_check.hpp"
#include "hwcert/model/parse_graph.hpp"
#include "hwcert/model/zoo.hpp"
#include "model_args.hpp"

namespace hwcert::cli {
namespace {

struct ModelCheckOptions {
  ModelSelection selection;
  int64_t batch = 0;  // 0: the graph's default
  bool json = false;
  std::vector<std::string> dump;  // NODE_RANGE DIR
  int timeout_s = 600;
};

int run_check_in_child(const Context& context, const ModelCheckOptions& options,
                       const model::BoundGraph& bound, const model::CheckOptions& check) {
  const std::optional<Device> device =
      open_device_or_report(context, options.selection.plugin, options.selection.device);
  if (!device) return kExitPluginLoad;
  auto result = model::check_model(*device, bound, check);
  if (!result.ok()) {
    print_error(fmt::format("model {}: {}", bound.graph->name, result.status().message()));
    return kExitFailures;
  }
  if (options.json) {
    std::cout << model::to_json(bound, *result).dump(2) << "\n";
  } else {
    std::cout << model::to_text(bound, *result);
  }
  return result->accuracy.passed() ? kExitOk : kExitFailures;
}

int run_model_check(const Context& context, const ModelCheckOptions& options) {
  const std::optional<model::Graph> parsed = read_model(context, options.selection.model);
  if (!parsed) return kExitUsage;
  const std::optional<DType> dtype = model_dtype(options.selection.dtype);
  if (!dtype) return kExitUsage;
  const std::optional<model::BoundGraph> bound = bind_model(*parsed, options.batch, *dtype);
  if (!bound) return kExitUsage;
  const model::BoundGraph& graph = *bound;
  model::CheckOptions check;
  check.seed = options.selection.seed;
  if (!options.dump.empty()) {
    auto range = model::parse_node_range(options.dump[0], graph);
    if (!range.ok()) {
      print_error(range.status().message());
      return kExitUsage;
    }
    check.dump_range = *range;
    check.dump_dir = options.dump[1];
  }
  return run_contained("model check", std::chrono::seconds(options.timeout_s),
                       [&] { return run_check_in_child(context, options, graph, check); });
}

int run_model_list(const Context& context, bool json) {
  nlohmann::json list = nlohmann::json::array();
  for (const model::ZooEntry& entry : model::zoo_models(context.executable)) {
    model::ParseOutcome parsed = model::read_graph_file(entry.file);
    const std::string description = parsed.graph ? parsed.graph->description : "(does not parse)";
    if (json) {
      list.push_back(
          {{"name", entry.name}, {"file", entry.file.string()}, {"description", description}});
    } else {
      std::cout << fmt::format("{:<24} {}\n", entry.name, description);
    }
  }
  if (json) std::cout << list.dump(2) << "\n";
  return kExitOk;
}

void register_check(CLI::App* model, Context& context) {
  auto [command, options] = add_command<ModelCheckOptions>(
      *model, context, "check",
      "Run a graph through a plugin and judge it against a float64 chain of the oracle",
      run_model_check);
  add_model_selection_options(*command, options->selection);
  command->add_option("--batch", options->batch, "Batch size (default: the graph's)")
      ->check(CLI::PositiveNumber);
  command->add_flag("--json", options->json, "Print the result as JSON");
  command
      ->add_option("--dump", options->dump,
                   "NODE_RANGE DIR: write those nodes' inputs and outputs (device, chain, "
                   "oracle) as .npy; NODE_RANGE is 3, 2-5, NAME, NAME:NAME or all")
      ->expected(2);
  command->add_option("--timeout", options->timeout_s, "Seconds the plugin may run (default 600)");
}

}  // namespace

void register_model_import(CLI::App* model, Context& context);  // cmd_model_import.cpp
void register_model_export(CLI::App* model, Context& context);  // cmd_model_export.cpp

void register_model(CLI::App& app, Context& context) {
  CLI::App* model = app.add_subcommand(
      "model", "Whole graphs through a plugin (model zoo, accuracy, ONNX import and export)");
  model->require_subcommand(1);
  register_check(model, context);
  register_model_import(model, context);
  register_model_export(model, context);
  register_model_run(model, context);
  auto [list, json] =
      add_command<bool>(*model, context, "list", "The models of the zoo", run_model_list);
  list->add_flag("--json", *json, "Print the list as JSON");
}

}  // namespace hwcert::cli
