// Attribute helpers shared by the op lowerings, and the table of lowerings by ONNX op type.
#include <fmt/format.h>

#include <map>

#include "lower_ops.hpp"
#include "lowering.hpp"

namespace hwcert::model::onnx {

Attribute int_attr(std::string name, int64_t v) { return {std::move(name), v}; }
Attribute float_attr(std::string name, double v) { return {std::move(name), v}; }
Attribute ints_attr(std::string name, std::vector<int64_t> v) {
  return {std::move(name), std::move(v)};
}

int64_t onnx_int(const OnnxNode& node, std::string_view name, int64_t fallback) {
  const OnnxAttribute* a = node.find(name);
  return a != nullptr && a->kind == OnnxAttribute::Kind::kInt ? a->i : fallback;
}

double onnx_float(const OnnxNode& node, std::string_view name, double fallback) {
  const OnnxAttribute* a = node.find(name);
  return a != nullptr && a->kind == OnnxAttribute::Kind::kFloat ? a->f : fallback;
}

std::string onnx_string(const OnnxNode& node, std::string_view name, std::string fallback) {
  const OnnxAttribute* a = node.find(name);
  return a != nullptr && a->kind == OnnxAttribute::Kind::kString ? a->s : fallback;
}

std::optional<std::vector<int64_t>> onnx_ints(const OnnxNode& node, std::string_view name) {
  const OnnxAttribute* a = node.find(name);
  if (a == nullptr || a->kind != OnnxAttribute::Kind::kInts) return std::nullopt;
  return a->ints;
}

void require_outputs(const OnnxNode& node, std::size_t count) {
  for (std::size_t i = count; i < node.outputs.size(); ++i) {
    if (!node.outputs[i].empty()) {
      throw Refused(fmt::format("optional output {} ('{}') is not supported", i,
                                node.outputs[i]));
    }
  }
}

const OnnxAttribute* OnnxNode::find(std::string_view attribute) const {
  for (const OnnxAttribute& a : attributes) {
    if (a.name == attribute) return &a;
  }
  return nullptr;
}

LowerFn find_lowering(const std::string& op_type) {
  static const std::map<std::string, LowerFn> kTable = [] {
    std::map<std::string, LowerFn> table;
    add_elementwise_lowerings(table);
    add_nn_lowerings(table);
    add_movement_lowerings(table);
    add_constant_lowerings(table);
    return table;
  }();
  auto it = kTable.find(op_type);
  return it == kTable.end() ? nullptr : it->second;
}

}  // namespace hwcert::model::onnx
