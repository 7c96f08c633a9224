// The opset-2 data-movement ops on a GPU, against values worked out by hand from the
// catalogue's rules (skipped where the runtime sees no GPU; the planning of the same
// descriptors is checked without one in validation_movement2_test.cpp).
#include <algorithm>
#include <cstdint>
#include <limits>
#include <numeric>
#include <vector>

#include "plugin_fixture.hpp"

namespace hwcert::cuda::testing {
namespace {

class CudaMovement2Test : public CudaDeviceTest {
 protected:
  /// Runs `op` over i32 inputs; the outputs, output i holding counts[i] elements.
  std::vector<std::vector<int32_t>> run_i32(const OpCall& op,
                                            const std::vector<std::vector<int32_t>>& inputs,
                                            const std::vector<size_t>& counts) {
    std::vector<HWC_Buffer*> in, out;
    for (const auto& values : inputs) in.push_back(upload(values));
    for (size_t count : counts) out.push_back(alloc(std::max<size_t>(count, 1) * 4));
    EXPECT_EQ(launch(op, in, out), HWC_STATUS_OK) << last_message_;
    std::vector<std::vector<int32_t>> results;
    for (size_t i = 0; i < counts.size(); ++i)
      results.push_back(download<int32_t>(out[i], counts[i]));
    return results;
  }
};

constexpr int32_t kI32 = HWC_DTYPE_I32;
using I = std::vector<int32_t>;

I iota(size_t n) {
  I v(n);
  std::iota(v.begin(), v.end(), 0);
  return v;
}

TEST_F(CudaMovement2Test, ViewsOfTheInput) {
  const I x = {1, 2, 3, 4, 5, 6};
  // [3, 2] transposed view of x read in row-major order.
  EXPECT_EQ(run_i32(OpCall("reshape", {tensor(kI32, {3, 2}, {1, 3})}, {tensor(kI32, {2, 3})},
                           {ints_attr("shape", {2, -1})}),
                    {x}, {6})[0],
            (I{1, 4, 2, 5, 3, 6}));
  EXPECT_EQ(run_i32(OpCall("squeeze", {tensor(kI32, {1, 3, 1}, {6, 2, 1})}, {tensor(kI32, {3})},
                           {ints_attr("axes", {0, 2})}),
                    {x}, {3})[0],
            (I{1, 3, 5}));
  EXPECT_EQ(run_i32(OpCall("expand", {tensor(kI32, {3, 1})}, {tensor(kI32, {2, 3, 2})},
                           {ints_attr("shape", {2, 1, 2})}),
                    {{1, 2, 3}}, {12})[0],
            (I{1, 1, 2, 2, 3, 3, 1, 1, 2, 2, 3, 3}));
  EXPECT_EQ(run_i32(OpCall("slice", {tensor(kI32, {4, 5})}, {tensor(kI32, {2, 3})},
                           {ints_attr("starts", {1, -1}),
                            ints_attr("ends", {4, std::numeric_limits<int64_t>::min()}),
                            ints_attr("steps", {2, -2})}),
                    {iota(20)}, {6})[0],
            (I{9, 7, 5, 19, 17, 15}));
  const auto parts =
      run_i32(OpCall("split", {tensor(kI32, {2, 5})},
                     {tensor(kI32, {2, 2}), tensor(kI32, {2, 0}), tensor(kI32, {2, 3})},
                     {int_attr("axis", -1), ints_attr("sizes", {2, 0, 3})}),
              {iota(10)}, {4, 0, 6});
  EXPECT_EQ(parts[0], (I{0, 1, 5, 6}));
  EXPECT_EQ(parts[2], (I{2, 3, 4, 7, 8, 9}));
}

TEST_F(CudaMovement2Test, PadAndWhere) {
  EXPECT_EQ(run_i32(OpCall("pad", {tensor(kI32, {2, 2})}, {tensor(kI32, {3, 3})},
                           {ints_attr("pads", {1, 0, 0, 1}), float_attr("value", 9.7)}),
                    {{1, 2, 3, 4}}, {9})[0],
            (I{9, 9, 9, 1, 2, 9, 3, 4, 9}));
  EXPECT_EQ(run_i32(OpCall("pad", {tensor(kI32, {3})}, {tensor(kI32, {7})},
                           {ints_attr("pads", {2, 2}), string_attr("mode", "reflect")}),
                    {{1, 2, 3}}, {7})[0],
            (I{3, 2, 1, 2, 3, 2, 1}));
  EXPECT_EQ(run_i32(OpCall("pad", {tensor(kI32, {3})}, {tensor(kI32, {6})},
                           {ints_attr("pads", {2, 1}), string_attr("mode", "edge")}),
                    {{1, 2, 3}}, {6})[0],
            (I{1, 1, 1, 2, 3, 3}));
  // cond as u8 [2, 1] = {7, 0} in the low bytes of one i32 word.
  EXPECT_EQ(
      run_i32(OpCall("where", {tensor(HWC_DTYPE_U8, {2, 1}), tensor(kI32, {3}), tensor(kI32, {1})},
                     {tensor(kI32, {2, 3})}),
              {{7}, {1, 2, 3}, {-1}}, {6})[0],
      (I{1, 2, 3, -1, -1, -1}));
}

TEST_F(CudaMovement2Test, ResizeNearestAndBilinear) {
  const std::vector<float> x = {0, 1, 2, 3};  // [1, 1, 2, 2]
  HWC_Buffer* xb = upload(x);
  HWC_Buffer* y = alloc(16 * sizeof(float));
  const OpCall nearest("resize", {tensor(HWC_DTYPE_F32, {1, 1, 2, 2})},
                       {tensor(HWC_DTYPE_F32, {1, 1, 4, 3})}, {ints_attr("sizes", {4, 3})});
  ASSERT_EQ(launch(nearest, {xb}, {y}), HWC_STATUS_OK) << last_message_;
  EXPECT_EQ(download<float>(y, 12), (std::vector<float>{0, 0, 1, 0, 0, 1, 2, 2, 3, 2, 2, 3}));
  const OpCall bilinear("resize", {tensor(HWC_DTYPE_F32, {1, 1, 2, 2})},
                        {tensor(HWC_DTYPE_F32, {1, 1, 4, 4})},
                        {ints_attr("sizes", {4, 4}), string_attr("mode", "bilinear")});
  ASSERT_EQ(launch(bilinear, {xb}, {y}), HWC_STATUS_OK) << last_message_;
  EXPECT_EQ(download<float>(y, 16),
            (std::vector<float>{0, 0.25f, 0.75f, 1, 0.5f, 0.75f, 1.25f, 1.5f, 1.5f, 1.75f, 2.25f,
                                2.5f, 2, 2.25f, 2.75f, 3}));
  // Same size: the Inf tap beside 1 has weight 0 and makes no NaN.
  const float inf = std::numeric_limits<float>::infinity();
  const OpCall same("resize", {tensor(HWC_DTYPE_F32, {1, 1, 2, 1})},
                    {tensor(HWC_DTYPE_F32, {1, 1, 2, 1})},
                    {ints_attr("sizes", {2, 1}), string_attr("mode", "bilinear")});
  ASSERT_EQ(launch(same, {upload(std::vector<float>{1, inf})}, {y}), HWC_STATUS_OK)
      << last_message_;
  EXPECT_EQ(download<float>(y, 2), (std::vector<float>{1, inf}));
}

}  // namespace
}  // namespace hwcert::cuda::testing
