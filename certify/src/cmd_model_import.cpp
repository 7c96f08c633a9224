// `hwcert model import FILE.onnx -o GRAPH.toml`: an ONNX model lowered to hwcert's graph
// format (docs/models.md, "Importing ONNX"), its weights in a .safetensors file beside it.
#include <fmt/format.h>

#include <iostream>

#include "commands.hpp"
#include "exit_codes.hpp"
#include "hwcert/model/bound_graph.hpp"
#include "hwcert/model/onnx/onnx_import.hpp"
#include "hwcert/support/error.hpp"

namespace hwcert::cli {
namespace {

struct ImportOptions {
  std::string input;
  std::string output;
  std::string name;  // default: the output file's stem
};

void print_refusals(const std::string& file, const std::vector<model::onnx::Refusal>& refusals) {
  std::cerr << fmt::format("{}: {} node{} cannot be lowered to hwcert's graph:\n", file,
                           refusals.size(), refusals.size() == 1 ? "" : "s");
  for (const model::onnx::Refusal& r : refusals) {
    std::cerr << fmt::format("  {} ({}): {}\n", r.node, r.op_type, r.reason);
  }
}

int run_import(const ImportOptions& options) {
  auto onnx = model::onnx::read_onnx_model(options.input);
  if (!onnx.ok()) {
    print_error(onnx.status().message());
    return kExitUsage;
  }
  const std::filesystem::path out = options.output;
  const std::string name = options.name.empty() ? out.stem().string() : options.name;
  const model::onnx::ImportResult result =
      model::onnx::lower_onnx(*onnx, name, model::onnx::weights_file_for(out));
  if (!result.ok()) {
    print_refusals(options.input, result.refusals);
    return kExitUsage;
  }
  auto bound = model::bind_graph(result.graph, result.graph.default_batch, DType::kF32);
  if (auto* errors = std::get_if<std::vector<support::Diagnostic>>(&bound)) {
    for (const support::Diagnostic& d : *errors) print_error("lowered graph: " + d.to_string());
    return kExitInternal;
  }
  try {
    model::onnx::write_import(result, out);
  } catch (const support::Error& e) {
    print_error(e.diagnostic().to_string());
    return kExitInternal;
  }
  const model::onnx::ImportStats& s = result.stats;
  std::cout << fmt::format(
      "{}: {} ONNX nodes -> {} nodes ({} evaluated at import, {} batch norms folded into convs), "
      "{} weights -> {}\n",
      options.input, s.onnx_nodes, s.emitted_nodes, s.folded_nodes, s.folded_batch_norms,
      result.weights.size(), out.string());
  return kExitOk;
}

}  // namespace

void register_model_import(CLI::App* model, Context& context) {
  auto [command, options] = add_command<ImportOptions>(
      *model, context, "import",
      "Lower an ONNX model to hwcert's graph format (weights in a .safetensors beside it); "
      "exit 2 listing every node that cannot be lowered",
      run_import);
  command->add_option("onnx", options->input, "The ONNX model (.onnx)")->required();
  command->add_option("-o,--output", options->output, "The graph file to write (.toml)")
      ->required();
  command->add_option("--name", options->name, "The graph's name (default: the output's stem)");
}

}  // namespace hwcert::cli
