// The opset-2 activations and batch_norm on a GPU (skipped without one) against host
// double-precision results; their descriptor checks are in validation_test.cpp.
#include <cmath>
#include <limits>
#include <vector>

#include "plugin_fixture.hpp"

namespace hwcert::cuda::testing {
namespace {

std::vector<HWC_TensorDesc> batch_norm_inputs(int32_t dtype, std::vector<int64_t> x_shape,
                                              int64_t channels) {
  std::vector<HWC_TensorDesc> in = {tensor(dtype, x_shape)};
  for (int i = 0; i < 4; ++i) in.push_back(tensor(dtype, {channels}));
  return in;
}

using CudaOpset2Test = CudaDeviceTest;

TEST_F(CudaOpset2Test, ActivationsMatchTheirDefinitions) {
  const float nan = std::numeric_limits<float>::quiet_NaN();
  const std::vector<float> x = {nan, -4, -3, -1.5f, 1e-20f, 2.5f, 3, 5};
  const auto run = [&](const char* name, std::vector<Attr> attrs) {
    OpCall op(name, {tensor(kF32, {8})}, {tensor(kF32, {8})}, std::move(attrs));
    HWC_Buffer* y = alloc(8 * sizeof(float));
    EXPECT_EQ(launch(op, {upload(x)}, {y}), HWC_STATUS_OK) << last_message_;
    return download<float>(y, 8);
  };
  const auto clip = run("clip", {float_attr("min", -1.5), float_attr("max", 2.25)});
  EXPECT_TRUE(std::isnan(clip[0]));
  EXPECT_EQ(clip[1], -1.5f);
  EXPECT_EQ(clip[7], 2.25f);
  const auto swish = run("hard_swish", {});
  EXPECT_EQ(swish[2], 0.0f);
  EXPECT_NEAR(swish[3], -1.5 * 0.25, 1e-7);
  EXPECT_EQ(swish[6], 3.0f);
  const auto erf = run("erf", {});
  for (size_t i = 1; i < x.size(); ++i) {
    const double want = std::erf(static_cast<double>(x[i]));
    EXPECT_NEAR(erf[i], want, std::fabs(want) * 4e-7) << x[i];
  }
  const auto leaky = run("leaky_relu", {float_attr("alpha", 2.5)});
  EXPECT_EQ(leaky[1], -10.0f);
  EXPECT_EQ(run("hard_sigmoid", {})[5], 1.0f);
}

TEST_F(CudaOpset2Test, BatchNormIsPerChannelOnAxisOne) {
  OpCall op("batch_norm", batch_norm_inputs(kF32, {2, 2, 2}, 2), {tensor(kF32, {2, 2, 2})},
            {float_attr("epsilon", 0.25)});
  HWC_Buffer* y = alloc(8 * sizeof(float));
  ASSERT_EQ(launch(op,
                   {upload(std::vector<float>{1, 3, 10, 20, 5, 7, 30, 40}),
                    upload(std::vector<float>{2, -1}), upload(std::vector<float>{0.5f, 1}),
                    upload(std::vector<float>{3, 25}), upload(std::vector<float>{4, 0})},
                   {y}),
            HWC_STATUS_OK)
      << last_message_;
  const auto out = download<float>(y, 8);
  const double inv0 = 1 / std::sqrt(4.25), inv1 = 2;
  EXPECT_NEAR(out[0], (1 - 3) * inv0 * 2 + 0.5, 1e-6);
  EXPECT_NEAR(out[3], (20 - 25) * inv1 * -1 + 1, 1e-5);
  EXPECT_NEAR(out[6], (30 - 25) * inv1 * -1 + 1, 1e-5);
}

}  // namespace
}  // namespace hwcert::cuda::testing
