// A graph with its batch and compute dtype bound: every tensor has a concrete TensorSpec and
// every node a validated OpCall (the catalogue's shape inference and dtype rules), with the
// liveness the memory plan needs.
#pragma once

#include <cstdint>
#include <string>
#include <variant>
#include <vector>

#include "hwcert/loader/op_call.hpp"
#include "hwcert/model/graph.hpp"
#include "hwcert/support/error.hpp"

namespace hwcert::model {

enum class TensorRole { kInput, kWeight, kIntermediate };

struct BoundTensor {
  std::string name;
  TensorSpec spec;  // dense
  TensorRole role = TensorRole::kIntermediate;
  const TensorDecl* decl = nullptr;  // inputs and weights
  int producer = -1;                 // node index; -1 for inputs and weights
  int last_use = -1;                 // last node reading it; the node count for graph outputs
  bool graph_output = false;
};

struct BoundNode {
  const Node* node = nullptr;
  OpCall call;
  std::vector<int> inputs;   // tensor indices
  std::vector<int> outputs;  // tensor indices
};

struct BoundGraph {
  const Graph* graph = nullptr;
  int64_t batch = 1;
  DType dtype = DType::kF32;
  std::vector<BoundTensor> tensors;
  std::vector<BoundNode> nodes;
  std::vector<int> outputs;     // tensor indices of the graph outputs
  uint32_t required_opset = 1;  // the newest opset among the nodes' ops
  int find_tensor(std::string_view name) const;
};

// Binds `graph` (which must come from parse_graph). Errors at the node or tensor concerned.
std::variant<BoundGraph, std::vector<support::Diagnostic>> bind_graph(const Graph& graph,
                                                                      int64_t batch, DType dtype);

}  // namespace hwcert::model
