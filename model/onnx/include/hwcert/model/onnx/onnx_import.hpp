// Lowering an ONNX graph to hwcert's graph (docs/models.md, "Importing ONNX"): every ONNX node
// becomes catalogue nodes; nodes whose inputs are all known at import time are evaluated
// then (constant folding, with the conformance oracle); a BatchNormalization right after a
// Conv is folded into the Conv's weights and bias; Gemm becomes matmul (+ scaled bias).
// What cannot be lowered is listed node by node, with the reason.
#pragma once

#include <cstddef>
#include <filesystem>
#include <string>
#include <vector>

#include "hwcert/model/graph.hpp"
#include "hwcert/model/onnx/onnx_graph.hpp"

namespace hwcert::model::onnx {

// A node the importer cannot lower.
struct Refusal {
  std::string node;     // the ONNX node's name ("#index (writing 'output')" when it has none)
  std::string op_type;  // the ONNX op type (with its domain when not the default one)
  std::string reason;
};

// A weight of the imported graph: a constant the graph's nodes read.
struct Weight {
  std::string name;
  DType dtype = DType::kF32;
  std::vector<int64_t> shape;
  std::vector<std::byte> data;  // dense little-endian image
};

struct ImportStats {
  int onnx_nodes = 0;
  int folded_nodes = 0;        // catalogue nodes evaluated at import time
  int folded_batch_norms = 0;  // BatchNormalization folded into the Conv before it
  int emitted_nodes = 0;
};

struct ImportResult {
  Graph graph;  // initializers read tensor `name` of `weights_file` (relative to the graph)
  std::vector<Weight> weights;
  std::vector<Refusal> refusals;  // empty when the whole graph was lowered
  ImportStats stats;
  bool ok() const { return refusals.empty(); }
};

// Lowers `onnx`. `weights_file` is the safetensors file name the graph's initializers name
// (written by write_import beside the graph file).
ImportResult lower_onnx(const OnnxGraph& onnx, const std::string& graph_name,
                        const std::filesystem::path& weights_file);

// Writes `result` as `graph_file` (TOML) and its weights as the .safetensors file the graph
// names, in the graph file's folder; each file is replaced atomically (weights first, so a
// graph file never names weights that are not there). support::Error on failure.
void write_import(const ImportResult& result, const std::filesystem::path& graph_file);

// The weights file name for `graph_file`: its stem with ".safetensors".
std::filesystem::path weights_file_for(const std::filesystem::path& graph_file);

}  // namespace hwcert::model::onnx
