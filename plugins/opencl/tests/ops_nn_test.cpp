// Reductions, normalisations, convolution, pooling and attention against hand-computed
// values.
#include <cmath>
#include <limits>
#include <vector>

#include "plugin_fixture.hpp"

namespace hwcert::opencl::testing {
namespace {

using OpenClNnOpsTest = PluginTest;

void expect_near_all(const std::vector<float>& got, const std::vector<double>& want, double tol) {
  ASSERT_EQ(got.size(), want.size());
  for (size_t i = 0; i < got.size(); ++i) EXPECT_NEAR(got[i], want[i], tol) << "at " << i;
}

TEST_F(OpenClNnOpsTest, ReduceOverAxesWithKeepdims) {
  HWC_Buffer* x = upload(std::vector<float>{1, 2, 3, 4, 5, 6});  // [2, 3]
  HWC_Buffer* y = alloc(3 * 4);
  OpBuilder sum("reduce_sum");
  sum.input(dense(HWC_DTYPE_F32, {2, 3})).output(dense(HWC_DTYPE_F32, {1, 3}));
  sum.attr(ints_attr("axes", {0})).attr(int_attr("keepdims", 1));
  ASSERT_EQ(run(sum, {x}, {y}), HWC_STATUS_OK);
  EXPECT_EQ(download<float>(y, 3), (std::vector<float>{5, 7, 9}));
  OpBuilder max("reduce_max");
  max.input(dense(HWC_DTYPE_F32, {2, 3})).output(dense(HWC_DTYPE_F32, {2}));
  max.attr(ints_attr("axes", {-1}));
  ASSERT_EQ(run(max, {x}, {y}), HWC_STATUS_OK);
  EXPECT_EQ(download<float>(y, 2), (std::vector<float>{3, 6}));
  OpBuilder mean("reduce_mean");
  mean.input(dense(HWC_DTYPE_F32, {2, 3})).output(dense(HWC_DTYPE_F32, {}));
  ASSERT_EQ(run(mean, {x}, {y}), HWC_STATUS_OK);
  EXPECT_EQ(download<float>(y, 1), (std::vector<float>{3.5f}));
}

TEST_F(OpenClNnOpsTest, ReduceSumOfManyIntegersWraps) {
  std::vector<int32_t> values(1000, 1);
  values[0] = 2147483647;
  HWC_Buffer* x = upload(values);
  HWC_Buffer* y = alloc(4);
  OpBuilder sum("reduce_sum");
  sum.input(dense(HWC_DTYPE_I32, {1000})).output(dense(HWC_DTYPE_I32, {}));
  ASSERT_EQ(run(sum, {x}, {y}), HWC_STATUS_OK);
  EXPECT_EQ(download<int32_t>(y, 1)[0], static_cast<int32_t>(2147483647u + 999u));
}

TEST_F(OpenClNnOpsTest, LongRowsAreReducedInParts) {
  // 3 rows of 100000 (long enough for the split form): small integers keep sums exact.
  const int64_t rows = 3, length = 100000;
  std::vector<float> x(size_t(rows * length));
  for (size_t i = 0; i < x.size(); ++i) x[i] = float(int(i % 7) - 3);
  x[size_t(length + 12345)] = 50.0f;
  x[size_t(2 * length + 99999)] = std::numeric_limits<float>::quiet_NaN();
  std::vector<double> sums(rows, 0.0);
  for (int64_t r = 0; r < 2; ++r)
    for (int64_t i = 0; i < length; ++i) sums[size_t(r)] += x[size_t(r * length + i)];
  HWC_Buffer* xb = upload(x);
  HWC_Buffer* y = alloc(rows * 4);
  OpBuilder sum("reduce_sum");
  sum.input(dense(HWC_DTYPE_F32, {rows, length})).output(dense(HWC_DTYPE_F32, {rows, 1}));
  sum.attr(ints_attr("axes", {1})).attr(int_attr("keepdims", 1));
  ASSERT_EQ(run(sum, {xb}, {y}), HWC_STATUS_OK);
  auto s = download<float>(y, 3);
  EXPECT_EQ(s[0], sums[0]);
  EXPECT_EQ(s[1], sums[1]);
  EXPECT_TRUE(std::isnan(s[2]));
  OpBuilder mean("reduce_mean");
  mean.input(dense(HWC_DTYPE_F32, {rows, length})).output(dense(HWC_DTYPE_F32, {rows}));
  mean.attr(ints_attr("axes", {1}));
  ASSERT_EQ(run(mean, {xb}, {y}), HWC_STATUS_OK);
  EXPECT_FLOAT_EQ(download<float>(y, 1)[0], float(sums[0] / length));
  OpBuilder max("reduce_max");
  max.input(dense(HWC_DTYPE_F32, {rows, length})).output(dense(HWC_DTYPE_F32, {rows}));
  max.attr(ints_attr("axes", {-1}));
  ASSERT_EQ(run(max, {xb}, {y}), HWC_STATUS_OK);
  auto m = download<float>(y, 3);
  EXPECT_EQ(m[0], 3.0f);
  EXPECT_EQ(m[1], 50.0f);
  EXPECT_TRUE(std::isnan(m[2]));
  std::vector<int32_t> ints(100000, 1);
  ints[0] = 2147483647;
  HWC_Buffer* ib = upload(ints);
  OpBuilder isum("reduce_sum");
  isum.input(dense(HWC_DTYPE_I32, {100000})).output(dense(HWC_DTYPE_I32, {}));
  ASSERT_EQ(run(isum, {ib}, {y}), HWC_STATUS_OK);
  EXPECT_EQ(download<int32_t>(y, 1)[0], static_cast<int32_t>(2147483647u + 99999u));
}

TEST_F(OpenClNnOpsTest, ReduceMaxPropagatesNaN) {
  HWC_Buffer* x = upload(std::vector<float>{1, std::numeric_limits<float>::quiet_NaN(), 3});
  HWC_Buffer* y = alloc(4);
  OpBuilder max("reduce_max");
  max.input(dense(HWC_DTYPE_F32, {3})).output(dense(HWC_DTYPE_F32, {}));
  ASSERT_EQ(run(max, {x}, {y}), HWC_STATUS_OK);
  EXPECT_TRUE(std::isnan(download<float>(y, 1)[0]));
}

TEST_F(OpenClNnOpsTest, SoftmaxAlongAMiddleAxis) {
  // X [2, 2, 1]: softmax over axis 1 pairs (0, ln 3) and (1, 1).
  const float l3 = std::log(3.0f);
  HWC_Buffer* x = upload(std::vector<float>{0, l3, 1, 1});
  HWC_Buffer* y = alloc(16);
  OpBuilder op("softmax");
  op.input(dense(HWC_DTYPE_F32, {2, 2, 1})).output(dense(HWC_DTYPE_F32, {2, 2, 1}));
  op.attr(int_attr("axis", 1));
  ASSERT_EQ(run(op, {x}, {y}), HWC_STATUS_OK);
  expect_near_all(download<float>(y, 4), {0.25, 0.75, 0.5, 0.5}, 1e-6);
  OpBuilder log_op("log_softmax");
  log_op.input(dense(HWC_DTYPE_F32, {2, 2, 1})).output(dense(HWC_DTYPE_F32, {2, 2, 1}));
  log_op.attr(int_attr("axis", 1));
  ASSERT_EQ(run(log_op, {x}, {y}), HWC_STATUS_OK);
  expect_near_all(download<float>(y, 4),
                  {std::log(0.25), std::log(0.75), std::log(0.5), std::log(0.5)}, 1e-6);
}

TEST_F(OpenClNnOpsTest, LayerNormAndRmsNorm) {
  HWC_Buffer* x = upload(std::vector<float>{1, 2, 3, 4, -2, 0, 2, 4});  // [2, 4]
  HWC_Buffer* gamma = upload(std::vector<float>{1, 1, 2, 2});
  HWC_Buffer* beta = upload(std::vector<float>{0, 0, 0, 1});
  HWC_Buffer* y = alloc(32);
  OpBuilder ln("layer_norm");
  ln.input(dense(HWC_DTYPE_F32, {2, 4})).input(dense(HWC_DTYPE_F32, {4}));
  ln.input(dense(HWC_DTYPE_F32, {4})).output(dense(HWC_DTYPE_F32, {2, 4}));
  ln.attr(float_attr("epsilon", 0.0));
  ASSERT_EQ(run(ln, {x, gamma, beta}, {y}), HWC_STATUS_OK);
  // Row 0: mean 2.5, var 1.25; row 1: mean 1, var 5.
  const double s0 = 1 / std::sqrt(1.25), s1 = 1 / std::sqrt(5.0);
  expect_near_all(download<float>(y, 8),
                  {-1.5 * s0, -0.5 * s0, 2 * 0.5 * s0, 2 * 1.5 * s0 + 1, -3 * s1, -1 * s1,
                   2 * 1 * s1, 2 * 3 * s1 + 1},
                  1e-5);
  OpBuilder rms("rms_norm");
  rms.input(dense(HWC_DTYPE_F32, {2, 4})).input(dense(HWC_DTYPE_F32, {4}));
  rms.output(dense(HWC_DTYPE_F32, {2, 4})).attr(float_attr("epsilon", 0.0));
  ASSERT_EQ(run(rms, {x, gamma}, {y}), HWC_STATUS_OK);
  const double r0 = 1 / std::sqrt(7.5), r1 = 1 / std::sqrt(6.0);
  expect_near_all(download<float>(y, 8),
                  {1 * r0, 2 * r0, 6 * r0, 8 * r0, -2 * r1, 0, 4 * r1, 8 * r1}, 1e-5);
}

TEST_F(OpenClNnOpsTest, Conv2dWithPaddingStrideAndBias) {
  // X [1, 1, 3, 3] = 1..9, W [1, 1, 2, 2] all ones, pads 1 on top/left only, stride 2.
  HWC_Buffer* x = upload(std::vector<float>{1, 2, 3, 4, 5, 6, 7, 8, 9});
  HWC_Buffer* w = upload(std::vector<float>{1, 1, 1, 1});
  HWC_Buffer* b = upload(std::vector<float>{10});
  HWC_Buffer* y = alloc(16);
  OpBuilder op("conv2d");
  op.input(dense(HWC_DTYPE_F32, {1, 1, 3, 3})).input(dense(HWC_DTYPE_F32, {1, 1, 2, 2}));
  op.input(dense(HWC_DTYPE_F32, {1})).output(dense(HWC_DTYPE_F32, {1, 1, 2, 2}));
  op.attr(ints_attr("pads", {1, 1, 0, 0})).attr(ints_attr("strides", {2, 2}));
  ASSERT_EQ(run(op, {x, w, b}, {y}), HWC_STATUS_OK);
  // Windows: {1}, {2,3}, {4,7}, {5,6,8,9}.
  EXPECT_EQ(download<float>(y, 4), (std::vector<float>{11, 15, 21, 38}));
}

TEST_F(OpenClNnOpsTest, Conv2dNhwcGroupsMatchesNchw) {
  // Two groups, one channel each: channel c is scaled by W[c].
  HWC_Buffer* x = upload(std::vector<float>{1, 10, 2, 20, 3, 30, 4, 40});  // NHWC [1,2,2,2]
  HWC_Buffer* w = upload(std::vector<float>{2, 3});                        // [2,1,1,1]
  HWC_Buffer* y = alloc(32);
  OpBuilder op("conv2d");
  op.input(dense(HWC_DTYPE_F32, {1, 2, 2, 2})).input(dense(HWC_DTYPE_F32, {2, 1, 1, 1}));
  op.output(dense(HWC_DTYPE_F32, {1, 2, 2, 2}));
  op.attr(string_attr("layout", "NHWC")).attr(int_attr("groups", 2));
  ASSERT_EQ(run(op, {x, w}, {y}), HWC_STATUS_OK);
  EXPECT_EQ(download<float>(y, 8), (std::vector<float>{2, 30, 4, 60, 6, 90, 8, 120}));
}

TEST_F(OpenClNnOpsTest, PoolsIgnorePaddingUnlessAsked) {
  HWC_Buffer* x = upload(std::vector<float>{-1, -2, -3, -4});  // [1, 1, 2, 2]
  HWC_Buffer* y = alloc(16);
  // A 2x2 window at stride 1 over [1, 1, 2, 2] padded by one row and column at the start.
  const auto padded_window = [](OpBuilder& op) {
    op.input(dense(HWC_DTYPE_F32, {1, 1, 2, 2})).output(dense(HWC_DTYPE_F32, {1, 1, 2, 2}));
    op.attr(ints_attr("kernel", {2, 2})).attr(ints_attr("strides", {1, 1}));
    op.attr(ints_attr("pads", {1, 1, 0, 0}));
  };
  OpBuilder max("max_pool2d");
  padded_window(max);
  ASSERT_EQ(run(max, {x}, {y}), HWC_STATUS_OK);
  EXPECT_EQ(download<float>(y, 4), (std::vector<float>{-1, -1, -1, -1}));
  OpBuilder avg("avg_pool2d");
  padded_window(avg);
  ASSERT_EQ(run(avg, {x}, {y}), HWC_STATUS_OK);
  EXPECT_EQ(download<float>(y, 4), (std::vector<float>{-1, -1.5f, -2, -2.5f}));
  avg.attr(int_attr("count_include_pad", 1));
  ASSERT_EQ(run(avg, {x}, {y}), HWC_STATUS_OK);
  EXPECT_EQ(download<float>(y, 4), (std::vector<float>{-0.25f, -0.75f, -1, -2.5f}));
}

TEST_F(OpenClNnOpsTest, CausalAttentionWeighsOnlyEarlierKeys) {
  // B = H = 1, Sq = Sk = 2, D = 1, Dv = 1; scale 1. Q = K = [0, 0] gives equal scores.
  HWC_Buffer* q = upload(std::vector<float>{0, 0});
  HWC_Buffer* k = upload(std::vector<float>{0, 0});
  HWC_Buffer* v = upload(std::vector<float>{2, 4});
  HWC_Buffer* y = alloc(8);
  OpBuilder op("scaled_dot_product_attention");
  op.input(dense(HWC_DTYPE_F32, {1, 1, 2, 1})).input(dense(HWC_DTYPE_F32, {1, 1, 2, 1}));
  op.input(dense(HWC_DTYPE_F32, {1, 1, 2, 1})).output(dense(HWC_DTYPE_F32, {1, 1, 2, 1}));
  op.attr(int_attr("causal", 1));
  uint64_t workspace = 0;
  ok(api_->op_workspace_size(device_, &op.desc(), &workspace));
  EXPECT_EQ(workspace, 4u * 4u);
  ASSERT_EQ(run(op, {q, k, v}, {y}), HWC_STATUS_OK);
  EXPECT_EQ(download<float>(y, 2), (std::vector<float>{2, 3}));
}

TEST_F(OpenClNnOpsTest, F16MathComputesInF32AndRoundsOnce) {
  // 2048 + 1 + 1: f16 arithmetic step by step would lose both ones (ulp is 2 at 2048).
  const std::vector<uint16_t> x = {0x6800, 0x3C00, 0x3C00};  // 2048, 1, 1
  HWC_Buffer* xb = upload(x);
  HWC_Buffer* y = alloc(2);
  OpBuilder sum("reduce_sum");
  sum.input(dense(HWC_DTYPE_F16, {3})).output(dense(HWC_DTYPE_F16, {}));
  ASSERT_EQ(run(sum, {xb}, {y}), HWC_STATUS_OK);
  EXPECT_EQ(download<uint16_t>(y, 1)[0], 0x6801);  // 2050
}

}  // namespace
}  // namespace hwcert::opencl::testing
