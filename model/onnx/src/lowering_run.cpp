// One import from start to end: graph inputs and initializers, every node in file order
// (ONNX requires a topological order), graph outputs, then the weights the nodes read.
#include <fmt/format.h>

#include <algorithm>
#include <cctype>

#include "lowering.hpp"

namespace hwcert::model::onnx {
namespace {

std::string lower_case(std::string s) {
  std::transform(s.begin(), s.end(), s.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return s;
}

std::vector<Dim> declared_shape(const std::vector<int64_t>& shape) {
  std::vector<Dim> out;
  for (int64_t e : shape) out.push_back({e, false});
  return out;
}

}  // namespace

void Lowering::declare_inputs() {
  for (const OnnxTensor& t : onnx_.initializers) {
    if (t.dtype == DType::kInvalid) {  // refused where a node reads it
      untyped_[t.name] = t.onnx_type;
      continue;
    }
    set_constant(t.name, TensorSpec::dense(t.dtype, t.shape), t.data);
  }
  for (const OnnxValueInfo& v : onnx_.inputs) {
    TensorDecl decl;
    decl.name = v.name;
    std::vector<int64_t> extents;
    std::string problem = v.dtype == DType::kInvalid
                              ? fmt::format("element type {} has no hwcert dtype", v.onnx_type)
                              : (v.has_shape ? "" : "the input has no shape");
    for (std::size_t i = 0; i < v.shape.size() && problem.empty(); ++i) {
      const bool batch = v.shape[i].extent < 0;
      if (batch && i != 0) {
        problem = fmt::format("symbolic extent '{}' at axis {} (only axis 0 may be the batch)",
                              v.shape[i].param, i);
      }
      decl.shape.push_back({batch ? 0 : v.shape[i].extent, batch});
      extents.push_back(batch ? 1 : v.shape[i].extent);
    }
    if (!problem.empty()) {
      result_.refusals.push_back({fmt::format("graph input '{}'", v.name), "input", problem});
      continue;
    }
    if (v.dtype != DType::kF32) decl.dtype = v.dtype;
    names_.insert(v.name);
    tensors_[v.name] = KnownTensor{TensorSpec::dense(v.dtype, extents), std::nullopt};
    result_.graph.inputs.push_back(std::move(decl));
  }
}

void Lowering::refuse(const OnnxNode& node, std::size_t index, const std::string& reason) {
  const bool standard = node.domain.empty() || node.domain == "ai.onnx";
  const std::string unnamed = fmt::format(
      "#{} (writing '{}')", index, node.outputs.empty() ? std::string() : node.outputs[0]);
  result_.refusals.push_back({node.name.empty() ? unnamed : node.name,
                              standard ? node.op_type : node.domain + "." + node.op_type,
                              reason});
}

void Lowering::lower_node(const OnnxNode& node, std::size_t index) {
  node_label_ = node.name.empty() ? fmt::format("{}_{}", lower_case(node.op_type), index)
                                  : node.name;
  const bool standard = node.domain.empty() || node.domain == "ai.onnx";
  const LowerFn lower = standard ? find_lowering(node.op_type) : nullptr;
  if (lower == nullptr) {
    return refuse(node, index,
                  standard ? "no hwcert equivalent"
                           : fmt::format("operator domain '{}' is not supported", node.domain));
  }
  for (const std::string& in : node.inputs) {
    if (auto it = untyped_.find(in); it != untyped_.end()) {
      return refuse(node, index,
                    fmt::format("input '{}' has element type {}, which hwcert has no dtype for",
                                in, it->second));
    }
    if (!in.empty() && find(in) == nullptr) return;  // reads the output of a refused node
  }
  try {
    lower(*this, node);
    for (const std::string& out : node.outputs) {
      if (!out.empty() && find(out) == nullptr) throw Refused("an output was not lowered");
    }
  } catch (const Refused& e) {
    refuse(node, index, e.what());
  } catch (const std::out_of_range&) {
    refuse(node, index, "an input, output or attribute value it needs is missing");
  }
}

void Lowering::finish_outputs() {
  emitting_outputs_ = true;
  for (const OnnxValueInfo& out : onnx_.outputs) {
    const std::string source = resolve(out.name);
    const KnownTensor* t = find(source);
    if (t == nullptr) continue;  // written by a refused node
    if (source == out.name && producers_.count(out.name) != 0) {
      result_.graph.outputs.push_back({out.name, {}});
      continue;
    }
    // An input, a constant or another tensor's alias: a copy node writes the output.
    aliases_.erase(out.name);
    node_label_ = out.name;
    const std::string target = tensors_.count(out.name) != 0 ? fresh(out.name) : out.name;
    emit("copy", {source}, {}, {target});
    result_.graph.outputs.push_back({target, {}});
  }
  emitting_outputs_ = false;
}

void Lowering::collect_weights(const std::filesystem::path& weights_file) {
  std::set<std::string> seen;
  for (const Node& node : result_.graph.nodes) {
    for (const NamedRef& in : node.inputs) {
      const KnownTensor& t = tensors_.at(in.name);
      if (!t.value || !seen.insert(in.name).second) continue;
      TensorDecl decl;
      decl.name = in.name;
      if (t.spec.dtype != DType::kF32) decl.dtype = t.spec.dtype;
      decl.shape = declared_shape(t.spec.shape);
      decl.values.kind = Distribution::Kind::kSafetensors;
      decl.values.file = weights_file;
      decl.values.tensor = in.name;
      result_.graph.initializers.push_back(std::move(decl));
      result_.weights.push_back({in.name, t.spec.dtype, t.spec.shape, *t.value});
    }
  }
}

ImportResult Lowering::run(const std::string& graph_name,
                           const std::filesystem::path& weights_file) {
  result_.graph.name = graph_name;
  result_.graph.description =
      fmt::format("imported from ONNX (graph '{}', opset {})", onnx_.name, onnx_.opset);
  result_.stats.onnx_nodes = static_cast<int>(onnx_.nodes.size());
  for (const OnnxNode& node : onnx_.nodes) {
    for (const std::string& in : node.inputs) ++readers_[in];
    for (const std::string& out : node.outputs) names_.insert(out);
  }
  for (const OnnxValueInfo& out : onnx_.outputs) ++readers_[out.name];
  for (const OnnxTensor& t : onnx_.initializers) names_.insert(t.name);
  declare_inputs();
  for (std::size_t i = 0; i < onnx_.nodes.size(); ++i) lower_node(onnx_.nodes[i], i);
  finish_outputs();
  collect_weights(weights_file);
  return std::move(result_);
}

ImportResult lower_onnx(const OnnxGraph& onnx, const std::string& graph_name,
                        const std::filesystem::path& weights_file) {
  return Lowering(onnx).run(graph_name, weights_file);
}

}  // namespace hwcert::model::onnx
