// Conversion bit patterns against hand-computed values: RNE ties, subnormals, NaN,
// saturation, integer casts, math-mode rounding and ULP measures.
#include "hwcert/conformance/dtype_convert.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <limits>

#include "test_support.hpp"

namespace hwcert::conformance {
namespace {

constexpr double kInf = std::numeric_limits<double>::infinity();
using testing::kNaN;

TEST(F16, NormalValuesAndTies) {
  EXPECT_EQ(encode_value(DType::kF16, 1.0), 0x3C00u);
  EXPECT_EQ(encode_value(DType::kF16, -2.0), 0xC000u);
  EXPECT_EQ(encode_value(DType::kF16, 65504.0), 0x7BFFu);
  // 1 + 2^-11 lies halfway between 1 and 1 + 2^-10: ties to the even mantissa (1.0).
  EXPECT_EQ(encode_value(DType::kF16, 1.0 + std::ldexp(1.0, -11)), 0x3C00u);
  // 1 + 3*2^-11 lies halfway between mantissas 1 and 2: goes to 2.
  EXPECT_EQ(encode_value(DType::kF16, 1.0 + 3 * std::ldexp(1.0, -11)), 0x3C02u);
  // Just above the tie rounds up.
  EXPECT_EQ(encode_value(DType::kF16, 1.0 + std::ldexp(1.0, -11) + std::ldexp(1.0, -30)), 0x3C01u);
}

TEST(F16, OverflowAndSpecials) {
  EXPECT_EQ(encode_value(DType::kF16, 65519.0), 0x7BFFu);  // below the midpoint
  EXPECT_EQ(encode_value(DType::kF16, 65520.0), 0x7C00u);  // midpoint ties to even: Inf
  EXPECT_EQ(encode_value(DType::kF16, -1e10), 0xFC00u);
  EXPECT_EQ(encode_value(DType::kF16, kInf), 0x7C00u);
  EXPECT_EQ(encode_value(DType::kF16, kNaN), 0x7E00u);
  EXPECT_EQ(encode_value(DType::kF16, -kNaN), 0xFE00u);
  EXPECT_EQ(encode_value(DType::kF16, -0.0), 0x8000u);
  EXPECT_TRUE(std::isnan(decode_value(DType::kF16, 0x7C01u)));
  EXPECT_EQ(decode_value(DType::kF16, 0xFC00u), -kInf);
}

TEST(F16, Subnormals) {
  EXPECT_EQ(encode_value(DType::kF16, std::ldexp(1.0, -24)), 0x0001u);
  EXPECT_EQ(encode_value(DType::kF16, std::ldexp(1.0, -25)), 0x0000u);      // tie -> even 0
  EXPECT_EQ(encode_value(DType::kF16, 3 * std::ldexp(1.0, -25)), 0x0002u);  // tie -> even 2
  EXPECT_EQ(encode_value(DType::kF16, 1023 * std::ldexp(1.0, -24)), 0x03FFu);
  EXPECT_EQ(decode_value(DType::kF16, 0x03FFu), 1023 * std::ldexp(1.0, -24));
  EXPECT_EQ(decode_value(DType::kF16, 0x0400u), std::ldexp(1.0, -14));
  // The largest subnormal plus half a step rounds up into the smallest normal.
  EXPECT_EQ(encode_value(DType::kF16, 1023.5 * std::ldexp(1.0, -24)), 0x0400u);
}

TEST(BF16, RoundingAndOverflow) {
  EXPECT_EQ(encode_value(DType::kBF16, 1.0), 0x3F80u);
  EXPECT_EQ(encode_value(DType::kBF16, 1.0 + std::ldexp(1.0, -8)), 0x3F80u);      // tie, even
  EXPECT_EQ(encode_value(DType::kBF16, 1.0 + 3 * std::ldexp(1.0, -8)), 0x3F82u);  // tie, even
  EXPECT_EQ(encode_value(DType::kBF16, std::numeric_limits<float>::max()), 0x7F80u);
  EXPECT_EQ(encode_value(DType::kBF16, 3.3895313892515355e38), 0x7F7Fu);  // bf16 max
  EXPECT_EQ(encode_value(DType::kBF16, kNaN), 0x7FC0u);
  EXPECT_EQ(encode_value(DType::kBF16, std::ldexp(1.0, -133)), 0x0001u);  // min subnormal
}

TEST(F8E4M3, SaturatesAndHasNoInf) {
  EXPECT_EQ(encode_value(DType::kF8E4M3, 1.0), 0x38u);
  EXPECT_EQ(encode_value(DType::kF8E4M3, 448.0), 0x7Eu);
  EXPECT_EQ(encode_value(DType::kF8E4M3, 464.0), 0x7Eu);  // beyond max: saturates
  EXPECT_EQ(encode_value(DType::kF8E4M3, 1e9), 0x7Eu);
  EXPECT_EQ(encode_value(DType::kF8E4M3, -1e9), 0xFEu);
  EXPECT_EQ(encode_value(DType::kF8E4M3, kInf), 0x7Eu);
  EXPECT_EQ(encode_value(DType::kF8E4M3, -kInf), 0xFEu);
  EXPECT_EQ(encode_value(DType::kF8E4M3, kNaN), 0x7Fu);
  EXPECT_EQ(encode_value(DType::kF8E4M3, -kNaN), 0xFFu);
  EXPECT_EQ(encode_value(DType::kF8E4M3, 17.0), 0x58u);  // tie between 16 and 18 -> 16
  EXPECT_EQ(encode_value(DType::kF8E4M3, 19.0), 0x5Au);  // tie between 18 and 20 -> 20
  EXPECT_EQ(encode_value(DType::kF8E4M3, std::ldexp(1.0, -9)), 0x01u);
  EXPECT_EQ(encode_value(DType::kF8E4M3, std::ldexp(1.0, -10)), 0x00u);
  EXPECT_TRUE(std::isnan(decode_value(DType::kF8E4M3, 0x7Fu)));
  EXPECT_EQ(decode_value(DType::kF8E4M3, 0x7Eu), 448.0);
  EXPECT_EQ(decode_value(DType::kF8E4M3, 0x78u), 256.0);  // exponent 1111 is a normal binade
}

TEST(F8E5M2, SaturatesFiniteKeepsInf) {
  EXPECT_EQ(encode_value(DType::kF8E5M2, 1.0), 0x3Cu);
  EXPECT_EQ(encode_value(DType::kF8E5M2, 57344.0), 0x7Bu);
  EXPECT_EQ(encode_value(DType::kF8E5M2, 1e6), 0x7Bu);
  EXPECT_EQ(encode_value(DType::kF8E5M2, kInf), 0x7Cu);
  EXPECT_EQ(encode_value(DType::kF8E5M2, -kInf), 0xFCu);
  EXPECT_TRUE(is_nan_bits(DType::kF8E5M2, encode_value(DType::kF8E5M2, kNaN)));
  EXPECT_EQ(decode_value(DType::kF8E5M2, 0x01u), std::ldexp(1.0, -16));
}

TEST(F32, RoundsFromDouble) {
  EXPECT_EQ(encode_value(DType::kF32, 1.0), 0x3F800000u);
  EXPECT_EQ(encode_value(DType::kF32, 1.0 + std::ldexp(1.0, -24)), 0x3F800000u);  // tie, even
  EXPECT_EQ(encode_value(DType::kF32, 1e39), 0x7F800000u);
  EXPECT_EQ(encode_value(DType::kF32, -kNaN), 0xFFC00000u);
}

TEST(Cast, FloatToInteger) {
  const auto f32 = [](double v) { return encode_value(DType::kF32, v); };
  EXPECT_EQ(cast_bits(DType::kF32, f32(300.7), DType::kI8), 127u);
  EXPECT_EQ(cast_bits(DType::kF32, f32(-1e9), DType::kI8), 0x80u);  // -128
  EXPECT_EQ(cast_bits(DType::kF32, f32(-3.9), DType::kI8), 0xFDu);  // -3, toward zero
  EXPECT_EQ(cast_bits(DType::kF32, f32(kNaN), DType::kI32), 0u);
  EXPECT_EQ(cast_bits(DType::kF32, f32(kInf), DType::kI32), 0x7FFFFFFFu);
  EXPECT_EQ(cast_bits(DType::kF32, f32(-5.0), DType::kU8), 0u);
  EXPECT_EQ(cast_bits(DType::kF64, encode_value(DType::kF64, 255.9), DType::kU8), 255u);
  EXPECT_EQ(cast_bits(DType::kF64, encode_value(DType::kF64, 1e19), DType::kI64),
            0x7FFFFFFFFFFFFFFFull);
  EXPECT_EQ(cast_bits(DType::kF64, encode_value(DType::kF64, -1e19), DType::kI64),
            0x8000000000000000ull);
}

TEST(Cast, IntegerWrapAndToFloat) {
  EXPECT_EQ(cast_bits(DType::kI32, encode_integer(DType::kI32, 300), DType::kI8), 44u);
  EXPECT_EQ(cast_bits(DType::kI32, encode_integer(DType::kI32, -129), DType::kI8), 127u);
  EXPECT_EQ(
      cast_bits(DType::kI64, encode_integer(DType::kI64, (int64_t{1} << 32) + 5), DType::kI32), 5u);
  EXPECT_EQ(cast_bits(DType::kI8, 0xFFu, DType::kU8), 255u);
  // 2^60 + 2^36 + 1 is just above the f32 tie between 2^60 and 2^60 + 2^37: rounds up. A
  // conversion through double would lose the +1 and tie to the even 2^60.
  const int64_t v = (int64_t{1} << 60) + (int64_t{1} << 36) + 1;
  EXPECT_EQ(cast_bits(DType::kI64, encode_integer(DType::kI64, v), DType::kF32), 0x5D800001u);
  EXPECT_EQ(cast_bits(DType::kI32, encode_integer(DType::kI32, 100000), DType::kF16), 0x7C00u);
  EXPECT_EQ(cast_bits(DType::kI32, encode_integer(DType::kI32, 1000), DType::kF8E4M3), 0x7Eu);
}

TEST(Cast, Bool) {
  EXPECT_EQ(cast_bits(DType::kF32, encode_value(DType::kF32, kNaN), DType::kBool), 1u);
  EXPECT_EQ(cast_bits(DType::kF32, encode_value(DType::kF32, -0.0), DType::kBool), 0u);
  EXPECT_EQ(cast_bits(DType::kF32, encode_value(DType::kF32, 0.25), DType::kBool), 1u);
  EXPECT_EQ(cast_bits(DType::kBool, 1u, DType::kF32), 0x3F800000u);
  EXPECT_EQ(cast_bits(DType::kBool, 1u, DType::kI64), 1u);
  EXPECT_EQ(cast_bits(DType::kI32, encode_integer(DType::kI32, -7), DType::kBool), 1u);
}

TEST(Cast, FloatToFloatKeepsNaNSignAndSaturatesFp8) {
  EXPECT_EQ(cast_bits(DType::kF32, 0xFFC00000u, DType::kF16), 0xFE00u);
  EXPECT_EQ(cast_bits(DType::kF32, 0x7F800000u, DType::kF8E4M3), 0x7Eu);
  EXPECT_EQ(cast_bits(DType::kF16, 0x7BFFu, DType::kF8E5M2), 0x7Bu);  // 65504 -> 57344
  EXPECT_EQ(cast_bits(DType::kF16, 0x8000u, DType::kF32), 0x80000000u);
}

TEST(MathMode, InputRounding) {
  EXPECT_EQ(round_to_math_mode(1.0 + std::ldexp(1.0, -11), MathMode::kTF32), 1.0);
  EXPECT_EQ(round_to_math_mode(1.0 + 3 * std::ldexp(1.0, -11), MathMode::kTF32),
            1.0 + std::ldexp(1.0, -9));
  EXPECT_EQ(round_to_math_mode(1.0 + std::ldexp(1.0, -11), MathMode::kHF32),
            1.0 + std::ldexp(1.0, -11));
  EXPECT_EQ(round_to_math_mode(1.0 + std::ldexp(1.0, -12), MathMode::kHF32), 1.0);
  EXPECT_EQ(round_to_math_mode(1e6, MathMode::kF16), kInf);       // f16 range applies
  EXPECT_EQ(round_to_math_mode(1e6, MathMode::kTF32), 999936.0);  // f32 range kept
  EXPECT_EQ(math_mode_epsilon(MathMode::kTF32), std::ldexp(1.0, -10));
  EXPECT_EQ(math_mode_epsilon(MathMode::kStrict), 0.0);
  EXPECT_EQ(parse_math_mode("hf32"), MathMode::kHF32);
  EXPECT_FALSE(parse_math_mode("fast").has_value());
}

TEST(Ulp, SpacingAndDistance) {
  EXPECT_EQ(ulp_of(1.0, DType::kF32), std::ldexp(1.0, -23));
  EXPECT_EQ(ulp_of(1.5, DType::kF16), std::ldexp(1.0, -10));
  EXPECT_EQ(ulp_of(0.0, DType::kF16), std::ldexp(1.0, -24));
  EXPECT_EQ(ulp_of(1.0, DType::kBF16), std::ldexp(1.0, -7));
  EXPECT_EQ(ulp_of(448.0, DType::kF8E4M3), 32.0);
  EXPECT_EQ(ulp_of(7.0, DType::kI32), 1.0);
  EXPECT_EQ(ulp_distance(DType::kF32, 0x3F800000u, 0x3F800001u), 1.0);
  EXPECT_EQ(ulp_distance(DType::kF32, 0x80000000u, 0x00000000u), 0.0);
  EXPECT_EQ(ulp_distance(DType::kF32, 0x80000001u, 0x00000001u), 2.0);
  EXPECT_EQ(ulp_distance(DType::kF64, 0x3FF0000000000000ull, 0x3FF0000000000003ull), 3.0);
  EXPECT_EQ(ulp_distance(DType::kF16, 0x7BFFu, 0x7C00u), 1.0);  // max to Inf
  EXPECT_TRUE(std::isinf(ulp_distance(DType::kF32, 0x7FC00000u, 0x3F800000u)));
  EXPECT_EQ(ulp_distance(DType::kI8, 0x80u, 0x7Fu), 255.0);
}

TEST(Ulp, IntegerDistanceIsExactAboveTwoTo53) {
  // 2^60 and 2^60 + 1 are one double apart by 0: the distance must still be one.
  const uint64_t big = uint64_t{1} << 60;
  EXPECT_EQ(ulp_distance(DType::kI64, big, big + 1), 1.0);
  EXPECT_EQ(ulp_distance(DType::kI64, big + 1, big), 1.0);
  // The full span: INT64_MIN to INT64_MAX is 2^64 - 1 apart.
  EXPECT_EQ(ulp_distance(DType::kI64, uint64_t{1} << 63, (uint64_t{1} << 63) - 1), 0x1p64);
  EXPECT_EQ(ulp_distance(DType::kI64, big, big), 0.0);
}

}  // namespace
}  // namespace hwcert::conformance
