#include "model_args.hpp"

#include <fmt/format.h>

#include <iostream>

#include "device_options.hpp"

#include "hwcert/model/parse_graph.hpp"
#include "hwcert/model/zoo.hpp"

namespace hwcert::cli {
namespace {

void print_diagnostics(const std::vector<support::Diagnostic>& errors) {
  for (const support::Diagnostic& d : errors) std::cerr << d.to_string() << "\n";
}

}  // namespace

void add_model_selection_options(CLI::App& command, ModelSelection& selection) {
  add_required_device_options(command, selection.plugin, selection.device);
  command.add_option("--model", selection.model, "Zoo model name or graph file (.toml)")
      ->required();
  command.add_option("--dtype", selection.dtype, "Compute dtype: f32, f16 or bf16 (default f32)");
  command.add_option("--seed", selection.seed, "Seed of the inputs and weights (default 1)");
}

std::optional<model::Graph> read_model(const Context& context, const std::string& model) {
  const auto file = model::resolve_model(model, context.executable);
  if (!file) {
    print_error(
        fmt::format("no model '{}' in the zoo and no such file (hwcert model list)", model));
    return std::nullopt;
  }
  model::ParseOutcome parsed = model::read_graph_file(*file);
  if (!parsed.graph) print_diagnostics(parsed.errors);
  return std::move(parsed.graph);
}

std::optional<DType> model_dtype(const std::string& text) {
  const std::optional<DType> dtype = parse_dtype(text);
  if (!dtype || (*dtype != DType::kF32 && *dtype != DType::kF16 && *dtype != DType::kBF16)) {
    print_error(fmt::format("--dtype must be f32, f16 or bf16, not '{}'", text));
    return std::nullopt;
  }
  return dtype;
}

std::optional<model::BoundGraph> bind_model(const model::Graph& graph, int64_t batch, DType dtype) {
  auto bound = model::bind_graph(graph, batch > 0 ? batch : graph.default_batch, dtype);
  if (auto* errors = std::get_if<std::vector<support::Diagnostic>>(&bound)) {
    print_diagnostics(*errors);
    return std::nullopt;
  }
  return std::move(std::get<model::BoundGraph>(bound));
}

}  // namespace hwcert::cli
