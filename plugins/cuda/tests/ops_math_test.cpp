// Elementwise ops and reductions on a GPU against host double-precision results.
#include <cmath>
#include <cstring>
#include <limits>
#include <vector>

#include "plugin_fixture.hpp"

namespace hwcert::cuda::testing {
namespace {

using CudaMathTest = CudaDeviceTest;

uint16_t to_bf16(float v) {  // exact for the small integers used here
  uint32_t bits = 0;
  std::memcpy(&bits, &v, 4);
  return static_cast<uint16_t>(bits >> 16);
}
float from_bf16(uint16_t h) {
  const uint32_t bits = uint32_t{h} << 16;
  float v = 0;
  std::memcpy(&v, &bits, 4);
  return v;
}

TEST_F(CudaMathTest, GeluIsAccurateInTheNegativeTail) {
  const std::vector<float> x = {-8.0f, -5.0f, -1.0f, 0.0f, 2.0f};
  OpCall op("gelu", {tensor(kF32, {5})}, {tensor(kF32, {5})});
  HWC_Buffer* y = alloc(5 * sizeof(float));
  ASSERT_EQ(launch(op, {upload(x)}, {y}), HWC_STATUS_OK) << last_message_;
  const auto out = download<float>(y, 5);
  for (size_t i = 0; i < x.size(); ++i) {
    const double v = x[i];
    const double expected = 0.5 * v * std::erfc(-v / std::sqrt(2.0));
    EXPECT_NEAR(out[i], expected, std::abs(expected) * 1e-5 + 1e-30) << "x = " << v;
  }
}

TEST_F(CudaMathTest, IntegerNegAndAbsWrap) {
  OpCall op("abs", {tensor(HWC_DTYPE_I8, {3})}, {tensor(HWC_DTYPE_I8, {3})});
  HWC_Buffer* y = alloc(3);
  ASSERT_EQ(launch(op, {upload(std::vector<int8_t>{-128, -5, 7})}, {y}), HWC_STATUS_OK);
  EXPECT_EQ(download<int8_t>(y, 3), (std::vector<int8_t>{-128, 5, 7}));
}

TEST_F(CudaMathTest, BinaryBroadcastsAndPropagatesNan) {
  const float nan = std::numeric_limits<float>::quiet_NaN();
  OpCall op("max", {tensor(kF32, {2, 1}), tensor(kF32, {3})}, {tensor(kF32, {2, 3})});
  HWC_Buffer* y = alloc(6 * sizeof(float));
  ASSERT_EQ(
      launch(op, {upload(std::vector<float>{1, nan}), upload(std::vector<float>{0, 2, nan})}, {y}),
      HWC_STATUS_OK)
      << last_message_;
  const auto out = download<float>(y, 6);
  EXPECT_EQ(out[0], 1.0f);
  EXPECT_EQ(out[1], 2.0f);
  for (int i = 2; i < 6; ++i) EXPECT_TRUE(std::isnan(out[i])) << i;
}

TEST_F(CudaMathTest, VectorizedAndStridedPathsAgree) {
  // 4099 bf16 elements: 512 packs of 8 plus a tail of 3 on the vectorized path.
  const int64_t n = 4099;
  std::vector<uint16_t> a(n), b(n);
  for (int64_t i = 0; i < n; ++i) {
    a[i] = to_bf16(static_cast<float>(i % 97));
    b[i] = to_bf16(static_cast<float>(i % 13));
  }
  OpCall dense("add", {tensor(HWC_DTYPE_BF16, {n}), tensor(HWC_DTYPE_BF16, {n})},
               {tensor(HWC_DTYPE_BF16, {n})});
  HWC_Buffer* y = alloc(n * 2);
  ASSERT_EQ(launch(dense, {upload(a), upload(b)}, {y}), HWC_STATUS_OK) << last_message_;
  const auto out = download<uint16_t>(y, n);
  for (int64_t i = 0; i < n; ++i)
    ASSERT_EQ(from_bf16(out[i]), static_cast<float>(i % 97 + i % 13)) << "element " << i;
  // Same op on an output with offset 2 bytes: not 16-byte aligned, strided path.
  OpCall shifted("add", {tensor(HWC_DTYPE_BF16, {n}), tensor(HWC_DTYPE_BF16, {n})},
                 {tensor(HWC_DTYPE_BF16, {n}, {}, 2)});
  HWC_Buffer* y2 = alloc(n * 2 + 2);
  ASSERT_EQ(launch(shifted, {upload(a), upload(b)}, {y2}), HWC_STATUS_OK) << last_message_;
  const auto out2 = download<uint16_t>(y2, n + 1);
  for (int64_t i = 0; i < n; ++i) ASSERT_EQ(out2[i + 1], out[i]) << "element " << i;
}

TEST_F(CudaMathTest, IntegerAddWraps) {
  OpCall op("add", {tensor(HWC_DTYPE_I32, {2}), tensor(HWC_DTYPE_I32, {2})},
            {tensor(HWC_DTYPE_I32, {2})});
  HWC_Buffer* y = alloc(8);
  ASSERT_EQ(
      launch(op, {upload(std::vector<int32_t>{INT32_MAX, -5}), upload(std::vector<int32_t>{1, 3})},
             {y}),
      HWC_STATUS_OK);
  EXPECT_EQ(download<int32_t>(y, 2), (std::vector<int32_t>{INT32_MIN, -2}));
}

TEST_F(CudaMathTest, ReductionsOverAxes) {
  std::vector<float> x(2 * 3 * 4);
  for (size_t i = 0; i < x.size(); ++i) x[i] = static_cast<float>(i);
  OpCall sum("reduce_sum", {tensor(kF32, {2, 3, 4})}, {tensor(kF32, {3})},
             {ints_attr("axes", {0, 2})});
  HWC_Buffer* y = alloc(3 * sizeof(float));
  ASSERT_EQ(launch(sum, {upload(x)}, {y}), HWC_STATUS_OK) << last_message_;
  const auto out = download<float>(y, 3);
  for (int j = 0; j < 3; ++j) {
    double expected = 0;
    for (int i = 0; i < 2; ++i)
      for (int k = 0; k < 4; ++k) expected += x[i * 12 + j * 4 + k];
    EXPECT_EQ(out[j], static_cast<float>(expected)) << j;
  }
  // A large reduction takes the block-per-output path.
  const int64_t n = 100000;
  std::vector<int64_t> ones(n, 3);
  OpCall big("reduce_sum", {tensor(HWC_DTYPE_I64, {n})}, {tensor(HWC_DTYPE_I64, {})});
  HWC_Buffer* total = alloc(8);
  ASSERT_EQ(launch(big, {upload(ones)}, {total}), HWC_STATUS_OK) << last_message_;
  EXPECT_EQ(download<int64_t>(total, 1)[0], 3 * n);
  const float nan = std::numeric_limits<float>::quiet_NaN();
  OpCall mx("reduce_max", {tensor(kF32, {4})}, {tensor(kF32, {1})}, {int_attr("keepdims", 1)});
  HWC_Buffer* m = alloc(4);
  ASSERT_EQ(launch(mx, {upload(std::vector<float>{1, nan, 3, 2})}, {m}), HWC_STATUS_OK);
  EXPECT_TRUE(std::isnan(download<float>(m, 1)[0]));
}

TEST_F(CudaMathTest, AveragePoolCountsPaddingOnRequest) {
  const std::vector<float> x = {1, 2, 3, 4};  // [1, 1, 2, 2]
  for (int include : {0, 1}) {
    OpCall op("avg_pool2d", {tensor(kF32, {1, 1, 2, 2})}, {tensor(kF32, {1, 1, 2, 2})},
              {ints_attr("kernel", {2, 2}), ints_attr("strides", {1, 1}),
               ints_attr("pads", {1, 1, 0, 0}), int_attr("count_include_pad", include)});
    HWC_Buffer* y = alloc(4 * sizeof(float));
    ASSERT_EQ(launch(op, {upload(x)}, {y}), HWC_STATUS_OK) << last_message_;
    const auto out = download<float>(y, 4);
    // Output (0, 0) sees x[0, 0] only; with padding counted it divides by 4.
    EXPECT_FLOAT_EQ(out[0], include ? 0.25f : 1.0f);
    EXPECT_FLOAT_EQ(out[3], 2.5f);
  }
}

}  // namespace
}  // namespace hwcert::cuda::testing
