// `hwcert model export --model M -o M.onnx`: a graph of the zoo (or a graph file) as an ONNX
// model with the weights drawn for a seed, for running the same network elsewhere
// (docs/peers.md); optionally its inputs and the float64 chain's outputs as .npy files.
#include <fmt/format.h>

#include <iostream>

#include "commands.hpp"
#include "exit_codes.hpp"
#include "hwcert/model/float64_chain.hpp"
#include "hwcert/model/onnx/onnx_export.hpp"
#include "hwcert/model/tensor_values.hpp"
#include "hwcert/runner/npy.hpp"
#include "model_args.hpp"

namespace hwcert::cli {
namespace {

struct ExportOptions {
  std::string model;
  std::string output;
  int64_t batch = 1;
  uint64_t seed = 1;
  std::string data_dir;
  bool reference_outputs = false;
};

Status write_array(const std::filesystem::path& file, DType dtype,
                   const std::vector<std::byte>& image, const std::vector<int64_t>& shape) {
  return runner::write_npy(file, runner::NpyArray{runner::npy_descr(dtype), shape, image});
}

// DIR/input.<name>.npy for every graph input; with the chain, DIR/reference.<name>.npy (f64)
// for every graph output.
Status write_data(const model::BoundGraph& graph,
                  const std::vector<std::vector<std::byte>>& sources,
                  const ExportOptions& options) {
  const std::filesystem::path dir = options.data_dir;
  std::filesystem::create_directories(dir);
  for (std::size_t i = 0; i < graph.tensors.size(); ++i) {
    const model::BoundTensor& t = graph.tensors[i];
    if (t.role != model::TensorRole::kInput) continue;
    Status s = write_array(dir / fmt::format("input.{}.npy", t.name), t.spec.dtype, sources[i],
                           t.spec.shape);
    if (!s.ok()) return s;
  }
  if (!options.reference_outputs) return Status();
  auto chain = model::run_float64_chain(graph, sources);
  if (!chain.ok()) return chain.status();
  for (int index : graph.outputs) {
    const model::BoundTensor& t = graph.tensors.at(index);
    Status s = write_array(dir / fmt::format("reference.{}.npy", t.name), DType::kF64,
                           model::encode_image(DType::kF64, (*chain)[index]), t.spec.shape);
    if (!s.ok()) return s;
  }
  return Status();
}

int run_export(Context& context, ExportOptions& options) {
  const auto graph = read_model(context, options.model);
  if (!graph) return kExitUsage;
  const auto bound = bind_model(*graph, options.batch, DType::kF32);
  if (!bound) return kExitUsage;
  auto sources = model::make_source_images(*bound, options.seed);
  if (!sources.ok()) {
    print_error(sources.status().message());
    return kExitUsage;
  }
  const model::onnx::ExportResult result = model::onnx::export_onnx(*bound, *sources);
  for (const model::onnx::Refusal& r : result.refusals) {
    print_error(fmt::format("node '{}' ({}): {}", r.node, r.op_type, r.reason));
  }
  if (!result.ok()) return kExitUsage;
  Status written = model::onnx::write_onnx_model(result.onnx, options.output);
  if (written.ok() && !options.data_dir.empty()) written = write_data(*bound, *sources, options);
  if (!written.ok()) {
    print_error(written.message());
    return written.code() == StatusCode::kUnimplemented ? kExitUsage : kExitInternal;
  }
  std::cout << fmt::format("{}: {} nodes -> {} ONNX nodes, {} initializers -> {}\n", graph->name,
                           bound->nodes.size(), result.onnx.nodes.size(),
                           result.onnx.initializers.size(), options.output);
  return kExitOk;
}

}  // namespace

void register_model_export(CLI::App* model, Context& context) {
  auto [command, options] = add_command<ExportOptions>(
      *model, context, "export",
      "Write a model as ONNX (opset 17) with its weights drawn for a seed; exit 2 naming every "
      "node that has no ONNX form",
      run_export);
  command->add_option("--model", options->model, "Zoo model name or graph file (.toml)")
      ->required();
  command->add_option("-o,--output", options->output, "The ONNX file to write")->required();
  command->add_option("--batch", options->batch,
                      "Batch of the shapes the export checks and of --data's inputs (default 1)");
  command->add_option("--seed", options->seed, "Seed of the weights and inputs (default 1)");
  command->add_option("--data", options->data_dir, "Also write the inputs to DIR/input.<name>.npy");
  command->add_flag("--reference-outputs", options->reference_outputs,
                    "With --data: also the float64 chain's outputs, DIR/reference.<name>.npy");
}

}  // namespace hwcert::cli
