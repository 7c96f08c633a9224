// Lookups over the catalogue table, the dtype and math-mode rules, and attribute access.
#include "hwcert/catalogue/op_schema.hpp"

#include <algorithm>
#include <array>

#include "op_table.hpp"

namespace hwcert::catalogue {
namespace {

constexpr std::array<std::string_view, 6> kMathModes = {"strict", "tf32", "hf32",
                                                        "f16",    "bf16", "f16_accumulate"};

}  // namespace

std::string_view to_string(AttrType type) {
  // In the order of AttrType, which is the order of AttributeValue's alternatives.
  static_assert(std::variant_size_v<AttributeValue> == 5);
  static constexpr std::array<std::string_view, 5> kNames = {"int", "float", "string", "ints",
                                                             "floats"};
  const auto index = static_cast<std::size_t>(type);
  return index < kNames.size() ? kNames[index] : "?";
}

const AttrSchema* OpSchema::find_attribute(std::string_view attr_name) const {
  for (const AttrSchema& attr : attributes) {
    if (attr.name == attr_name) return &attr;
  }
  return nullptr;
}

bool OpSchema::accepts(DType dtype) const {
  return std::find(input_dtypes.begin(), input_dtypes.end(), dtype) != input_dtypes.end();
}

std::span<const OpSchema> op_schemas() {
  return op_table();
}

const OpSchema* find_op_schema(std::string_view name) {
  for (const OpSchema& op : op_table()) {
    if (op.name == name) return &op;
  }
  return nullptr;
}

uint32_t op_opset(std::string_view op) {
  const OpSchema* schema = find_op_schema(op);
  return schema != nullptr ? schema->since : 0;
}

bool op_accepts_dtype(std::string_view op, DType dtype) {
  const OpSchema* schema = find_op_schema(op);
  return schema != nullptr && schema->accepts(dtype);
}

bool is_compute_bound(std::string_view op) {
  const OpSchema* schema = find_op_schema(op);
  if (schema == nullptr) return false;
  return schema->family == OpFamily::kMatmul || schema->family == OpFamily::kConvolution ||
         schema->family == OpFamily::kAttention;
}

std::span<const std::string_view> math_mode_names() {
  return kMathModes;
}

bool is_known_math_mode(std::string_view mode) {
  return std::find(kMathModes.begin(), kMathModes.end(), mode) != kMathModes.end();
}

bool op_takes_math_mode(std::string_view op) {
  const OpSchema* schema = find_op_schema(op);
  return schema != nullptr && schema->find_attribute("math_mode") != nullptr;
}

std::string math_mode_name(const OpCall& call) {
  const Attribute* attr = call.find_attribute("math_mode");
  if (attr != nullptr && std::holds_alternative<std::string>(attr->value)) {
    return std::get<std::string>(attr->value);
  }
  return "strict";
}

const AttributeValue* Attrs::value(std::string_view name) const {
  if (const Attribute* attr = call_->find_attribute(name)) return &attr->value;
  const AttrSchema* schema = schema_->find_attribute(name);
  if (schema != nullptr && schema->default_value) return &*schema->default_value;
  return nullptr;
}

int64_t Attrs::get_int(std::string_view name) const {
  const AttributeValue* v = value(name);
  return v != nullptr && std::holds_alternative<int64_t>(*v) ? std::get<int64_t>(*v) : 0;
}

double Attrs::get_float(std::string_view name) const {
  const AttributeValue* v = value(name);
  return v != nullptr && std::holds_alternative<double>(*v) ? std::get<double>(*v) : 0.0;
}

std::string Attrs::get_string(std::string_view name) const {
  const AttributeValue* v = value(name);
  return v != nullptr && std::holds_alternative<std::string>(*v) ? std::get<std::string>(*v)
                                                                 : std::string();
}

std::vector<int64_t> Attrs::get_ints(std::string_view name) const {
  const AttributeValue* v = value(name);
  return v != nullptr && std::holds_alternative<std::vector<int64_t>>(*v)
             ? std::get<std::vector<int64_t>>(*v)
             : std::vector<int64_t>{};
}

}  // namespace hwcert::catalogue
