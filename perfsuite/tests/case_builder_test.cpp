// Perf cases built from suite parameters: inputs in the suites' vocabulary, outputs from the
// catalogue.
#include "hwcert/perfsuite/case_builder.hpp"

#include <gtest/gtest.h>

namespace hwcert::perf {
namespace {

OpCall build(CaseSpec spec) {
  auto built = build_case(spec);
  EXPECT_TRUE(std::holds_alternative<BuiltCase>(built))
      << (std::holds_alternative<std::string>(built) ? std::get<std::string>(built) : "");
  return std::get<BuiltCase>(built).call;
}

std::string error_of(CaseSpec spec) {
  auto built = build_case(spec);
  EXPECT_TRUE(std::holds_alternative<std::string>(built));
  return std::holds_alternative<std::string>(built) ? std::get<std::string>(built) : "";
}

TEST(CaseBuilder, MatmulShapesAndOutputDtypes) {
  const OpCall batched =
      build({"matmul", DType::kF32, {}, {{"batch", 3}, {"m", 64}, {"n", 32}, {"k", 16}}, {}});
  EXPECT_EQ(batched.inputs()[0].shape, (std::vector<int64_t>{3, 64, 16}));
  EXPECT_EQ(batched.outputs()[0].shape, (std::vector<int64_t>{3, 64, 32}));
  const OpCall transposed = build(
      {"matmul", DType::kF16, {}, {{"m", 8}, {"n", 4}, {"k", 2}}, {{"transpose_a", int64_t{1}}}});
  EXPECT_EQ(transposed.inputs()[0].shape, (std::vector<int64_t>{2, 8}));
  const OpCall i8 = build({"matmul", DType::kI8, {}, {{"m", 4}, {"n", 4}, {"k", 4}}, {}});
  EXPECT_EQ(i8.outputs()[0].dtype, DType::kI32);
  const OpCall fp8 = build({"matmul", DType::kF8E4M3, {}, {{"m", 4}, {"n", 4}, {"k", 4}}, {}});
  EXPECT_EQ(fp8.outputs()[0].dtype, DType::kF16);
  const OpCall fp8_bf16 = build(
      {"matmul", DType::kF8E4M3, DType::kBF16, {{"m", 4}, {"n", 4}, {"k", 4}, {"bias", 1}}, {}});
  EXPECT_EQ(fp8_bf16.outputs()[0].dtype, DType::kBF16);
  EXPECT_EQ(fp8_bf16.inputs()[2].dtype, DType::kBF16);
}

TEST(CaseBuilder, Conv2dOutputSizeComesFromTheCatalogue) {
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
  EXPECT_EQ(call.inputs()[1].shape, (std::vector<int64_t>{4, 3, 3, 4}));
  EXPECT_EQ(call.outputs()[0].shape, (std::vector<int64_t>{2, 8, 8, 4}));
  EXPECT_NE(error_of({"conv2d",
                      DType::kF32,
                      {},
                      {{"n", 1}, {"c", 8}, {"h", 4}, {"w", 4}, {"cout", 4}, {"kh", 3}, {"kw", 3}},
                      {{"groups", int64_t{3}}}})
                .find("groups (3) must divide C (8)"),
            std::string::npos);
}

TEST(CaseBuilder, SingleTensorOpsAndLabels) {
  const ShapeParams x = {{"shape", std::vector<int64_t>{32, 256}}};
  const OpCall ln = build({"layer_norm", DType::kF32, {}, x, {}});
  EXPECT_EQ(ln.inputs()[1].shape, (std::vector<int64_t>{256}));
  EXPECT_EQ(ln.inputs().size(), 3u);
  const OpCall sum = build({"reduce_sum", DType::kF32, {}, x, {{"axes", std::vector<int64_t>{1}}}});
  EXPECT_EQ(sum.outputs()[0].shape, (std::vector<int64_t>{32}));
  const OpCall cast = build({"cast", DType::kF32, DType::kBF16, x, {}});
  EXPECT_EQ(cast.outputs()[0].dtype, DType::kBF16);
  EXPECT_EQ(error_of({"cast", DType::kF32, {}, x, {}}), "cast needs out_dtypes");
  const auto built =
      build_case({"add",
                  DType::kF32,
                  {},
                  {{"a", std::vector<int64_t>{64, 128}}, {"b", std::vector<int64_t>{128}}},
                  {}});
  ASSERT_TRUE(std::holds_alternative<BuiltCase>(built));
  EXPECT_EQ(std::get<BuiltCase>(built).shape_label, "64x128_128");
  EXPECT_EQ(std::get<BuiltCase>(built).call.outputs()[0].shape, (std::vector<int64_t>{64, 128}));
}

TEST(CaseBuilder, PerfOps) {
  EXPECT_TRUE(is_perf_op("copy"));
  EXPECT_TRUE(is_perf_op("scaled_dot_product_attention"));
  EXPECT_FALSE(is_perf_op("max_pool2d"));
  EXPECT_FALSE(is_perf_op("gather"));
  EXPECT_EQ(shape_keys("pow", true), (std::vector<std::string>{"a"}));
}

}  // namespace
}  // namespace hwcert::perf
