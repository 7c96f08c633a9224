// The catalogue table: one row per op of opsets 1 and 2. Adding an op starts here (README.md).
#include <limits>

#include "hwcert/catalogue/op_schema.hpp"
#include "op_table.hpp"

namespace hwcert::catalogue {
namespace {

constexpr uint32_t kVariadic = std::numeric_limits<uint32_t>::max();
using Basis = ElementWork::Basis;

// First-input dtype sets of docs/op-catalogue.md.
const std::vector<DType> kAnyDType(std::begin(kAllDTypes), std::end(kAllDTypes));
const std::vector<DType> kFloat = {DType::kF64, DType::kF32, DType::kF16, DType::kBF16};
const std::vector<DType> kFloatOrSignedInt = {DType::kF64, DType::kF32, DType::kF16, DType::kBF16,
                                              DType::kI8,  DType::kI32, DType::kI64};
const std::vector<DType> kFloatOrInt = {DType::kF64, DType::kF32, DType::kF16, DType::kBF16,
                                        DType::kI8,  DType::kU8,  DType::kI32, DType::kI64};
const std::vector<DType> kFloatOrWideInt = {DType::kF64,  DType::kF32, DType::kF16,
                                            DType::kBF16, DType::kI32, DType::kI64};
const std::vector<DType> kMatmulDType = {DType::kF64,    DType::kF32,    DType::kF16, DType::kBF16,
                                         DType::kF8E4M3, DType::kF8E5M2, DType::kI8};

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
AttrSchema optional_ints(std::string name) {
  return {std::move(name), AttrType::kInts, false, std::nullopt};
}
AttrSchema optional_no_default(std::string name, AttrType type) {
  return {std::move(name), type, false, std::nullopt};
}

OpSchema movement(std::string name, uint32_t max_inputs, std::vector<std::string> inputs,
                  std::vector<AttrSchema> attrs = {}) {
  const auto min_inputs = static_cast<uint32_t>(inputs.size());
  return {std::move(name),   OpFamily::kDataMovement, min_inputs, max_inputs,
          std::move(inputs), std::move(attrs),        kAnyDType,  {}};
}
OpSchema unary(std::string name, const std::vector<DType>& dtypes,
               std::vector<AttrSchema> attrs = {}) {
  return {std::move(name), OpFamily::kUnary, 1, 1, {"X"}, std::move(attrs), dtypes, {1.0}};
}
OpSchema binary(std::string name, const std::vector<DType>& dtypes) {
  return {std::move(name), OpFamily::kBinary, 2, 2, {"A", "B"}, {}, dtypes, {1.0}};
}
OpSchema reduction(std::string name, const std::vector<DType>& dtypes) {
  return {std::move(name),
          OpFamily::kReduction,
          1,
          1,
          {"X"},
          {ints_attr("axes", {}), int_attr("keepdims", 0)},
          dtypes,
          {1.0, Basis::kInput}};
}
// flops per input element: softmax 5 (max, subtract, exp, sum, scale), layer_norm 8 (mean,
// centre, square, sum, scale, gamma, beta), rms_norm 4 (square, sum, scale, gamma).
OpSchema normalization(std::string name, std::vector<std::string> inputs, double epsilon,
                       double flops) {
  std::vector<AttrSchema> attrs = {int_attr("axis", -1)};
  if (epsilon > 0) attrs.push_back(float_attr("epsilon", epsilon));
  const auto n = static_cast<uint32_t>(inputs.size());
  return {std::move(name),   OpFamily::kNormalization, n,      n,
          std::move(inputs), std::move(attrs),         kFloat, {flops, Basis::kInput}};
}
OpSchema pooling(std::string name, std::vector<AttrSchema> extra) {
  std::vector<AttrSchema> attrs = {string_attr("layout", "NCHW"), required_ints("kernel"),
                                   optional_no_default("strides", AttrType::kInts),
                                   ints_attr("pads", {0, 0, 0, 0})};
  for (AttrSchema& a : extra) attrs.push_back(std::move(a));
  return {std::move(name), OpFamily::kPooling, 1, 1, {"X"}, std::move(attrs), kFloat, {}};
}

void add_elementwise(std::vector<OpSchema>& ops) {
  for (const char* name : {"neg", "abs"}) ops.push_back(unary(name, kFloatOrSignedInt));
  for (const char* name : {"exp", "log", "sqrt", "rsqrt", "tanh", "sigmoid"}) {
    ops.push_back(unary(name, kFloat));
  }
  ops.push_back(unary("relu", kFloatOrSignedInt));
  ops.push_back(unary("gelu", kFloat, {string_attr("approximate", "none")}));
  ops.push_back(unary("silu", kFloat));
  for (const char* name : {"add", "sub", "mul"}) ops.push_back(binary(name, kFloatOrInt));
  ops.push_back(binary("div", kFloat));
  for (const char* name : {"max", "min"}) ops.push_back(binary(name, kFloatOrInt));
  ops.push_back(binary("pow", kFloat));
}

// Opset 2: the activations and the inference batch_norm of the model zoo (docs/op-catalogue.md).
// flops per element: clip 2 (two compares), leaky_relu 2, hard_sigmoid 4 (multiply-add, two
// clamps), hard_swish 5 (its hard_sigmoid and the product), erf 1 (a math function, as exp);
// batch_norm 4 per output ((x - mean), * inv, * scale, + bias; inv is per channel).
void add_opset2_elementwise(std::vector<OpSchema>& ops) {
  constexpr double kInf = std::numeric_limits<double>::infinity();
  const auto activation = [&](std::string name, std::vector<AttrSchema> attrs, double flops) {
    OpSchema op = unary(std::move(name), kFloat, std::move(attrs));
    op.work.flops = flops;
    ops.push_back(std::move(op));
  };
  activation("clip", {float_attr("min", -kInf), float_attr("max", kInf)}, 2.0);
  activation("leaky_relu", {float_attr("alpha", 0.01)}, 2.0);
  activation("hard_sigmoid", {float_attr("alpha", 0.2), float_attr("beta", 0.5)}, 4.0);
  activation("hard_swish", {}, 5.0);
  activation("erf", {}, 1.0);
  ops.push_back({"batch_norm",
                 OpFamily::kNormalization,
                 5,
                 5,
                 {"X", "scale", "bias", "mean", "var"},
                 {float_attr("epsilon", 1e-5)},
                 kFloat,
                 {4.0}});
}

void add_products(std::vector<OpSchema>& ops) {
  ops.push_back({"matmul",
                 OpFamily::kMatmul,
                 2,
                 3,
                 {"A", "B", "bias"},
                 {int_attr("transpose_a", 0), int_attr("transpose_b", 0), float_attr("alpha", 1.0),
                  float_attr("beta", 1.0), string_attr("math_mode", "strict")},
                 kMatmulDType,
                 {}});
  ops.push_back({"conv2d",
                 OpFamily::kConvolution,
                 2,
                 3,
                 {"X", "W", "bias"},
                 {string_attr("layout", "NCHW"), ints_attr("strides", {1, 1}),
                  ints_attr("pads", {0, 0, 0, 0}), ints_attr("dilations", {1, 1}),
                  int_attr("groups", 1), string_attr("math_mode", "strict")},
                 kFloat,
                 {}});
  ops.push_back(pooling("max_pool2d", {}));
  ops.push_back(pooling("avg_pool2d", {int_attr("count_include_pad", 0)}));
  ops.push_back({"scaled_dot_product_attention",
                 OpFamily::kAttention,
                 3,
                 3,
                 {"Q", "K", "V"},
                 {int_attr("causal", 0), optional_no_default("scale", AttrType::kFloat),
                  string_attr("math_mode", "strict")},
                 kFloat,
                 {}});
}

// Data movement of opset 2 (docs/op-catalogue.md); optional_ints: defaults that depend on the
// inputs (slice axes 0..n-1, steps 1).
void add_opset2_movement(std::vector<OpSchema>& ops) {
  ops.push_back(movement("reshape", 1, {"X"}, {required_ints("shape")}));
  ops.push_back(movement("flatten", 1, {"X"}, {int_attr("axis", 1)}));
  ops.push_back(movement("squeeze", 1, {"X"}, {required_ints("axes")}));
  ops.push_back(movement("unsqueeze", 1, {"X"}, {required_ints("axes")}));
  ops.push_back(movement("expand", 1, {"X"}, {required_ints("shape")}));
  ops.push_back(movement("slice", 1, {"X"},
                         {required_ints("starts"), required_ints("ends"), optional_ints("axes"),
                          optional_ints("steps")}));
  ops.push_back(movement("split", 1, {"X"}, {int_attr("axis", 0), required_ints("sizes")}));
  ops.push_back(
      movement("pad", 1, {"X"},
               {required_ints("pads"), string_attr("mode", "constant"), float_attr("value", 0.0)}));
  // input_dtypes of where name A's dtypes; cond is u8 (shape inference checks it).
  ops.push_back(movement("where", 3, {"cond", "A", "B"}));
  OpSchema resize =
      movement("resize", 1, {"X"}, {required_ints("sizes"), string_attr("mode", "nearest")});
  resize.input_dtypes = kFloat;
  ops.push_back(std::move(resize));
}

std::vector<OpSchema> build_catalogue() {
  std::vector<OpSchema> ops;
  ops.push_back(movement("copy", 1, {"X"}));
  ops.push_back(movement("cast", 1, {"X"}));
  ops.push_back(movement("transpose", 1, {"X"}, {required_ints("perm")}));
  ops.push_back(movement("concat", kVariadic, {"X"}, {int_attr("axis", 0)}));
  ops.push_back(movement("gather", 2, {"data", "indices"}, {int_attr("axis", 0)}));
  add_elementwise(ops);
  ops.push_back(reduction("reduce_sum", kFloatOrWideInt));
  ops.push_back(reduction("reduce_max", kFloatOrWideInt));
  ops.push_back(reduction("reduce_mean", kFloat));
  ops.push_back(normalization("softmax", {"X"}, 0, 5.0));
  ops.push_back(normalization("log_softmax", {"X"}, 0, 5.0));
  ops.push_back(normalization("layer_norm", {"X", "gamma", "beta"}, 1e-5, 8.0));
  ops.push_back(normalization("rms_norm", {"X", "gamma"}, 1e-6, 4.0));
  add_products(ops);
  // Every op below is of opset 2.
  const std::size_t first_opset2 = ops.size();
  add_opset2_elementwise(ops);
  add_opset2_movement(ops);
  for (std::size_t i = first_opset2; i < ops.size(); ++i) ops[i].since = 2;
  return ops;
}

}  // namespace

const std::vector<OpSchema>& op_table() {
  static const std::vector<OpSchema> ops = build_catalogue();
  return ops;
}

}  // namespace hwcert::catalogue
