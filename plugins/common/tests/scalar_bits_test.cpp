// Float attributes cast to element bits, against bit patterns worked out by hand from the
// catalogue's cast rules.
#include "hwcert/plugin_common/scalar_bits.hpp"

#include <gtest/gtest.h>
#include <hwcert/hwcert_plugin.h>

#include <cmath>
#include <limits>

namespace hwcert::plugin_common {
namespace {

constexpr double kInf = std::numeric_limits<double>::infinity();
constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

TEST(ScalarBits, FloatsRoundToNearestEvenOnce) {
  EXPECT_EQ(scalar_bits(1.5, HWC_DTYPE_F64), 0x3ff8000000000000u);
  EXPECT_EQ(scalar_bits(1.0, HWC_DTYPE_F32), 0x3f800000u);
  EXPECT_EQ(scalar_bits(-2.5, HWC_DTYPE_F32), 0xc0200000u);
  EXPECT_EQ(scalar_bits(0.1, HWC_DTYPE_F32), 0x3dcccccdu);
  EXPECT_EQ(scalar_bits(1e39, HWC_DTYPE_F32), 0x7f800000u);
  EXPECT_EQ(scalar_bits(-0.0, HWC_DTYPE_F16), 0x8000u);
  EXPECT_EQ(scalar_bits(1.0, HWC_DTYPE_F16), 0x3c00u);
  EXPECT_EQ(scalar_bits(65504.0, HWC_DTYPE_F16), 0x7bffu);
  EXPECT_EQ(scalar_bits(65519.0, HWC_DTYPE_F16), 0x7bffu);
  EXPECT_EQ(scalar_bits(65520.0, HWC_DTYPE_F16), 0x7c00u);  // the tie rounds to Inf
  EXPECT_EQ(scalar_bits(0x1p-24, HWC_DTYPE_F16), 0x0001u);  // smallest subnormal
  EXPECT_EQ(scalar_bits(0x1p-25, HWC_DTYPE_F16), 0x0000u);  // tie to even: 0
  EXPECT_EQ(scalar_bits(0x1.8p-24, HWC_DTYPE_F16), 0x0002u);
  EXPECT_EQ(scalar_bits(0x1p-14, HWC_DTYPE_F16), 0x0400u);        // smallest normal
  EXPECT_EQ(scalar_bits(1.0 + 0x1p-11, HWC_DTYPE_F16), 0x3c00u);  // tie to even
  EXPECT_EQ(scalar_bits(1.0 + 0x1.8p-10, HWC_DTYPE_F16), 0x3c02u);
  EXPECT_EQ(scalar_bits(1.0, HWC_DTYPE_BF16), 0x3f80u);
  EXPECT_EQ(scalar_bits(1.0 + 0x1p-8, HWC_DTYPE_BF16), 0x3f80u);
  EXPECT_EQ(scalar_bits(1.0 + 0x1.8p-8, HWC_DTYPE_BF16), 0x3f81u);
  EXPECT_EQ(scalar_bits(-kInf, HWC_DTYPE_BF16), 0xff80u);
  EXPECT_EQ(scalar_bits(kNaN, HWC_DTYPE_F16), 0x7e00u);
}

TEST(ScalarBits, Fp8Saturates) {
  EXPECT_EQ(scalar_bits(1.0, HWC_DTYPE_F8_E4M3), 0x38u);
  EXPECT_EQ(scalar_bits(448.0, HWC_DTYPE_F8_E4M3), 0x7eu);
  EXPECT_EQ(scalar_bits(1e6, HWC_DTYPE_F8_E4M3), 0x7eu);
  EXPECT_EQ(scalar_bits(-kInf, HWC_DTYPE_F8_E4M3), 0xfeu);
  EXPECT_EQ(scalar_bits(kNaN, HWC_DTYPE_F8_E4M3), 0x7fu);
  EXPECT_EQ(scalar_bits(0x1p-9, HWC_DTYPE_F8_E4M3), 0x01u);
  EXPECT_EQ(scalar_bits(1.0, HWC_DTYPE_F8_E5M2), 0x3cu);
  EXPECT_EQ(scalar_bits(1e6, HWC_DTYPE_F8_E5M2), 0x7bu);
  EXPECT_EQ(scalar_bits(kInf, HWC_DTYPE_F8_E5M2), 0x7cu);
}

TEST(ScalarBits, IntsTruncateAndSaturate) {
  EXPECT_EQ(scalar_bits(-1.9, HWC_DTYPE_I8), 0xffu);
  EXPECT_EQ(scalar_bits(300.0, HWC_DTYPE_I8), 0x7fu);
  EXPECT_EQ(scalar_bits(-300.0, HWC_DTYPE_U8), 0x00u);
  EXPECT_EQ(scalar_bits(255.7, HWC_DTYPE_U8), 0xffu);
  EXPECT_EQ(scalar_bits(kNaN, HWC_DTYPE_I32), 0u);
  EXPECT_EQ(scalar_bits(-2.0, HWC_DTYPE_I32), 0xfffffffeu);
  EXPECT_EQ(scalar_bits(1e30, HWC_DTYPE_I64), 0x7fffffffffffffffu);
  EXPECT_EQ(scalar_bits(-kInf, HWC_DTYPE_I64), 0x8000000000000000u);
  EXPECT_EQ(scalar_bits(0.0, HWC_DTYPE_BOOL), 0u);
  EXPECT_EQ(scalar_bits(kNaN, HWC_DTYPE_BOOL), 1u);
  EXPECT_EQ(scalar_bits(-0.5, HWC_DTYPE_BOOL), 1u);
}

}  // namespace
}  // namespace hwcert::plugin_common
