#include <fmt/format.h>

#include <algorithm>

#include "hwcert/catalogue/op_schema.hpp"
#include "hwcert/catalogue/shape_inference.hpp"
#include "hwcert/model/bound_graph.hpp"

namespace hwcert::model {
namespace {

using Diagnostics = std::vector<support::Diagnostic>;

TensorSpec declared_spec(const TensorDecl& decl, int64_t batch, DType dtype) {
  std::vector<int64_t> shape;
  for (const Dim& d : decl.shape) shape.push_back(d.batch ? batch : d.extent);
  return TensorSpec::dense(decl.dtype.value_or(dtype), std::move(shape));
}

class Binder {
 public:
  Binder(const Graph& graph, int64_t batch, DType dtype) {
    bound_.graph = &graph;
    bound_.batch = batch;
    bound_.dtype = dtype;
  }

  std::variant<BoundGraph, Diagnostics> run() {
    const Graph& graph = *bound_.graph;
    for (const TensorDecl& t : graph.inputs) declare(t, TensorRole::kInput);
    for (const TensorDecl& t : graph.initializers) declare(t, TensorRole::kWeight);
    for (const Node& node : graph.nodes) {
      if (!bind_node(node)) return std::move(errors_);
    }
    const int end = static_cast<int>(bound_.nodes.size());
    for (const NamedRef& out : graph.outputs) {
      const int t = bound_.find_tensor(out.name);
      bound_.tensors[static_cast<std::size_t>(t)].graph_output = true;
      bound_.tensors[static_cast<std::size_t>(t)].last_use = end;
      bound_.outputs.push_back(t);
    }
    return std::move(bound_);
  }

 private:
  void declare(const TensorDecl& decl, TensorRole role) {
    BoundTensor t;
    t.name = decl.name;
    t.spec = declared_spec(decl, bound_.batch, bound_.dtype);
    t.role = role;
    t.decl = &decl;
    bound_.tensors.push_back(std::move(t));
  }

  bool bind_node(const Node& node) {
    const int index = static_cast<int>(bound_.nodes.size());
    BoundNode bn;
    bn.node = &node;
    std::vector<TensorSpec> inputs;
    for (const NamedRef& in : node.inputs) {
      const int t = bound_.find_tensor(in.name);
      bn.inputs.push_back(t);
      inputs.push_back(bound_.tensors[static_cast<std::size_t>(t)].spec);
    }
    const OpCall probe(node.op, inputs, {}, node.attributes);
    auto outputs = catalogue::infer_outputs(probe);
    if (!outputs.ok()) return fail(node, outputs.status().message());
    if (outputs->size() != node.outputs.size()) {
      return fail(
          node, fmt::format("{} writes {} output{} here, the node names {}", node.op,
                            outputs->size(), outputs->size() == 1 ? "" : "s", node.outputs.size()));
    }
    bn.call = OpCall(node.op, inputs, *outputs, node.attributes, catalogue::op_opset(node.op));
    if (Status s = catalogue::validate_op_call(bn.call); !s.ok()) return fail(node, s.message());
    for (std::size_t i = 0; i < node.outputs.size(); ++i) {
      BoundTensor t;
      t.name = node.outputs[i].name;
      t.spec = (*outputs)[i];
      t.producer = index;
      bn.outputs.push_back(static_cast<int>(bound_.tensors.size()));
      bound_.tensors.push_back(std::move(t));
    }
    for (int t : bn.inputs) {
      auto& last = bound_.tensors[static_cast<std::size_t>(t)].last_use;
      last = std::max(last, index);
    }
    bound_.required_opset = std::max(bound_.required_opset, bn.call.opset());
    bound_.nodes.push_back(std::move(bn));
    return true;
  }

  bool fail(const Node& node, const std::string& message) {
    errors_.push_back(
        {node.where, fmt::format("node '{}' ({}) at batch {}, {}: {}", node.name, node.op,
                                 bound_.batch, dtype_name(bound_.dtype), message)});
    return false;
  }

  BoundGraph bound_;
  Diagnostics errors_;
};

}  // namespace

int BoundGraph::find_tensor(std::string_view name) const {
  for (std::size_t i = 0; i < tensors.size(); ++i) {
    if (tensors[i].name == name) return static_cast<int>(i);
  }
  return -1;
}

std::variant<BoundGraph, Diagnostics> bind_graph(const Graph& graph, int64_t batch, DType dtype) {
  return Binder(graph, batch, dtype).run();
}

}  // namespace hwcert::model
