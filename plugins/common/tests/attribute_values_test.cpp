// Float attributes rounded once to the op's dtype (clip's bounds).
#include "hwcert/plugin_common/attribute_values.hpp"

#include <gtest/gtest.h>
#include <hwcert/hwcert_plugin.h>

#include <cmath>
#include <limits>

namespace hwcert::plugin_common {
namespace {

TEST(NearestInDtype, RoundsOnceToNearestEven) {
  // 1 + 2^-11 + 2^-40: f16 rounds up to 1 + 2^-10; through f32 it would land on the tie
  // 1 + 2^-11 first and round to even (1).
  EXPECT_EQ(nearest_in_dtype(1.0 + 0x1p-11 + 0x1p-40, HWC_DTYPE_F16), 1.0 + 0x1p-10);
  EXPECT_EQ(nearest_in_dtype(1.0 + 0x1p-11, HWC_DTYPE_F16), 1.0);  // the tie: to even
  EXPECT_EQ(nearest_in_dtype(1.0 + 3 * 0x1p-11, HWC_DTYPE_F16), 1.0 + 0x1p-9);
  EXPECT_EQ(nearest_in_dtype(0.1, HWC_DTYPE_F16), 0.0999755859375);
  EXPECT_EQ(nearest_in_dtype(0.1, HWC_DTYPE_F32), static_cast<double>(0.1f));
  EXPECT_EQ(nearest_in_dtype(-0.1, HWC_DTYPE_BF16), -0.10009765625);
  EXPECT_EQ(nearest_in_dtype(0.1, HWC_DTYPE_F64), 0.1);
}

TEST(NearestInDtype, SubnormalsOverflowAndSpecials) {
  EXPECT_EQ(nearest_in_dtype(3e-8, HWC_DTYPE_F16), 0x1p-24);  // f16's smallest subnormal
  EXPECT_EQ(nearest_in_dtype(2e-8, HWC_DTYPE_F16), 0.0);
  EXPECT_EQ(nearest_in_dtype(65519.99, HWC_DTYPE_F16), 65504.0);
  EXPECT_EQ(nearest_in_dtype(65520.0, HWC_DTYPE_F16), std::numeric_limits<double>::infinity());
  EXPECT_EQ(nearest_in_dtype(-1e39, HWC_DTYPE_F32), -std::numeric_limits<double>::infinity());
  EXPECT_EQ(nearest_in_dtype(-std::numeric_limits<double>::infinity(), HWC_DTYPE_BF16),
            -std::numeric_limits<double>::infinity());
  EXPECT_TRUE(std::isnan(nearest_in_dtype(std::nan(""), HWC_DTYPE_F16)));
  EXPECT_TRUE(std::signbit(nearest_in_dtype(-0.0, HWC_DTYPE_F16)));
}

}  // namespace
}  // namespace hwcert::plugin_common
