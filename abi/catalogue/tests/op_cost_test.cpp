// Work measures (flops and bytes) of calls whose outputs the catalogue infers.
#include "hwcert/catalogue/op_cost.hpp"

#include <gtest/gtest.h>

#include "hwcert/catalogue/op_schema.hpp"
#include "hwcert/catalogue/shape_inference.hpp"
#include "spec_helpers.hpp"

namespace hwcert::catalogue {
namespace {

using Shape = std::vector<int64_t>;
using test::t;

// The call with its output inferred by the catalogue; `output` names the output dtype where
// the op lets the caller choose (cast).
OpCall build(const std::string& op, std::vector<TensorSpec> inputs,
             std::vector<Attribute> attrs = {}, std::optional<DType> output = std::nullopt) {
  std::vector<TensorSpec> named;
  if (output) named.push_back(t(*output, {}));
  auto outputs = infer_outputs(OpCall(op, inputs, named, attrs));
  EXPECT_TRUE(outputs.ok()) << outputs.status().message();
  OpCall call(op, std::move(inputs), outputs.ok() ? *outputs : std::vector<TensorSpec>{},
              std::move(attrs));
  EXPECT_TRUE(validate_op_call(call).ok()) << validate_op_call(call).message();
  return call;
}

TEST(OpCost, MatmulIsTwoMnkTimesBatch) {
  const OpCall call = build("matmul", {t(DType::kF32, {3, 64, 16}), t(DType::kF32, {3, 16, 32})});
  const OpCost cost = op_cost(call);
  EXPECT_DOUBLE_EQ(cost.flops, 2.0 * 64 * 32 * 16 * 3);
  EXPECT_DOUBLE_EQ(cost.bytes, 4.0 * 3 * (64 * 16 + 16 * 32 + 64 * 32));
}

TEST(OpCost, MatmulTransposedAKeepsK) {
  const OpCall call = build("matmul", {t(DType::kF16, {2, 8}), t(DType::kF16, {2, 4})},
                            {{"transpose_a", int64_t{1}}});
  EXPECT_DOUBLE_EQ(op_cost(call).flops, 2.0 * 8 * 4 * 2);
  EXPECT_DOUBLE_EQ(op_cost(call).bytes, 2.0 * (8 * 2 + 2 * 4 + 8 * 4));
}

TEST(OpCost, Int8MatmulWritesInt32) {
  const OpCall call = build("matmul", {t(DType::kI8, {4, 4}), t(DType::kI8, {4, 4})});
  EXPECT_EQ(call.outputs()[0].dtype, DType::kI32);
  EXPECT_DOUBLE_EQ(op_cost(call).bytes, 16 + 16 + 64);
}

TEST(OpCost, Conv2dCountsGroupsAndOutputSize) {
  // N=2, C=8, 16x16, Cout=4, 3x3, groups 2, stride 2, pad 1: Hout = (16+2-3)/2+1 = 8.
  const OpCall call =
      build("conv2d", {t(DType::kF32, {2, 16, 16, 8}), t(DType::kF32, {4, 3, 3, 4})},
            {{"groups", int64_t{2}},
             {"strides", Shape{2, 2}},
             {"pads", Shape{1, 1, 1, 1}},
             {"layout", std::string("NHWC")}});
  EXPECT_EQ(call.outputs()[0].shape, (Shape{2, 8, 8, 4}));
  EXPECT_DOUBLE_EQ(op_cost(call).flops, 2.0 * 2 * 4 * 8 * 8 * (8 / 2) * 3 * 3);
}

TEST(OpCost, AttentionFourBHSqSkDAndCausalHalf) {
  const std::vector<TensorSpec> qkv = {t(DType::kBF16, {2, 4, 128, 64}),
                                       t(DType::kBF16, {2, 4, 256, 64}),
                                       t(DType::kBF16, {2, 4, 256, 64})};
  const OpCall full = build("scaled_dot_product_attention", qkv);
  EXPECT_DOUBLE_EQ(op_cost(full).flops, 4.0 * 2 * 4 * 128 * 256 * 64);
  const OpCall causal = build("scaled_dot_product_attention", qkv, {{"causal", int64_t{1}}});
  EXPECT_DOUBLE_EQ(op_cost(causal).flops, 2.0 * 2 * 4 * 128 * 256 * 64);
  EXPECT_DOUBLE_EQ(op_cost(full).bytes, 2.0 * (2 * 4 * 128 * 64 * 2 + 2 * 4 * 256 * 64 * 2));
}

TEST(OpCost, BroadcastAddReadsEachInputOnce) {
  const OpCall call = build("add", {t(DType::kF32, {64, 128}), t(DType::kF32, {128})});
  EXPECT_DOUBLE_EQ(op_cost(call).flops, 64.0 * 128);
  EXPECT_DOUBLE_EQ(op_cost(call).bytes, 4.0 * (64 * 128 + 128 + 64 * 128));
}

TEST(OpCost, NormsSoftmaxReduceCastCopy) {
  const TensorSpec x = t(DType::kF32, {32, 256});
  const TensorSpec row = t(DType::kF32, {256});
  EXPECT_DOUBLE_EQ(op_cost(build("softmax", {x})).flops, 5.0 * 32 * 256);
  const OpCall ln = build("layer_norm", {x, row, row});
  EXPECT_DOUBLE_EQ(op_cost(ln).flops, 8.0 * 32 * 256);
  EXPECT_DOUBLE_EQ(op_cost(ln).bytes, 4.0 * (32 * 256 * 2 + 256 * 2));
  EXPECT_DOUBLE_EQ(op_cost(build("rms_norm", {x, row})).flops, 4.0 * 32 * 256);
  const OpCall sum = build("reduce_sum", {x}, {{"axes", Shape{1}}});
  EXPECT_EQ(sum.outputs()[0].shape, (Shape{32}));
  EXPECT_DOUBLE_EQ(op_cost(sum).flops, 32.0 * 256);
  EXPECT_DOUBLE_EQ(op_cost(sum).bytes, 4.0 * (32 * 256 + 32));
  const OpCall cast = build("cast", {x}, {}, DType::kBF16);
  EXPECT_DOUBLE_EQ(op_cost(cast).flops, 0);
  EXPECT_DOUBLE_EQ(op_cost(cast).bytes, 6.0 * 32 * 256);
  EXPECT_DOUBLE_EQ(op_cost(build("copy", {x})).bytes, 8.0 * 32 * 256);
}

TEST(OpCost, StrideZeroDimensionCountsOnce) {
  TensorSpec broadcast_row = TensorSpec::dense(DType::kF32, {1024, 64});
  broadcast_row.strides = {0, 1};
  EXPECT_DOUBLE_EQ(tensor_bytes(broadcast_row), 4.0 * 64);
}

TEST(OpCost, ComputeBoundOps) {
  EXPECT_TRUE(is_compute_bound("matmul"));
  EXPECT_TRUE(is_compute_bound("scaled_dot_product_attention"));
  EXPECT_FALSE(is_compute_bound("softmax"));
}

}  // namespace
}  // namespace hwcert::catalogue
