// Bit-exact conversions between f32/f64 and the narrow float formats (f16, bf16, fp8 e4m3 and
// e5m2), all round-to-nearest-even, plus the math_mode input roundings (tf32, bf16, f16).
#pragma once

#include <array>
#include <bit>
#include <cmath>
#include <cstdint>
#include <limits>

#include "mutant.hpp"

namespace hwcert::reference {

// --- decoding: exact ---

// Branch-free (selects only) so that loops over it vectorise.
inline float f16_to_f32(uint16_t h) {
  const uint32_t sign = static_cast<uint32_t>(h & 0x8000u) << 16;
  const uint32_t shifted = static_cast<uint32_t>(h & 0x7fffu) << 13;  // exponent and mantissa
  const uint32_t exponent = shifted & 0x0f800000u;
  const uint32_t normal = shifted + 0x38000000u;  // rebias 15 -> 127
  // Inf/NaN: exponent all ones; rebias once more to 255.
  const uint32_t special = normal + 0x38000000u;
  // Subnormal/zero: value = mantissa * 2^-24, computed exactly as (2^-14 + m * 2^-24) - 2^-14.
  const float subnormal = std::bit_cast<float>(normal + 0x00800000u) - 0x1p-14f;
  const uint32_t magnitude = exponent == 0x0f800000u ? special
                             : exponent == 0         ? std::bit_cast<uint32_t>(subnormal)
                                                     : normal;
  return std::bit_cast<float>(sign | magnitude);
}

inline float bf16_to_f32(uint16_t b) {
  return std::bit_cast<float>(static_cast<uint32_t>(b) << 16);
}

// e5m2 is the upper byte of an f16 (same exponent width and bias).
inline float e5m2_to_f32(uint8_t b) {
  return f16_to_f32(static_cast<uint16_t>(b << 8));
}

namespace detail {
// f32 bit patterns of the 256 e4m3 values (S.EEEE.MMM, bias 7, S.1111.111 = NaN).
constexpr std::array<uint32_t, 256> make_e4m3_bits() {
  std::array<uint32_t, 256> bits{};
  for (uint32_t b = 0; b < 256; ++b) {
    const uint32_t sign = (b & 0x80u) << 24;
    const uint32_t exponent = (b >> 3) & 0xfu;
    const uint32_t mantissa = b & 7u;
    uint32_t magnitude = 0;
    if (exponent == 15 && mantissa == 7) {
      magnitude = 0x7fc00000u;
    } else if (exponent != 0) {
      magnitude = ((exponent + 120u) << 23) | (mantissa << 20);
    } else if (mantissa != 0) {  // subnormal: mantissa * 2^-9, normalised for f32
      uint32_t m = mantissa;
      uint32_t e = 127u - 9u;
      while ((m & 8u) == 0) {
        m <<= 1;
        --e;
      }
      magnitude = (e + 3u) << 23 | ((m & 7u) << 20);
    }
    bits[b] = sign | magnitude;
  }
  return bits;
}
inline constexpr std::array<uint32_t, 256> kE4M3Bits = make_e4m3_bits();
}  // namespace detail

inline float e4m3_to_f32(uint8_t b) {
  return std::bit_cast<float>(detail::kE4M3Bits[b]);
}

// --- encoding from f32: round to nearest even ---

// Overflow gives +-Inf; NaN gives a quiet NaN of the same sign. Branch-free (selects only)
// so that loops over it vectorise.
inline uint16_t f32_to_f16(float f) {
  const uint32_t x = std::bit_cast<uint32_t>(f);
  const uint32_t sign = (x >> 16) & 0x8000u;
  const uint32_t a = x & 0x7fffffffu;
  // Normal range: add the rounding increment below bit 13 (ties to even), then rebias.
  const uint32_t rounded = a + 0xfffu + ((a >> 13) & 1u);
  const uint32_t normal = (rounded - 0x38000000u) >> 13;
  // Subnormal range (|f| < 2^-14): adding 0.5 aligns the 10 result bits at the bottom of the
  // mantissa, and the addition itself rounds to nearest even.
  const float aligned = std::bit_cast<float>(a) + 0.5f;
  const uint32_t subnormal = std::bit_cast<uint32_t>(aligned) - 0x3f000000u;
  const uint32_t magnitude = a > 0x7f800000u    ? 0x7e00u
                             : a >= 0x477ff000u ? 0x7c00u  // >= 65520 rounds to Inf
                             : a >= 0x38800000u ? normal
                                                : subnormal;
  if (mutant(Mutant::kCastF16InfAboveMax) && a > 0x477fe000u && a <= 0x7f800000u)
    return static_cast<uint16_t>(sign | 0x7c00u);  // Inf above 65504
  if (mutant(Mutant::kCastF16Saturates) && a >= 0x477ff000u && a < 0x7f800000u)
    return static_cast<uint16_t>(sign | 0x7bffu);  // +-65504 for finite overflow
  if (mutant(Mutant::kCastF16TowardZero) && a >= 0x38800000u && a < 0x477ff000u)
    return static_cast<uint16_t>(sign | ((a - 0x38000000u) >> 13));  // truncated
  return static_cast<uint16_t>(sign | magnitude);
}

inline uint16_t f32_to_bf16(float f) {
  uint32_t x = std::bit_cast<uint32_t>(f);
  if ((x & 0x7fffffffu) > 0x7f800000u) return static_cast<uint16_t>((x >> 16) | 0x0040u);
  if (mutant(Mutant::kCastBf16Truncates)) return static_cast<uint16_t>(x >> 16);
  if (mutant(Mutant::kCastBf16InfAboveMax) && (x & 0x7fffffffu) > 0x7f7f0000u)
    return static_cast<uint16_t>(((x >> 16) & 0x8000u) | 0x7f80u);  // Inf above bf16's max
  if (mutant(Mutant::kCastF32Bf16ViaTf32) && (x & 0x7f800000u) != 0x7f800000u)
    x = (x + 0xfffu + ((x >> 13) & 1u)) & ~0x1fffu;  // rounded to tf32 first
  return static_cast<uint16_t>((x + 0x7fffu + ((x >> 16) & 1u)) >> 16);
}

// --- encoding from f64 (used by cast so that f64 -> narrow rounds once) ---

uint16_t f64_to_f16(double v);
uint16_t f64_to_bf16(double v);
// fp8 follows the catalogue's "satfinite" rule: finite overflow gives +-max; +-Inf gives
// +-448 for e4m3 (no Inf) and +-Inf for e5m2; NaN stays NaN with its sign.
uint8_t f64_to_e4m3(double v);
uint8_t f64_to_e5m2(double v);
inline uint8_t f32_to_e4m3(float v) {
  return f64_to_e4m3(static_cast<double>(v));
}
inline uint8_t f32_to_e5m2(float v) {
  return f64_to_e5m2(static_cast<double>(v));
}

// f64 -> f32 rounding to nearest even with IEEE overflow to +-Inf (a plain conversion of an
// out-of-range double is undefined behaviour in C++).
inline float f64_to_f32(double v) {
  constexpr double kOverflow = 0x1.ffffffp127;  // FLT_MAX + half an ulp: ties go to Inf
  if (v >= kOverflow) return std::numeric_limits<float>::infinity();
  if (v <= -kOverflow) return -std::numeric_limits<float>::infinity();
  return static_cast<float>(v);
}

// Nearest double to an int64 rounded to odd at 53 bits, so that a second rounding to 24 bits
// or fewer gives the correctly rounded result (no double-rounding error).
double i64_to_f64_round_odd(int64_t v);

// --- math_mode roundings of f32 inputs (round to nearest even) ---

// TF32: 10 explicit mantissa bits, f32's exponent range. NaN and Inf pass through.
inline float round_to_tf32(float f) {
  uint32_t x = std::bit_cast<uint32_t>(f);
  if ((x & 0x7f800000u) == 0x7f800000u) return f;
  x += 0xfffu + ((x >> 13) & 1u);
  return std::bit_cast<float>(x & ~0x1fffu);
}
// HF32 (Ascend): 11 explicit mantissa bits, f32's exponent range.
inline float round_to_hf32(float f) {
  uint32_t x = std::bit_cast<uint32_t>(f);
  if ((x & 0x7f800000u) == 0x7f800000u) return f;
  x += 0x7ffu + ((x >> 12) & 1u);
  return std::bit_cast<float>(x & ~0xfffu);
}
inline float round_to_bf16(float f) {
  return bf16_to_f32(f32_to_bf16(f));
}
inline float round_to_f16(float f) {
  return f16_to_f32(f32_to_f16(f));
}

}  // namespace hwcert::reference
