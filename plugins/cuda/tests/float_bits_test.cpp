// The kernels' f16/bf16 conversions (kernels/float_bits.hpp) against the conformance
// suite's reference encoder and decoder, bit for bit: every f16 and bf16 widened; f32 and
// f64 patterns (ties, subnormals, overflow, NaNs of both signs, and a seeded random sample)
// narrowed. Host code: runs without a GPU.
#include <gtest/gtest.h>

#include <bit>
#include <cmath>
#include <cstdint>
#include <random>
#include <vector>

#include "hwcert/conformance/dtype_convert.hpp"
#include "kernels/float_bits.hpp"

namespace hwcert::cuda::kernels {
namespace {

using conformance::decode_value;
using conformance::encode_value;
using hwcert::DType;

constexpr uint32_t kF32Sign = 0x80000000u;

/// f32 patterns that stress narrowing to `mantissa_bits` bits: every exponent, both signs,
/// mantissas at and around the rounding ties, NaN payloads, then `random` random patterns.
std::vector<uint32_t> narrowing_inputs(int mantissa_bits, int random) {
  const uint32_t step = 1u << (23 - mantissa_bits);  // one target ulp in f32 mantissa units
  const uint32_t mantissas[] = {0,
                                1,
                                step / 2 - 1,
                                step / 2,
                                step / 2 + 1,
                                step - 1,
                                step,
                                step + step / 2,
                                3 * step / 2 + 1,
                                0x7fffffu,
                                0x400000u,
                                0x400001u,
                                0x3fffffu,
                                0x7fffffu - step / 2};
  std::vector<uint32_t> inputs;
  for (uint32_t sign : {0u, kF32Sign})
    for (uint32_t exponent = 0; exponent < 256; ++exponent)
      for (uint32_t mantissa : mantissas) inputs.push_back(sign | exponent << 23 | mantissa);
  std::mt19937 rng(20);
  for (int i = 0; i < random; ++i) inputs.push_back(static_cast<uint32_t>(rng()));
  return inputs;
}

/// A narrowed NaN: quiet, same sign, the payload's top bits.
void expect_narrowed_nan(uint64_t in, int in_mantissa_bits, uint16_t out, int out_exponent_bits,
                         int out_mantissa_bits) {
  const int out_sign_shift = out_exponent_bits + out_mantissa_bits;
  const uint64_t in_sign = in >> (in_mantissa_bits == 52 ? 63 : 31);
  const uint64_t payload = in & ((uint64_t{1} << in_mantissa_bits) - 1);
  const uint16_t expected = static_cast<uint16_t>(
      in_sign << out_sign_shift | ((1u << out_exponent_bits) - 1) << out_mantissa_bits |
      1u << (out_mantissa_bits - 1) | payload >> (in_mantissa_bits - out_mantissa_bits));
  EXPECT_EQ(out, expected) << std::hex << "NaN input 0x" << in;
}

TEST(FloatBits, F16WideningMatchesTheReferenceForEvery16BitPattern) {
  for (uint32_t h = 0; h < 0x10000u; ++h) {
    const uint32_t ours = f16_bits_to_f32_bits(static_cast<uint16_t>(h));
    const double reference = decode_value(DType::kF16, h);
    if (std::isnan(reference)) {
      // NaN: sign and payload carried over unchanged.
      ASSERT_EQ(ours, (h & 0x8000u) << 16 | 0x7f800000u | (h & 0x3ffu) << 13) << std::hex << h;
    } else {
      ASSERT_EQ(std::bit_cast<uint64_t>(static_cast<double>(std::bit_cast<float>(ours))),
                std::bit_cast<uint64_t>(reference))
          << std::hex << h;
    }
  }
}

TEST(FloatBits, BF16WideningMatchesTheReferenceForEvery16BitPattern) {
  for (uint32_t b = 0; b < 0x10000u; ++b) {
    const uint32_t ours = bf16_bits_to_f32_bits(static_cast<uint16_t>(b));
    const double reference = decode_value(DType::kBF16, b);
    ASSERT_EQ(ours, b << 16);
    if (std::isnan(reference)) {
      ASSERT_EQ(std::signbit(std::bit_cast<float>(ours)), (b & 0x8000u) != 0) << std::hex << b;
    } else {
      ASSERT_EQ(static_cast<double>(std::bit_cast<float>(ours)), reference) << std::hex << b;
    }
  }
}

/// Narrowing f32 patterns to f16 or bf16 against encode_value of the exact value.
void check_f32_narrowing(DType dtype, uint16_t (*narrow)(uint32_t), int exponent_bits,
                         int mantissa_bits) {
  for (const uint32_t f : narrowing_inputs(mantissa_bits, 200000)) {
    const uint16_t ours = narrow(f);
    const float value = std::bit_cast<float>(f);
    if (std::isnan(value)) {
      expect_narrowed_nan(f, 23, ours, exponent_bits, mantissa_bits);
    } else {
      ASSERT_EQ(ours, encode_value(dtype, static_cast<double>(value))) << std::hex << f;
    }
  }
}

TEST(FloatBits, F32ToF16MatchesTheReferenceAndKeepsNaNSignAndPayload) {
  check_f32_narrowing(DType::kF16, f32_bits_to_f16_bits, 5, 10);
}

TEST(FloatBits, F32ToBF16MatchesTheReferenceAndKeepsNaNSignAndPayload) {
  check_f32_narrowing(DType::kBF16, f32_bits_to_bf16_bits, 8, 7);
}

TEST(FloatBits, F64NarrowingRoundsOnceAndKeepsNaNSign) {
  std::mt19937_64 rng(21);
  std::vector<uint64_t> inputs = {0x7ff8000000000001ull, 0xfff8000000000000ull,
                                  0x7ff0000000000001ull, 0xfff0000000000000ull,
                                  0x8000000000000000ull, 0x3ff0000000000000ull};
  for (int i = 0; i < 100000; ++i) {
    // Exponents around the f16/bf16 ranges (|e| < 160), and any pattern.
    const uint64_t bits = rng();
    const uint64_t exponent = 1023 - 160 + (bits >> 52) % 320;
    inputs.push_back((bits & 0x800fffffffffffffull) | exponent << 52);
    inputs.push_back(rng());
  }
  for (const uint64_t d : inputs) {
    const double value = std::bit_cast<double>(d);
    const uint16_t h = f64_bits_to_f16_bits(d), b = f64_bits_to_bf16_bits(d);
    if (std::isnan(value)) {
      expect_narrowed_nan(d, 52, h, 5, 10);
      expect_narrowed_nan(d, 52, b, 8, 7);
    } else {
      ASSERT_EQ(h, encode_value(DType::kF16, value)) << std::hex << d;
      ASSERT_EQ(b, encode_value(DType::kBF16, value)) << std::hex << d;
    }
  }
}

TEST(FloatBits, NamedCases) {
  EXPECT_EQ(f32_bits_to_f16_bits(0xffc00000u), 0xfe00u);   // -NaN stays negative
  EXPECT_EQ(f32_bits_to_f16_bits(0x7f800001u), 0x7e00u);   // signalling NaN comes out quiet
  EXPECT_EQ(f32_bits_to_bf16_bits(0xff800001u), 0xffc0u);  // -sNaN: quiet, negative
  EXPECT_EQ(f32_bits_to_f16_bits(std::bit_cast<uint32_t>(65520.0f)), 0x7c00u);         // tie -> Inf
  EXPECT_EQ(f32_bits_to_f16_bits(std::bit_cast<uint32_t>(65519.0f)), 0x7bffu);         // 65504
  EXPECT_EQ(f32_bits_to_f16_bits(std::bit_cast<uint32_t>(1.0f + 0x1p-11f)), 0x3c00u);  // even
  EXPECT_EQ(f32_bits_to_f16_bits(std::bit_cast<uint32_t>(1.0f + 0x3p-11f)), 0x3c02u);  // even
  EXPECT_EQ(f32_bits_to_f16_bits(std::bit_cast<uint32_t>(0x1p-24f)), 0x0001u);         // subnormal
  EXPECT_EQ(f32_bits_to_f16_bits(std::bit_cast<uint32_t>(0x1p-25f)), 0x0000u);         // tie -> 0
  EXPECT_EQ(f32_bits_to_f16_bits(std::bit_cast<uint32_t>(-0x1.000002p-25f)), 0x8001u);
  EXPECT_EQ(f32_bits_to_f16_bits(std::bit_cast<uint32_t>(0x1.ffcp-15f)), 0x0400u);  // -> normal
  EXPECT_EQ(f32_bits_to_bf16_bits(0x00010000u), 0x0001u);  // f32 subnormal to bf16 subnormal
  EXPECT_EQ(f16_bits_to_f32_bits(0xfc01u), 0xff802000u);   // -sNaN payload kept
  EXPECT_EQ(f16_bits_to_f32_bits(0x8001u), std::bit_cast<uint32_t>(-0x1p-24f));
}

}  // namespace
}  // namespace hwcert::cuda::kernels
