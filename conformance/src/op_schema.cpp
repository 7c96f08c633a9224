// The catalogue table and attribute access. Shape and dtype rules live in
// shape_inference.cpp, accumulation lengths in accumulation_length.cpp; the work measures
// (flops, bytes) for the roofline belong to perfsuite (op_cost.hpp).
#include "hwcert/conformance/op_schema.hpp"

#include <limits>

namespace hwcert::conformance {
namespace {

constexpr uint32_t kVariadic = std::numeric_limits<uint32_t>::max();

AttrSchema int_attr(std::string name, int64_t value) {
  return {std::move(name), AttrType::kInt, false, AttributeValue{value}};
}
AttrSchema float_attr(std::string name, double value) {
  return {std::move(name), AttrType::kFloat, false, AttributeValue{value}};
}
AttrSchema string_attr(std::string name, std::string value) {
  return {std::move(name), AttrType::kString, false, AttributeValue{std::move(value)}};
}
AttrSchema ints_attr(std::string name, std::vector<int64_t> value) {
  return {std::move(name), AttrType::kInts, false, AttributeValue{std::move(value)}};
}
AttrSchema required_ints(std::string name) {
  return {std::move(name), AttrType::kInts, true, std::nullopt};
}
AttrSchema optional_no_default(std::string name, AttrType type) {
  return {std::move(name), type, false, std::nullopt};
}

OpSchema unary(std::string name, std::vector<AttrSchema> attrs = {}) {
  return {std::move(name), OpFamily::kUnary, 1, 1, {"X"}, std::move(attrs)};
}
OpSchema binary(std::string name) {
  return {std::move(name), OpFamily::kBinary, 2, 2, {"A", "B"}, {}};
}
OpSchema reduction(std::string name) {
  return {std::move(name),
          OpFamily::kReduction,
          1,
          1,
          {"X"},
          {ints_attr("axes", {}), int_attr("keepdims", 0)}};
}

std::vector<OpSchema> build_catalogue() {
  std::vector<OpSchema> ops;
  // Data movement.
  ops.push_back({"copy", OpFamily::kDataMovement, 1, 1, {"X"}, {}});
  ops.push_back({"cast", OpFamily::kDataMovement, 1, 1, {"X"}, {}});
  ops.push_back({"transpose", OpFamily::kDataMovement, 1, 1, {"X"}, {required_ints("perm")}});
  ops.push_back({"concat", OpFamily::kDataMovement, 1, kVariadic, {"X"}, {int_attr("axis", 0)}});
  ops.push_back(
      {"gather", OpFamily::kDataMovement, 2, 2, {"data", "indices"}, {int_attr("axis", 0)}});
  // Elementwise.
  for (const char* name :
       {"neg", "abs", "exp", "log", "sqrt", "rsqrt", "tanh", "sigmoid", "relu"}) {
    ops.push_back(unary(name));
  }
  ops.push_back(unary("gelu", {string_attr("approximate", "none")}));
  ops.push_back(unary("silu"));
  for (const char* name : {"add", "sub", "mul", "div", "max", "min", "pow"}) {
    ops.push_back(binary(name));
  }
  // Reductions and normalisations.
  for (const char* name : {"reduce_sum", "reduce_max", "reduce_mean"}) {
    ops.push_back(reduction(name));
  }
  ops.push_back({"softmax", OpFamily::kNormalization, 1, 1, {"X"}, {int_attr("axis", -1)}});
  ops.push_back({"log_softmax", OpFamily::kNormalization, 1, 1, {"X"}, {int_attr("axis", -1)}});
  ops.push_back({"layer_norm",
                 OpFamily::kNormalization,
                 3,
                 3,
                 {"X", "gamma", "beta"},
                 {int_attr("axis", -1), float_attr("epsilon", 1e-5)}});
  ops.push_back({"rms_norm",
                 OpFamily::kNormalization,
                 2,
                 2,
                 {"X", "gamma"},
                 {int_attr("axis", -1), float_attr("epsilon", 1e-6)}});
  // Products, convolution, pooling, attention.
  ops.push_back({"matmul",
                 OpFamily::kMatmul,
                 2,
                 3,
                 {"A", "B", "bias"},
                 {int_attr("transpose_a", 0), int_attr("transpose_b", 0), float_attr("alpha", 1.0),
                  float_attr("beta", 1.0), string_attr("math_mode", "strict")}});
  ops.push_back({"conv2d",
                 OpFamily::kConvolution,
                 2,
                 3,
                 {"X", "W", "bias"},
                 {string_attr("layout", "NCHW"), ints_attr("strides", {1, 1}),
                  ints_attr("pads", {0, 0, 0, 0}), ints_attr("dilations", {1, 1}),
                  int_attr("groups", 1), string_attr("math_mode", "strict")}});
  ops.push_back(
      {"max_pool2d",
       OpFamily::kPooling,
       1,
       1,
       {"X"},
       {string_attr("layout", "NCHW"), required_ints("kernel"),
        optional_no_default("strides", AttrType::kInts), ints_attr("pads", {0, 0, 0, 0})}});
  ops.push_back({"avg_pool2d",
                 OpFamily::kPooling,
                 1,
                 1,
                 {"X"},
                 {string_attr("layout", "NCHW"), required_ints("kernel"),
                  optional_no_default("strides", AttrType::kInts), ints_attr("pads", {0, 0, 0, 0}),
                  int_attr("count_include_pad", 0)}});
  ops.push_back({"scaled_dot_product_attention",
                 OpFamily::kAttention,
                 3,
                 3,
                 {"Q", "K", "V"},
                 {int_attr("causal", 0), optional_no_default("scale", AttrType::kFloat),
                  string_attr("math_mode", "strict")}});
  return ops;
}

const std::vector<OpSchema>& catalogue() {
  static const std::vector<OpSchema> ops = build_catalogue();
  return ops;
}

}  // namespace

std::string_view to_string(AttrType type) {
  switch (type) {
    case AttrType::kInt:
      return "int";
    case AttrType::kFloat:
      return "float";
    case AttrType::kString:
      return "string";
    case AttrType::kInts:
      return "ints";
    case AttrType::kFloats:
      return "floats";
  }
  return "?";
}

std::string_view to_string(OpFamily family) {
  switch (family) {
    case OpFamily::kDataMovement:
      return "data_movement";
    case OpFamily::kUnary:
      return "unary";
    case OpFamily::kBinary:
      return "binary";
    case OpFamily::kReduction:
      return "reduction";
    case OpFamily::kNormalization:
      return "normalization";
    case OpFamily::kMatmul:
      return "matmul";
    case OpFamily::kConvolution:
      return "convolution";
    case OpFamily::kPooling:
      return "pooling";
    case OpFamily::kAttention:
      return "attention";
  }
  return "?";
}

const AttrSchema* OpSchema::find_attribute(std::string_view attr_name) const {
  for (const AttrSchema& attr : attributes) {
    if (attr.name == attr_name) return &attr;
  }
  return nullptr;
}

std::span<const OpSchema> op_schemas() {
  return catalogue();
}

const OpSchema* find_op_schema(std::string_view name) {
  for (const OpSchema& op : catalogue()) {
    if (op.name == name) return &op;
  }
  return nullptr;
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

}  // namespace hwcert::conformance
