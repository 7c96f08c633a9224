#include "hwcert/perfsuite/op_cost.hpp"

#include <gtest/gtest.h>

#include "hwcert/perfsuite/case_builder.hpp"

namespace hwcert::perf {
namespace {

OpCall build(CaseSpec spec) {
  auto built = build_case(spec);
  EXPECT_TRUE(std::holds_alternative<BuiltCase>(built))
      << (std::holds_alternative<std::string>(built) ? std::get<std::string>(built) : "");
  return std::get<BuiltCase>(built).call;
}

TEST(OpCost, MatmulIsTwoMnkTimesBatch) {
  const OpCall call =
      build({"matmul", DType::kF32, {}, {{"batch", 3}, {"m", 64}, {"n", 32}, {"k", 16}}, {}});
  const OpCost cost = op_cost(call);
  EXPECT_DOUBLE_EQ(cost.flops, 2.0 * 64 * 32 * 16 * 3);
  EXPECT_DOUBLE_EQ(cost.bytes, 4.0 * 3 * (64 * 16 + 16 * 32 + 64 * 32));
}

TEST(OpCost, MatmulTransposedAKeepsK) {
  const OpCall call = build(
      {"matmul", DType::kF16, {}, {{"m", 8}, {"n", 4}, {"k", 2}}, {{"transpose_a", int64_t{1}}}});
  EXPECT_DOUBLE_EQ(op_cost(call).flops, 2.0 * 8 * 4 * 2);
  EXPECT_DOUBLE_EQ(op_cost(call).bytes, 2.0 * (8 * 2 + 2 * 4 + 8 * 4));
}

TEST(OpCost, Int8MatmulWritesInt32) {
  const OpCall call = build({"matmul", DType::kI8, {}, {{"m", 4}, {"n", 4}, {"k", 4}}, {}});
  EXPECT_EQ(call.outputs()[0].dtype, DType::kI32);
  EXPECT_DOUBLE_EQ(op_cost(call).bytes, 16 + 16 + 64);
}

TEST(OpCost, Conv2dCountsGroupsAndOutputSize) {
  // N=2, C=8, 16x16, Cout=4, 3x3, groups 2, stride 2, pad 1: Hout = (16+2-3)/2+1 = 8.
  const OpCall call =
      build({"conv2d",
             DType::kF32,
             {},
             {{"n", 2}, {"c", 8}, {"h", 16}, {"w", 16}, {"cout", 4}, {"kh", 3}, {"kw", 3}},
             {{"groups", int64_t{2}},
              {"strides", std::vector<int64_t>{2, 2}},
              {"pads", std::vector<int64_t>{1, 1, 1, 1}},
              {"layout", std::string("NHWC")}}});
  EXPECT_EQ(call.outputs()[0].shape, (std::vector<int64_t>{2, 8, 8, 4}));
  EXPECT_DOUBLE_EQ(op_cost(call).flops, 2.0 * 2 * 4 * 8 * 8 * (8 / 2) * 3 * 3);
}

TEST(OpCost, AttentionFourBHSqSkDAndCausalHalf) {
  const ShapeParams shape = {{"b", 2}, {"h", 4}, {"sq", 128}, {"sk", 256}, {"d", 64}};
  const OpCall full = build({"scaled_dot_product_attention", DType::kBF16, {}, shape, {}});
  EXPECT_DOUBLE_EQ(op_cost(full).flops, 4.0 * 2 * 4 * 128 * 256 * 64);
  const OpCall causal =
      build({"scaled_dot_product_attention", DType::kBF16, {}, shape, {{"causal", int64_t{1}}}});
  EXPECT_DOUBLE_EQ(op_cost(causal).flops, 2.0 * 2 * 4 * 128 * 256 * 64);
  EXPECT_DOUBLE_EQ(op_cost(full).bytes, 2.0 * (2 * 4 * 128 * 64 * 2 + 2 * 4 * 256 * 64 * 2));
}

TEST(OpCost, BroadcastAddReadsEachInputOnce) {
  const OpCall call =
      build({"add",
             DType::kF32,
             {},
             {{"a", std::vector<int64_t>{64, 128}}, {"b", std::vector<int64_t>{128}}},
             {}});
  EXPECT_DOUBLE_EQ(op_cost(call).flops, 64.0 * 128);
  EXPECT_DOUBLE_EQ(op_cost(call).bytes, 4.0 * (64 * 128 + 128 + 64 * 128));
}

TEST(OpCost, NormsSoftmaxReduceCastCopy) {
  const ShapeParams x = {{"shape", std::vector<int64_t>{32, 256}}};
  EXPECT_DOUBLE_EQ(op_cost(build({"softmax", DType::kF32, {}, x, {}})).flops, 5.0 * 32 * 256);
  const OpCall ln = build({"layer_norm", DType::kF32, {}, x, {}});
  EXPECT_DOUBLE_EQ(op_cost(ln).flops, 8.0 * 32 * 256);
  EXPECT_DOUBLE_EQ(op_cost(ln).bytes, 4.0 * (32 * 256 * 2 + 256 * 2));
  EXPECT_DOUBLE_EQ(op_cost(build({"rms_norm", DType::kF32, {}, x, {}})).flops, 4.0 * 32 * 256);
  const OpCall sum = build({"reduce_sum", DType::kF32, {}, x, {{"axes", std::vector<int64_t>{1}}}});
  EXPECT_EQ(sum.outputs()[0].shape, (std::vector<int64_t>{32}));
  EXPECT_DOUBLE_EQ(op_cost(sum).flops, 32.0 * 256);
  EXPECT_DOUBLE_EQ(op_cost(sum).bytes, 4.0 * (32 * 256 + 32));
  const OpCall cast = build({"cast", DType::kF32, DType::kBF16, x, {}});
  EXPECT_DOUBLE_EQ(op_cost(cast).flops, 0);
  EXPECT_DOUBLE_EQ(op_cost(cast).bytes, 6.0 * 32 * 256);
  EXPECT_DOUBLE_EQ(op_cost(build({"copy", DType::kF32, {}, x, {}})).bytes, 8.0 * 32 * 256);
}

TEST(OpCost, StrideZeroDimensionCountsOnce) {
  TensorSpec broadcast_row = TensorSpec::dense(DType::kF32, {1024, 64});
  broadcast_row.strides = {0, 1};
  EXPECT_DOUBLE_EQ(tensor_bytes(broadcast_row), 4.0 * 64);
}

TEST(OpCost, ComputeBoundOps) {
  EXPECT_TRUE(is_compute_bound_op("matmul"));
  EXPECT_TRUE(is_compute_bound_op("scaled_dot_product_attention"));
  EXPECT_FALSE(is_compute_bound_op("softmax"));
}

}  // namespace
}  // namespace hwcert::perf
