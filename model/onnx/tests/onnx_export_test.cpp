// Export, then import: each small zoo model written as ONNX (hwcert model export's path),
// read back and lowered by the importer computes the same outputs in the float64 chain from
// the same inputs and weights, within a few f32 roundings (1e-6 relative: the export writes
// its constants, such as gelu's sqrt(2) and the epsilons, in the model's f32, and the
// importer's batch-norm folding rounds the folded weights to f32; a wrong mapping is off by
// orders more); where every op has an ONNX op of its own, the same nodes come back. A node
// with no ONNX form is named.
#include <gtest/gtest.h>

#include <cmath>
#include <filesystem>

#include "hwcert/model/float64_chain.hpp"
#include "hwcert/model/onnx/onnx_export.hpp"
#include "hwcert/model/parse_graph.hpp"
#include "hwcert/model/tensor_values.hpp"

namespace hwcert::model::onnx {
namespace {

BoundGraph bind_f32(const Graph& graph) {
  auto bound = bind_graph(graph, 1, DType::kF32);
  if (auto* errors = std::get_if<std::vector<support::Diagnostic>>(&bound)) {
    throw std::runtime_error(errors->front().to_string());
  }
  return std::move(std::get<BoundGraph>(bound));
}

// The imported graph's input and weight images: inputs as the original's, weights as imported.
std::vector<std::vector<std::byte>> imported_sources(
    const BoundGraph& imported, const ImportResult& result, const BoundGraph& original,
    const std::vector<std::vector<std::byte>>& original_sources) {
  std::vector<std::vector<std::byte>> sources(imported.tensors.size());
  for (std::size_t i = 0; i < imported.tensors.size(); ++i) {
    const BoundTensor& t = imported.tensors[i];
    if (t.role == TensorRole::kInput) {
      sources[i] = original_sources.at(original.find_tensor(t.name));
    }
    for (const Weight& w : result.weights) {
      if (t.role == TensorRole::kWeight && w.name == t.name) sources[i] = w.data;
    }
  }
  return sources;
}

double max_relative_difference(const std::vector<double>& a, const std::vector<double>& b) {
  double diff = 0, scale = 0;
  for (std::size_t i = 0; i < a.size(); ++i) {
    diff = std::max(diff, std::abs(a[i] - b[i]));
    scale = std::max(scale, std::abs(b[i]));
  }
  return scale > 0 ? diff / scale : diff;
}

std::vector<std::string> op_sequence(const BoundGraph& g) {
  std::vector<std::string> ops;
  for (const BoundNode& n : g.nodes) ops.push_back(n.call.op_name());
  return ops;
}

class ExportRoundTrip : public ::testing::TestWithParam<std::string> {};

TEST_P(ExportRoundTrip, ImportedGraphComputesTheSameOutputs) {
  const std::string name = GetParam();
  ParseOutcome parsed = read_graph_file(std::string(ZOO_DIR) + "/" + name + ".toml");
  ASSERT_TRUE(parsed.graph.has_value());
  const BoundGraph original = bind_f32(*parsed.graph);
  auto sources = make_source_images(original, 1);
  ASSERT_TRUE(sources.ok()) << sources.status().message();
  const ExportResult exported = export_onnx(original, *sources);
  ASSERT_TRUE(exported.ok()) << exported.refusals.front().node << ": "
                             << exported.refusals.front().reason;
  const auto file = std::filesystem::path(::testing::TempDir()) / (name + ".onnx");
  ASSERT_TRUE(write_onnx_model(exported.onnx, file).ok());
  auto read = read_onnx_model(file);
  ASSERT_TRUE(read.ok()) << read.status().message();
  EXPECT_EQ(read->opset, kExportOpset);
  const ImportResult imported = lower_onnx(*read, name, "weights.safetensors");
  ASSERT_TRUE(imported.ok()) << imported.refusals.front().node << ": "
                             << imported.refusals.front().reason;
  const BoundGraph rebound = bind_f32(imported.graph);
  if (name == "mlp_small" || name == "cnn_small") {
    EXPECT_EQ(op_sequence(rebound), op_sequence(original));
  }
  auto chain = run_float64_chain(original, *sources);
  auto chain_back =
      run_float64_chain(rebound, imported_sources(rebound, imported, original, *sources));
  ASSERT_TRUE(chain.ok() && chain_back.ok());
  ASSERT_EQ(rebound.outputs.size(), original.outputs.size());
  for (int index : original.outputs) {
    const std::string& output = original.tensors[index].name;
    const int back = rebound.find_tensor(output);
    ASSERT_GE(back, 0) << output;
    EXPECT_LT(max_relative_difference((*chain_back)[back], (*chain)[index]), 1e-6) << output;
  }
}

INSTANTIATE_TEST_SUITE_P(SmallZoo, ExportRoundTrip,
                         ::testing::Values("mlp_small", "cnn_small", "transformer_small",
                                           "resnet50_small", "mobilenet_v2_small", "yolov5s_small",
                                           "bert_small", "llama_small_prefill",
                                           "llama_small_decode"));

TEST(Export, NodeWithoutOnnxFormIsNamed) {
  const char* text = R"(
name = "tanh_gelu"
outputs = ["y"]
[[input]]
name = "x"
shape = ["batch", 4]
[[node]]
name = "approx"
op = "gelu"
inputs = ["x"]
outputs = ["y"]
attributes = { approximate = "tanh" }
)";
  ParseOutcome parsed = parse_graph(text, "tanh_gelu.toml", ".");
  ASSERT_TRUE(parsed.graph.has_value());
  const BoundGraph bound = bind_f32(*parsed.graph);
  auto sources = make_source_images(bound, 1);
  ASSERT_TRUE(sources.ok());
  const ExportResult exported = export_onnx(bound, *sources);
  ASSERT_EQ(exported.refusals.size(), 1u);
  EXPECT_EQ(exported.refusals[0].node, "approx");
  EXPECT_EQ(exported.refusals[0].op_type, "gelu");
  EXPECT_NE(exported.refusals[0].reason.find("tanh"), std::string::npos);
}

}  // namespace
}  // namespace hwcert::model::onnx
