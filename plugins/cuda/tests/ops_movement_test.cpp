// copy, transpose, concat, gather and cast on a GPU, checked against values worked out by
// hand from the catalogue's rules.
#include <cmath>
#include <cstring>
#include <limits>
#include <numeric>
#include <vector>

#include "plugin_fixture.hpp"

namespace hwcert::cuda::testing {
namespace {

using CudaMovementTest = CudaDeviceTest;

TEST_F(CudaMovementTest, CopyReadsAnyStridesAndWritesDense) {
  std::vector<float> x(24);
  std::iota(x.begin(), x.end(), 0.0f);
  // A [3, 4] view of every second element of a [6, 4] buffer, transposed by strides.
  OpCall op("copy", {tensor(kF32, {4, 3}, {1, 8})}, {tensor(kF32, {4, 3})});
  HWC_Buffer* y = alloc(12 * sizeof(float));
  ASSERT_EQ(launch(op, {upload(x)}, {y}), HWC_STATUS_OK) << last_message_;
  const auto out = download<float>(y, 12);
  for (int i = 0; i < 4; ++i)
    for (int j = 0; j < 3; ++j) EXPECT_EQ(out[i * 3 + j], x[i + j * 8]) << i << "," << j;
}

TEST_F(CudaMovementTest, ViewsBeyondTheirBufferAreOutOfRange) {
  OpCall op("copy", {tensor(kF32, {16})}, {tensor(kF32, {16})});
  HWC_Buffer* small = alloc(15 * sizeof(float));
  HWC_Buffer* y = alloc(16 * sizeof(float));
  EXPECT_EQ(launch(op, {small}, {y}), HWC_STATUS_OUT_OF_RANGE) << last_message_;
}

TEST_F(CudaMovementTest, TransposeAndConcat) {
  std::vector<int16_t> x(24);
  std::iota(x.begin(), x.end(), int16_t{0});
  OpCall t("transpose", {tensor(HWC_DTYPE_BF16, {2, 3, 4})}, {tensor(HWC_DTYPE_BF16, {4, 2, 3})},
           {ints_attr("perm", {2, 0, 1})});
  HWC_Buffer* xt = upload(x);
  HWC_Buffer* y = alloc(24 * 2);
  ASSERT_EQ(launch(t, {xt}, {y}), HWC_STATUS_OK) << last_message_;
  const auto out = download<int16_t>(y, 24);
  for (int k = 0; k < 4; ++k)
    for (int i = 0; i < 2; ++i)
      for (int j = 0; j < 3; ++j) EXPECT_EQ(out[k * 6 + i * 3 + j], x[i * 12 + j * 4 + k]);

  OpCall c("concat", {tensor(HWC_DTYPE_I32, {2, 1}), tensor(HWC_DTYPE_I32, {2, 2})},
           {tensor(HWC_DTYPE_I32, {2, 3})}, {int_attr("axis", -1)});
  HWC_Buffer* yc = alloc(6 * 4);
  ASSERT_EQ(
      launch(c, {upload(std::vector<int32_t>{1, 2}), upload(std::vector<int32_t>{3, 4, 5, 6})},
             {yc}),
      HWC_STATUS_OK)
      << last_message_;
  EXPECT_EQ(download<int32_t>(yc, 6), (std::vector<int32_t>{1, 3, 4, 2, 5, 6}));
}

TEST_F(CudaMovementTest, GatherAndItsIndexCheck) {
  const std::vector<float> data = {0, 1, 2, 10, 11, 12, 20, 21, 22};  // [3, 3]
  OpCall op("gather", {tensor(kF32, {3, 3}), tensor(HWC_DTYPE_I64, {2})}, {tensor(kF32, {3, 2})},
            {int_attr("axis", 1)});
  HWC_Buffer* y = alloc(6 * sizeof(float));
  ASSERT_EQ(launch(op, {upload(data), upload(std::vector<int64_t>{2, 0})}, {y}), HWC_STATUS_OK)
      << last_message_;
  EXPECT_EQ(download<float>(y, 6), (std::vector<float>{2, 0, 12, 10, 22, 20}));
  EXPECT_EQ(launch(op, {upload(data), upload(std::vector<int64_t>{3, 0})}, {y}),
            HWC_STATUS_OUT_OF_RANGE);
  EXPECT_NE(last_message_.find("gather"), std::string::npos) << last_message_;
  // The flag was reported once; the stream works again.
  ASSERT_EQ(launch(op, {upload(data), upload(std::vector<int64_t>{1, 1})}, {y}), HWC_STATUS_OK);
}

class CudaCastTest : public CudaDeviceTest {
 protected:
  template <typename Out, typename In>
  std::vector<Out> cast(int32_t from, int32_t to, const std::vector<In>& values) {
    const auto n = static_cast<int64_t>(values.size());
    OpCall op("cast", {tensor(from, {n})}, {tensor(to, {n})});
    HWC_Buffer* y = alloc(values.size() * sizeof(Out));
    EXPECT_EQ(launch(op, {upload(values)}, {y}), HWC_STATUS_OK) << last_message_;
    return download<Out>(y, values.size());
  }
};

TEST_F(CudaCastTest, Fp8SaturatesAndKeepsNan) {
  const float inf = std::numeric_limits<float>::infinity();
  const float nan = std::numeric_limits<float>::quiet_NaN();
  const std::vector<float> x = {1.0f, 500.0f, -1000.0f, inf, -inf, nan, 1e6f};
  const auto e4m3 = cast<uint8_t>(kF32, HWC_DTYPE_F8_E4M3, x);
  EXPECT_EQ(e4m3[0], 0x38);  // 1.0
  EXPECT_EQ(e4m3[1], 0x7E);  // 448 (saturated)
  EXPECT_EQ(e4m3[2], 0xFE);  // -448
  EXPECT_EQ(e4m3[3], 0x7E);  // +Inf -> 448: e4m3 has no Inf
  EXPECT_EQ(e4m3[4], 0xFE);
  EXPECT_EQ(e4m3[5] & 0x7F, 0x7F);  // NaN
  const auto e5m2 = cast<uint8_t>(kF32, HWC_DTYPE_F8_E5M2, x);
  EXPECT_EQ(e5m2[0], 0x3C);  // 1.0
  EXPECT_EQ(e5m2[3], 0x7C);  // +Inf stays Inf
  EXPECT_EQ(e5m2[4], 0xFC);
  EXPECT_EQ(e5m2[5] & 0x7C, 0x7C);
  EXPECT_NE(e5m2[5] & 0x03, 0);  // NaN, not Inf
  EXPECT_EQ(e5m2[6], 0x7B);      // 1e6 saturates to 57344
}

TEST_F(CudaCastTest, FloatToIntTruncatesAndSaturatesIntWraps) {
  const float nan = std::numeric_limits<float>::quiet_NaN();
  EXPECT_EQ(cast<int32_t>(kF32, HWC_DTYPE_I32, std::vector<float>{1.9f, -1.9f, 3e9f, -3e9f, nan}),
            (std::vector<int32_t>{1, -1, INT32_MAX, INT32_MIN, 0}));
  EXPECT_EQ(cast<int8_t>(HWC_DTYPE_I32, HWC_DTYPE_I8, std::vector<int32_t>{300, -129, 127}),
            (std::vector<int8_t>{44, 127, 127}));
  EXPECT_EQ(cast<uint8_t>(kF32, HWC_DTYPE_BOOL, std::vector<float>{0.0f, -0.0f, nan, 2.0f}),
            (std::vector<uint8_t>{0, 0, 1, 1}));
  EXPECT_EQ(cast<float>(HWC_DTYPE_BOOL, kF32, std::vector<uint8_t>{0, 1}),
            (std::vector<float>{0.0f, 1.0f}));
}

TEST_F(CudaCastTest, Int64RoundsOnceToNarrowFloats) {
  // 2^60 + 2^52 + 1 lies just above the midpoint of two bf16 neighbours (2^60 and
  // 2^60 + 2^53); rounding through an f64 first would land on the midpoint and go to even.
  const int64_t x = (int64_t{1} << 60) + (int64_t{1} << 52) + 1;
  EXPECT_EQ(cast<uint16_t>(HWC_DTYPE_I64, HWC_DTYPE_BF16, std::vector<int64_t>{x})[0], 0x5D81);
  EXPECT_EQ(cast<float>(HWC_DTYPE_I64, kF32, std::vector<int64_t>{(int64_t{1} << 24) + 1})[0],
            16777216.0f);  // tie to even
}

}  // namespace
}  // namespace hwcert::cuda::testing
