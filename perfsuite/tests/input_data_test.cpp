#include "hwcert/perfsuite/input_data.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <cstring>

namespace hwcert::perf {
namespace {

TEST(InputData, F16KnownEncodings) {
  EXPECT_EQ(float_to_f16_bits(1.0f), 0x3C00);
  EXPECT_EQ(float_to_f16_bits(-2.0f), 0xC000);
  EXPECT_EQ(float_to_f16_bits(65504.0f), 0x7BFF);
  EXPECT_EQ(float_to_f16_bits(65520.0f), 0x7C00);            // rounds up past max: Inf
  EXPECT_EQ(float_to_f16_bits(5.9604645e-08f), 0x0001);      // smallest subnormal
  EXPECT_EQ(float_to_f16_bits(1.0f + 1.0f / 2048), 0x3C00);  // tie to even
  EXPECT_EQ(float_to_f16_bits(1.0f + 3.0f / 2048), 0x3C02);  // tie to even (up)
  EXPECT_FLOAT_EQ(f16_bits_to_float(0x3555), 0.33325195f);
}

TEST(InputData, Bf16AndFp8KnownEncodings) {
  EXPECT_EQ(float_to_bf16_bits(1.0f), 0x3F80);
  EXPECT_EQ(float_to_bf16_bits(-0.5f), 0xBF00);
  EXPECT_FLOAT_EQ(bf16_bits_to_float(float_to_bf16_bits(3.140625f)), 3.140625f);
  EXPECT_EQ(float_to_f8e4m3_bits(1.0f), 0x38);
  EXPECT_EQ(float_to_f8e4m3_bits(448.0f), 0x7E);
  EXPECT_EQ(float_to_f8e4m3_bits(1000.0f), 0x7E);        // saturates
  EXPECT_EQ(float_to_f8e4m3_bits(-0.001953125f), 0x81);  // smallest subnormal 2^-9
  EXPECT_EQ(float_to_f8e5m2_bits(1.0f), 0x3C);
  EXPECT_EQ(float_to_f8e5m2_bits(57344.0f), 0x7B);
  EXPECT_EQ(float_to_f8e5m2_bits(1e6f), 0x7C);  // Inf
}

TEST(InputData, SeededAndNeverZero) {
  const TensorSpec spec = TensorSpec::dense(DType::kF32, {4096});
  const auto a = random_tensor_bytes(spec, 7);
  const auto b = random_tensor_bytes(spec, 7);
  const auto c = random_tensor_bytes(spec, 8);
  EXPECT_EQ(a, b);
  EXPECT_NE(a, c);
  for (std::size_t i = 0; i < 4096; ++i) {
    float v;
    std::memcpy(&v, a.data() + 4 * i, 4);
    ASSERT_GE(std::fabs(v), 0.01f);
    ASSERT_LE(std::fabs(v), 1.0f);
  }
}

TEST(InputData, SmallNonZeroIntegersAndHalfFloats) {
  const auto ints = random_tensor_bytes(TensorSpec::dense(DType::kI8, {512}), 3);
  for (std::byte byte : ints) {
    const auto v = static_cast<int8_t>(byte);
    ASSERT_NE(v, 0);
    ASSERT_LE(std::abs(v), 4);
  }
  const auto halves = random_tensor_bytes(TensorSpec::dense(DType::kF16, {512}), 3);
  for (std::size_t i = 0; i < 512; ++i) {
    uint16_t bits;
    std::memcpy(&bits, halves.data() + 2 * i, 2);
    ASSERT_GE(std::fabs(f16_bits_to_float(bits)), 0.0099f);
  }
}

}  // namespace
}  // namespace hwcert::perf
