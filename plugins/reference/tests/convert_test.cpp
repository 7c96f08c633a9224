// Narrow float conversions against hand-computed bit patterns.
#include <gtest/gtest.h>

#include <bit>
#include <cmath>
#include <limits>

#include "dtype_convert.hpp"
#include "ops/scalar_io.hpp"

namespace hwcert::reference {
namespace {

float f(uint32_t bits) {
  return std::bit_cast<float>(bits);
}

/// Every fp8 byte that is not a NaN decodes to a float that encodes back to the same byte.
void expect_every_byte_round_trips(float (*decode)(uint8_t), uint8_t (*encode)(float)) {
  for (int b = 0; b < 256; ++b) {
    const float v = decode(static_cast<uint8_t>(b));
    if (!std::isnan(v)) {
      ASSERT_EQ(encode(v), b) << b;
    }
  }
}

TEST(ConvertF16, ExactValuesAndSpecials) {
  EXPECT_EQ(f32_to_f16(0.0f), 0x0000);
  EXPECT_EQ(f32_to_f16(-0.0f), 0x8000);
  EXPECT_EQ(f32_to_f16(1.0f), 0x3c00);
  EXPECT_EQ(f32_to_f16(-2.0f), 0xc000);
  EXPECT_EQ(f32_to_f16(65504.0f), 0x7bff);
  EXPECT_EQ(f32_to_f16(std::numeric_limits<float>::infinity()), 0x7c00);
  EXPECT_EQ(f32_to_f16(-std::numeric_limits<float>::infinity()), 0xfc00);
  EXPECT_EQ(f32_to_f16(std::nanf("")) & 0x7fff, 0x7e00);
  EXPECT_EQ(f32_to_f16(-std::nanf("")), 0xfe00);
  EXPECT_EQ(f32_to_f16(0x1p-14f), 0x0400);      // smallest normal
  EXPECT_EQ(f32_to_f16(0x1p-24f), 0x0001);      // smallest subnormal
  EXPECT_EQ(f32_to_f16(0x1.ff8p-15f), 0x03ff);  // largest subnormal
}

TEST(ConvertF16, RoundToNearestEven) {
  // 1 + 2^-11 is halfway between 1 and 1 + 2^-10: ties to even (1.0).
  EXPECT_EQ(f32_to_f16(1.0f + 0x1p-11f), 0x3c00);
  // 1 + 3 * 2^-11 is halfway between 1 + 2^-10 (odd) and 1 + 2^-9 (even): rounds up.
  EXPECT_EQ(f32_to_f16(1.0f + 3 * 0x1p-11f), 0x3c02);
  // Just above the tie rounds up.
  EXPECT_EQ(f32_to_f16(1.0f + 0x1p-11f + 0x1p-20f), 0x3c01);
  // Overflow: 65520 (halfway between 65504 and 65536) ties to even = Inf; just below stays.
  EXPECT_EQ(f32_to_f16(65520.0f), 0x7c00);
  EXPECT_EQ(f32_to_f16(65519.0f), 0x7bff);
  // Subnormal ties: 2^-25 (half of min subnormal) goes to 0; 3 * 2^-25 goes to 2 * 2^-24.
  EXPECT_EQ(f32_to_f16(0x1p-25f), 0x0000);
  EXPECT_EQ(f32_to_f16(3 * 0x1p-25f), 0x0002);
  EXPECT_EQ(f32_to_f16(0x1.8p-25f * 1.0001f), 0x0001);
  // Largest subnormal + half ulp rounds to the smallest normal.
  EXPECT_EQ(f32_to_f16(0x1.ffcp-15f), 0x0400);
}

TEST(ConvertF16, DecodeAndF64Path) {
  EXPECT_EQ(f16_to_f32(0x3c00), 1.0f);
  EXPECT_EQ(f16_to_f32(0x0001), 0x1p-24f);
  EXPECT_EQ(f16_to_f32(0x7bff), 65504.0f);
  EXPECT_TRUE(std::isinf(f16_to_f32(0xfc00)) && f16_to_f32(0xfc00) < 0);
  EXPECT_TRUE(std::isnan(f16_to_f32(0x7e00)));
  // Every f16 survives a round trip through f32 and through the f64 encoder.
  for (uint32_t h = 0; h < 0x10000; ++h) {
    const float v = f16_to_f32(static_cast<uint16_t>(h));
    if (std::isnan(v)) continue;
    ASSERT_EQ(f32_to_f16(v), h) << h;
    ASSERT_EQ(f64_to_f16(v), h) << h;
  }
  // f64 rounds once: 1 + 2^-11 + 2^-40 is above the tie in f64 but would tie after f32.
  EXPECT_EQ(f64_to_f16(1.0 + 0x1p-11 + 0x1p-40), 0x3c01);
}

TEST(ConvertBF16, RoundingAndSpecials) {
  EXPECT_EQ(f32_to_bf16(1.0f), 0x3f80);
  EXPECT_EQ(f32_to_bf16(f(0x3f808000)), 0x3f80);  // tie, even stays
  EXPECT_EQ(f32_to_bf16(f(0x3f818000)), 0x3f82);  // tie, odd rounds up
  EXPECT_EQ(f32_to_bf16(f(0x3f808001)), 0x3f81);
  EXPECT_EQ(f32_to_bf16(std::numeric_limits<float>::max()), 0x7f80);  // overflow to Inf
  EXPECT_EQ(f32_to_bf16(-std::numeric_limits<float>::infinity()), 0xff80);
  EXPECT_EQ(f32_to_bf16(f(0x00010000)), 0x0001);                     // subnormal kept
  EXPECT_EQ(f32_to_bf16(f(0xffc00001)) & 0xffc0, 0xffc0);            // NaN stays NaN with sign
  EXPECT_TRUE(std::isnan(bf16_to_f32(f32_to_bf16(f(0x7f800001)))));  // signalling NaN stays NaN
  EXPECT_EQ(bf16_to_f32(0x4049), 3.140625f);
  EXPECT_EQ(f64_to_bf16(1.0 + 0x1p-8 + 0x1p-30), 0x3f81);
}

TEST(ConvertE4M3, SaturationAndRounding) {
  EXPECT_EQ(f64_to_e4m3(0.0), 0x00);
  EXPECT_EQ(f64_to_e4m3(-0.0), 0x80);
  EXPECT_EQ(f64_to_e4m3(1.0), 0x38);
  EXPECT_EQ(f64_to_e4m3(448.0), 0x7e);
  EXPECT_EQ(f64_to_e4m3(500.0), 0x7e);  // satfinite
  EXPECT_EQ(f64_to_e4m3(1e9), 0x7e);
  EXPECT_EQ(f64_to_e4m3(-1e9), 0xfe);
  EXPECT_EQ(f64_to_e4m3(INFINITY), 0x7e);
  EXPECT_EQ(f64_to_e4m3(-INFINITY), 0xfe);
  EXPECT_EQ(f64_to_e4m3(NAN), 0x7f);
  EXPECT_EQ(f64_to_e4m3(-NAN), 0xff);
  EXPECT_EQ(f64_to_e4m3(0x1p-9), 0x01);       // smallest subnormal
  EXPECT_EQ(f64_to_e4m3(0x1p-10), 0x00);      // tie to even (0)
  EXPECT_EQ(f64_to_e4m3(3 * 0x1p-10), 0x02);  // tie to even (2)
  EXPECT_EQ(f64_to_e4m3(1.0625), 0x38);       // 1 + 1/16: tie between 1 and 1.125 -> 1
  EXPECT_EQ(f64_to_e4m3(1.1875), 0x3a);       // 1 + 3/16: tie between 1.125 and 1.25 -> 1.25
  EXPECT_EQ(e4m3_to_f32(0x7e), 448.0f);
  EXPECT_EQ(e4m3_to_f32(0x01), 0x1p-9f);
  EXPECT_EQ(e4m3_to_f32(0xb8), -1.0f);
  EXPECT_TRUE(std::isnan(e4m3_to_f32(0x7f)));
  EXPECT_TRUE(std::isnan(e4m3_to_f32(0xff)));
  EXPECT_EQ(e4m3_to_f32(0x78), 256.0f);  // S.1111.000 is finite in e4m3fn
  expect_every_byte_round_trips(e4m3_to_f32, f32_to_e4m3);
}

TEST(ConvertE5M2, SaturationAndSpecials) {
  EXPECT_EQ(f64_to_e5m2(1.0), 0x3c);
  EXPECT_EQ(f64_to_e5m2(57344.0), 0x7b);
  EXPECT_EQ(f64_to_e5m2(70000.0), 0x7b);  // satfinite
  EXPECT_EQ(f64_to_e5m2(-1e30), 0xfb);
  EXPECT_EQ(f64_to_e5m2(INFINITY), 0x7c);  // Inf stays Inf
  EXPECT_EQ(f64_to_e5m2(-INFINITY), 0xfc);
  EXPECT_EQ(f64_to_e5m2(NAN) & 0x7f, 0x7e);
  EXPECT_EQ(f64_to_e5m2(0x1p-16), 0x01);
  EXPECT_EQ(f64_to_e5m2(1.125), 0x3c);  // tie -> even (1.0)
  EXPECT_EQ(f64_to_e5m2(1.375), 0x3e);  // tie -> even (1.5)
  EXPECT_EQ(e5m2_to_f32(0x7b), 57344.0f);
  EXPECT_TRUE(std::isinf(e5m2_to_f32(0xfc)));
  expect_every_byte_round_trips(e5m2_to_f32, f32_to_e5m2);
}

TEST(ConvertMathModes, Tf32RoundsTo10Bits) {
  EXPECT_EQ(round_to_tf32(1.0f), 1.0f);
  EXPECT_EQ(round_to_tf32(1.0f + 0x1p-11f), 1.0f);                // tie to even
  EXPECT_EQ(round_to_tf32(1.0f + 3 * 0x1p-11f), 1.0f + 0x1p-9f);  // tie to even (up)
  EXPECT_EQ(round_to_tf32(1.0f + 0x1p-11f + 0x1p-23f), 1.0f + 0x1p-10f);
  EXPECT_TRUE(std::isinf(round_to_tf32(std::numeric_limits<float>::max())));
  EXPECT_TRUE(std::isnan(round_to_tf32(std::nanf(""))));
  EXPECT_EQ(round_to_hf32(1.0f + 0x1p-12f), 1.0f);                 // tie to even
  EXPECT_EQ(round_to_hf32(1.0f + 3 * 0x1p-12f), 1.0f + 0x1p-10f);  // tie to even (up)
  EXPECT_EQ(round_to_hf32(1.0f + 0x1p-11f), 1.0f + 0x1p-11f);      // representable
  EXPECT_EQ(round_to_bf16(1.0f + 0x1p-9f), 1.0f);
  EXPECT_EQ(round_to_f16(1.0f + 0x1p-12f), 1.0f);
}

TEST(ConvertF32, F64OverflowRoundsToInfOrMax) {
  EXPECT_EQ(f64_to_f32(1e300), std::numeric_limits<float>::infinity());
  EXPECT_EQ(f64_to_f32(-1e300), -std::numeric_limits<float>::infinity());
  EXPECT_EQ(f64_to_f32(0x1.ffffffp127),
            std::numeric_limits<float>::infinity());  // tie -> even (Inf)
  EXPECT_EQ(f64_to_f32(0x1.fffffefp127), std::numeric_limits<float>::max());
  EXPECT_EQ(f64_to_f32(1.0 + 0x1p-24), 1.0f);  // tie -> even
  EXPECT_TRUE(std::isnan(f64_to_f32(NAN)));
}

TEST(ConvertIntegers, SaturationAndRoundOdd) {
  EXPECT_EQ(float_to_int_saturating<int8_t>(200.7), 127);
  EXPECT_EQ(float_to_int_saturating<int8_t>(-200.7), -128);
  EXPECT_EQ(float_to_int_saturating<int8_t>(-3.9), -3);
  EXPECT_EQ(float_to_int_saturating<uint8_t>(-1.0), 0);
  EXPECT_EQ(float_to_int_saturating<uint8_t>(255.9), 255);
  EXPECT_EQ(float_to_int_saturating<uint8_t>(256.0), 255);
  EXPECT_EQ(float_to_int_saturating<int32_t>(NAN), 0);
  EXPECT_EQ(float_to_int_saturating<int64_t>(1e300), std::numeric_limits<int64_t>::max());
  EXPECT_EQ(float_to_int_saturating<int64_t>(-0x1p63), std::numeric_limits<int64_t>::min());
  EXPECT_EQ(float_to_int_saturating<int64_t>(0x1p63), std::numeric_limits<int64_t>::max());
  EXPECT_EQ(wrap_to<int8_t>(200), -56);
  EXPECT_EQ(wrap_to<uint8_t>(-1), 255);
  // 2^24 + 1 + 2^-? : (2^53 + 1) * 2^10 + 1 rounds-to-odd keeps the sticky bit so that a
  // later rounding to f32 is correct.
  const int64_t v = (int64_t{1} << 24) + 1;  // tie in f32 between 2^24 and 2^24 + 2
  EXPECT_EQ(static_cast<float>(i64_to_f64_round_odd(v)), 16777216.0f);
  const int64_t w = (int64_t{1} << 60) + (int64_t{1} << 36) + 1;  // just above an f32 tie
  EXPECT_EQ(static_cast<float>(i64_to_f64_round_odd(w)), 0x1p60f + 0x1p37f);
}

}  // namespace
}  // namespace hwcert::reference
