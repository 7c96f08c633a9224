#include "lowering.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <cstring>

#include "hwcert/catalogue/op_schema.hpp"
#include "hwcert/catalogue/shape_inference.hpp"
#include "hwcert/conformance/oracle.hpp"
#include "hwcert/model/tensor_values.hpp"

namespace hwcert::model::onnx {

const KnownTensor* Lowering::find(const std::string& name) const {
  auto it = tensors_.find(resolve(name));
  return it == tensors_.end() ? nullptr : &it->second;
}

std::string Lowering::resolve(const std::string& name) const {
  auto it = aliases_.find(name);
  return it == aliases_.end() ? name : it->second;
}

bool Lowering::has_input(const OnnxNode& node, std::size_t index) const {
  return index < node.inputs.size() && !node.inputs[index].empty();
}

const KnownTensor& Lowering::input(const OnnxNode& node, std::size_t index) const {
  if (!has_input(node, index)) throw Refused(fmt::format("input {} is missing", index));
  const KnownTensor* t = find(node.inputs[index]);
  if (t == nullptr) throw Refused(fmt::format("input '{}' is unknown", node.inputs[index]));
  return *t;
}

std::vector<int64_t> Lowering::constant_ints(const OnnxNode& node, std::size_t index) const {
  const KnownTensor& t = input(node, index);
  if (!t.value) {
    throw Refused(fmt::format("input {} ('{}') must be known at import time (a constant)", index,
                              node.inputs[index]));
  }
  std::vector<int64_t> out;
  const std::size_t n = t.value->size() / std::max<std::size_t>(1, dtype_size(t.spec.dtype));
  if (t.spec.dtype == DType::kI64 || t.spec.dtype == DType::kI32) {
    const std::size_t size = dtype_size(t.spec.dtype);
    for (std::size_t i = 0; i < n; ++i) {
      int64_t v = 0;
      std::memcpy(&v, t.value->data() + i * size, size);
      if (size == 4) v = static_cast<int32_t>(v);
      out.push_back(v);
    }
    return out;
  }
  for (double v : decode_image(t.spec.dtype, *t.value)) out.push_back(static_cast<int64_t>(v));
  return out;
}

std::vector<double> Lowering::constant_doubles(const OnnxNode& node, std::size_t index) const {
  const KnownTensor& t = input(node, index);
  if (!t.value) {
    throw Refused(fmt::format("input {} ('{}') must be known at import time (a constant)", index,
                              node.inputs[index]));
  }
  return decode_image(t.spec.dtype, *t.value);
}

int Lowering::readers(const std::string& name) const {
  auto it = readers_.find(name);
  return it == readers_.end() ? 0 : it->second;
}

std::string Lowering::fresh(const std::string& base) {
  std::string name = base;
  for (int i = 1; names_.count(name) != 0; ++i) name = fmt::format("{}.{}", base, i);
  names_.insert(name);
  return name;
}

void Lowering::set_constant(const std::string& name, TensorSpec spec,
                            std::vector<std::byte> value) {
  names_.insert(name);
  tensors_[name] = KnownTensor{std::move(spec), std::move(value)};
}

std::string Lowering::make_constant(const std::string& base, DType dtype,
                                    std::vector<int64_t> shape, const std::vector<double>& values) {
  const std::string name = fresh(base);
  set_constant(name, TensorSpec::dense(dtype, std::move(shape)), encode_image(dtype, values));
  return name;
}

void Lowering::alias(const std::string& name, const std::string& target) {
  aliases_[name] = resolve(target);
}

Node* Lowering::producer(const std::string& name) {
  auto it = producers_.find(resolve(name));
  return it == producers_.end() ? nullptr : &result_.graph.nodes[it->second];
}

void Lowering::rename_output(const std::string& from, const std::string& to) {
  const std::string source = resolve(from);
  auto it = producers_.find(source);
  if (it == producers_.end()) return;
  Node& node = result_.graph.nodes[it->second];
  for (NamedRef& out : node.outputs) {
    if (out.name == source) out.name = to;
  }
  producers_[to] = it->second;
  tensors_[to] = tensors_[source];
  producers_.erase(source);
  tensors_.erase(source);
}

void Lowering::emit(const std::string& op, const std::vector<std::string>& inputs,
                    std::vector<Attribute> attributes, const std::vector<std::string>& outputs) {
  std::vector<TensorSpec> specs;
  std::vector<std::string> resolved;
  bool all_constant = true;
  for (const std::string& name : inputs) {
    const KnownTensor* t = find(name);
    if (t == nullptr) throw Refused(fmt::format("input '{}' is unknown", name));
    specs.push_back(t->spec);
    resolved.push_back(resolve(name));
    all_constant = all_constant && t->value.has_value();
  }
  auto inferred = catalogue::infer_outputs(OpCall(op, specs, {}, attributes));
  if (!inferred.ok()) throw Refused(inferred.status().message());
  if (inferred->size() != outputs.size()) {
    throw Refused(
        fmt::format("{} writes {} outputs, the node {}", op, inferred->size(), outputs.size()));
  }
  OpCall call(op, specs, *inferred, attributes, catalogue::op_opset(op));
  if (Status s = catalogue::validate_op_call(call); !s.ok()) throw Refused(s.message());
  bool small = true;
  for (const TensorSpec& out : *inferred) {
    small = small && out.element_count().value_or(kMaxFoldedElements + 1) <= kMaxFoldedElements;
  }
  if (all_constant && small && !inputs.empty() && !emitting_outputs_) {
    return fold(call, resolved, outputs);
  }
  Node node;
  node.name = fresh_node_name();
  node.op = op;
  for (const std::string& name : resolved) node.inputs.push_back({name, {}});
  for (std::size_t i = 0; i < outputs.size(); ++i) {
    node.outputs.push_back({outputs[i], {}});
    names_.insert(outputs[i]);
    tensors_[outputs[i]] = KnownTensor{(*inferred)[i], std::nullopt};
    producers_[outputs[i]] = result_.graph.nodes.size();
  }
  node.attributes = std::move(attributes);
  result_.graph.nodes.push_back(std::move(node));
  ++result_.stats.emitted_nodes;
}

std::string Lowering::fresh_node_name() {
  std::string name = node_label_;
  for (int i = 1; node_names_.count(name) != 0; ++i) name = fmt::format("{}.{}", node_label_, i);
  node_names_.insert(name);
  return name;
}

void Lowering::fold(const OpCall& call, const std::vector<std::string>& inputs,
                    const std::vector<std::string>& outputs) {
  std::vector<std::span<const std::byte>> images;
  for (const std::string& name : inputs) images.emplace_back(*tensors_.at(name).value);
  for (std::size_t o = 0; o < outputs.size(); ++o) {
    auto oracle = conformance::Oracle::create(call, images, o);
    if (!oracle.ok())
      throw Refused(fmt::format("folding {}: {}", call.op_name(), oracle.status().message()));
    const TensorSpec& spec = oracle->output();
    const std::size_t size = dtype_size(spec.dtype);
    std::vector<std::byte> value(static_cast<std::size_t>(oracle->output_elements()) * size);
    for (int64_t i = 0; i < oracle->output_elements(); ++i) {
      const uint64_t bits = oracle->at_flat(i).bits;
      std::memcpy(value.data() + static_cast<std::size_t>(i) * size, &bits, size);
    }
    set_constant(outputs[o], TensorSpec::dense(spec.dtype, spec.shape), std::move(value));
  }
  ++result_.stats.folded_nodes;
}

}  // namespace hwcert::model::onnx
