// The opset-2 activations and batch_norm against hand-computed values (PoCL or any device).
#include <cmath>
#include <limits>
#include <vector>

#include "plugin_fixture.hpp"

namespace hwcert::opencl::testing {
namespace {

using OpenClOpset2Test = PluginTest;

TEST_F(OpenClOpset2Test, ActivationsMatchTheirDefinitions) {
  const float nan = std::numeric_limits<float>::quiet_NaN();
  const std::vector<float> x = {nan, -4, -3, -1.5f, 1e-20f, 2.5f, 3, 5};
  HWC_Buffer* in = upload(x);
  const auto run_op = [&](const char* name, std::vector<TestAttr> attrs) {
    OpBuilder op(name);
    op.input(dense(kF32, {8})).output(dense(kF32, {8}));
    for (TestAttr& a : attrs) op.attr(std::move(a));
    HWC_Buffer* y = alloc(8 * sizeof(float));
    EXPECT_EQ(run(op, {in}, {y}), HWC_STATUS_OK) << name;
    return download<float>(y, 8);
  };
  const auto clip = run_op("clip", {float_attr("min", -1.5), float_attr("max", 2.25)});
  EXPECT_TRUE(std::isnan(clip[0]));  // NaN stays NaN
  EXPECT_EQ(clip[1], -1.5f);
  EXPECT_EQ(clip[7], 2.25f);
  const auto swish = run_op("hard_swish", {});
  EXPECT_EQ(swish[2], 0.0f);
  EXPECT_NEAR(swish[3], -1.5 * 0.25, 1e-7);
  EXPECT_EQ(swish[6], 3.0f);
  const auto sigmoid = run_op("hard_sigmoid", {float_attr("alpha", 0.25)});
  EXPECT_EQ(sigmoid[3], 0.125f);
  EXPECT_EQ(sigmoid[7], 1.0f);
  EXPECT_EQ(run_op("leaky_relu", {float_attr("alpha", -0.5)})[1], 2.0f);
  const auto erf = run_op("erf", {});
  for (size_t i = 1; i < x.size(); ++i) {
    const double want = std::erf(static_cast<double>(x[i]));
    EXPECT_NEAR(erf[i], want, std::fabs(want) * 1e-6) << x[i];
  }
}

TEST_F(OpenClOpset2Test, ClipBoundIsRoundedOnceToF16) {
  // 1 + 2^-11 + 2^-40 rounds to 1 + 2^-10 in f16 (0x3c01); through f32 it would round twice.
  HWC_Buffer* x = upload(std::vector<uint16_t>{0});
  HWC_Buffer* y = alloc(2);
  OpBuilder op("clip");
  op.input(dense(HWC_DTYPE_F16, {1})).output(dense(HWC_DTYPE_F16, {1}));
  op.attr(float_attr("min", 1.0 + 0x1p-11 + 0x1p-40));
  ASSERT_EQ(run(op, {x}, {y}), HWC_STATUS_OK);
  EXPECT_EQ(download<uint16_t>(y, 1)[0], 0x3c01);
}

TEST_F(OpenClOpset2Test, BatchNormIsPerChannelOnAxisOneWithStridedParameters) {
  // X [2, 2, 2]; scale, bias, mean, var read with stride 2 out of 4-element buffers.
  HWC_Buffer* x = upload(std::vector<float>{1, 3, 10, 20, 5, 7, 30, 40});
  HWC_Buffer* scale = upload(std::vector<float>{2, 0, -1, 0});
  HWC_Buffer* bias = upload(std::vector<float>{0.5f, 0, 1, 0});
  HWC_Buffer* mean = upload(std::vector<float>{3, 0, 25, 0});
  HWC_Buffer* var = upload(std::vector<float>{4, 0, 0, 0});
  HWC_Buffer* y = alloc(8 * sizeof(float));
  OpBuilder bn("batch_norm");
  bn.input(dense(kF32, {2, 2, 2}));
  for (int i = 0; i < 4; ++i) bn.input(strided(kF32, {2}, {2}));
  bn.output(dense(kF32, {2, 2, 2})).attr(float_attr("epsilon", 0.25));
  ASSERT_EQ(run(bn, {x, scale, bias, mean, var}, {y}), HWC_STATUS_OK);
  const double inv0 = 1 / std::sqrt(4.25), inv1 = 2;
  const std::vector<double> want = {
      -2 * inv0 * 2 + 0.5, 0.5,           15 * inv1 + 1, 5 * inv1 + 1, 2 * inv0 * 2 + 0.5,
      4 * inv0 * 2 + 0.5,  -5 * inv1 + 1, -15 * inv1 + 1};
  const auto got = download<float>(y, 8);
  for (size_t i = 0; i < want.size(); ++i) EXPECT_NEAR(got[i], want[i], 1e-5) << i;
  OpBuilder rank1("batch_norm");
  rank1.input(dense(kF32, {2}));
  for (int i = 0; i < 4; ++i) rank1.input(dense(kF32, {2}));
  rank1.output(dense(kF32, {2}));
  EXPECT_EQ(run(rank1, {x, scale, bias, mean, var}, {y}), HWC_STATUS_INVALID_ARGUMENT);
}

}  // namespace
}  // namespace hwcert::opencl::testing
