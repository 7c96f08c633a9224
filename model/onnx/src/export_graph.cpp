// The export driver (onnx_export.hpp): graph inputs, weights, outputs, and every node through
// its op's export (export_elementwise.cpp, export_nn.cpp); the emitter those use.
#include <fmt/format.h>

#include "export_ops.hpp"
#include "hwcert/model/onnx/onnx_export.hpp"
#include "hwcert/model/tensor_values.hpp"

namespace hwcert::model::onnx {

const std::string& OnnxEmitter::in(std::size_t i) const {
  return graph_.tensors.at(node_.inputs.at(i)).name;
}

const std::string& OnnxEmitter::out(std::size_t i) const {
  return graph_.tensors.at(node_.outputs.at(i)).name;
}

std::string OnnxEmitter::fresh(const std::string& what) {
  return fmt::format("{}/{}_{}", node_.node->name, what,
                     out_.nodes.size() + out_.initializers.size());
}

std::string OnnxEmitter::ints(const std::string& what, const std::vector<int64_t>& values) {
  OnnxTensor t{fresh(what), DType::kI64, "INT64", {static_cast<int64_t>(values.size())}, {}};
  const auto* bytes = reinterpret_cast<const std::byte*>(values.data());
  t.data.assign(bytes, bytes + values.size() * sizeof(int64_t));
  out_.initializers.push_back(std::move(t));
  return out_.initializers.back().name;
}

std::string OnnxEmitter::floats(const std::string& what, DType dtype,
                                const std::vector<double>& values, std::vector<int64_t> shape) {
  out_.initializers.push_back({fresh(what), dtype, std::string(dtype_name(dtype)), std::move(shape),
                               encode_image(dtype, values)});
  return out_.initializers.back().name;
}

void OnnxEmitter::node(const std::string& op_type, std::vector<std::string> inputs,
                       std::vector<std::string> outputs, std::vector<OnnxAttribute> attributes) {
  OnnxNode n;
  n.name =
      parts_ == 0 ? node_.node->name : fmt::format("{}/{}{}", node_.node->name, op_type, parts_);
  ++parts_;
  n.op_type = op_type;
  n.inputs = std::move(inputs);
  n.outputs = std::move(outputs);
  n.attributes = std::move(attributes);
  out_.nodes.push_back(std::move(n));
}

namespace {

const AttributeValue* find_value(const OpCall& call, std::string_view name) {
  const Attribute* a = call.find_attribute(name);
  return a == nullptr ? nullptr : &a->value;
}

template <class T>
T value_or(const OpCall& call, std::string_view name, T fallback) {
  const AttributeValue* v = find_value(call, name);
  if (v == nullptr || !std::holds_alternative<T>(*v)) return fallback;
  return std::get<T>(*v);
}

OnnxValueInfo value_info(const BoundTensor& t) {
  OnnxValueInfo v{t.name, t.spec.dtype, std::string(dtype_name(t.spec.dtype)), {}, true};
  for (std::size_t i = 0; i < t.spec.shape.size(); ++i) {
    const bool batch = t.decl != nullptr && t.decl->shape.at(i).batch;
    v.shape.push_back(batch ? OnnxDim{-1, "batch"} : OnnxDim{t.spec.shape[i], ""});
  }
  return v;
}

// A weight's image in the dtype the node computes with: float weights of another float dtype
// (the decoders' bf16 norm weights in an f32 graph) are converted, exactly when wider.
OnnxTensor weight_tensor(const BoundTensor& t, const std::vector<std::byte>& image, DType compute) {
  OnnxTensor out{t.name, t.spec.dtype, std::string(dtype_name(t.spec.dtype)), t.spec.shape, image};
  if (is_floating(t.spec.dtype) && t.spec.dtype != compute) {
    out.dtype = compute;
    out.onnx_type = std::string(dtype_name(compute));
    out.data = encode_image(compute, decode_image(t.spec.dtype, image));
  }
  return out;
}

void export_node(const BoundGraph& graph, const BoundNode& node, ExportResult& result) {
  const ExportFn fn = find_export(node.call.op_name());
  if (fn == nullptr) {
    result.refusals.push_back({node.node->name, node.call.op_name(), "no ONNX form"});
    return;
  }
  OnnxEmitter emitter(result.onnx, graph, node);
  try {
    fn(emitter);
  } catch (const NotExportable& e) {
    result.refusals.push_back({node.node->name, node.call.op_name(), e.what()});
  }
}

}  // namespace

int64_t call_int(const OpCall& call, std::string_view name, int64_t fallback) {
  return value_or<int64_t>(call, name, fallback);
}
double call_float(const OpCall& call, std::string_view name, double fallback) {
  return value_or<double>(call, name, fallback);
}
std::string call_string(const OpCall& call, std::string_view name, std::string fallback) {
  return value_or<std::string>(call, name, std::move(fallback));
}
std::vector<int64_t> call_ints(const OpCall& call, std::string_view name,
                               std::vector<int64_t> fallback) {
  return value_or<std::vector<int64_t>>(call, name, std::move(fallback));
}

namespace {
OnnxAttribute named_attribute(std::string name, OnnxAttribute::Kind kind) {
  OnnxAttribute a;
  a.name = std::move(name);
  a.kind = kind;
  return a;
}
}  // namespace

OnnxAttribute onnx_int_attr(std::string name, int64_t v) {
  OnnxAttribute a = named_attribute(std::move(name), OnnxAttribute::Kind::kInt);
  a.i = v;
  return a;
}
OnnxAttribute onnx_float_attr(std::string name, double v) {
  OnnxAttribute a = named_attribute(std::move(name), OnnxAttribute::Kind::kFloat);
  a.f = v;
  return a;
}
OnnxAttribute onnx_ints_attr(std::string name, std::vector<int64_t> v) {
  OnnxAttribute a = named_attribute(std::move(name), OnnxAttribute::Kind::kInts);
  a.ints = std::move(v);
  return a;
}
OnnxAttribute onnx_string_attr(std::string name, std::string v) {
  OnnxAttribute a = named_attribute(std::move(name), OnnxAttribute::Kind::kString);
  a.s = std::move(v);
  return a;
}

ExportFn find_export(const std::string& op) {
  static const std::map<std::string, ExportFn> kTable = [] {
    std::map<std::string, ExportFn> table;
    add_elementwise_exports(table);
    add_nn_exports(table);
    return table;
  }();
  auto it = kTable.find(op);
  return it == kTable.end() ? nullptr : it->second;
}

ExportResult export_onnx(const BoundGraph& graph,
                         const std::vector<std::vector<std::byte>>& sources) {
  ExportResult result;
  result.onnx.name = graph.graph->name;
  result.onnx.opset = kExportOpset;
  for (std::size_t i = 0; i < graph.tensors.size(); ++i) {
    const BoundTensor& t = graph.tensors[i];
    if (t.role == TensorRole::kInput) result.onnx.inputs.push_back(value_info(t));
    if (t.role == TensorRole::kWeight) {
      result.onnx.initializers.push_back(weight_tensor(t, sources.at(i), graph.dtype));
    }
  }
  for (int index : graph.outputs) {
    OnnxValueInfo v = value_info(graph.tensors.at(index));
    v.has_shape = false;  // the batch may be anywhere in an output's shape
    v.shape.clear();
    result.onnx.outputs.push_back(std::move(v));
  }
  for (const BoundNode& node : graph.nodes) export_node(graph, node, result);
  return result;
}

}  // namespace hwcert::model::onnx
