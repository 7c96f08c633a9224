// Bit-exact conversions between f32/f64 and the narrow float formats (f16, bf16, fp8 e4m3 and
// e5m2), all round-to-nearest-even, plus the math_mode input roundings (tf32, bf16, f16).
#pragma once

#include <bit>
#include <cmath>
#include <cstdint>
#include <limits>

namespace hwcref {

// --- decoding: exact ---

inline float f16_to_f32(uint16_t h) {
  const uint32_t sign = static_cast<uint32_t>(h & 0x8000u) << 16;
  const uint32_t exponent = (h >> 10) & 0x1fu;
  const uint32_t mantissa = h & 0x3ffu;
  if (exponent == 0) {
    const float magnitude = static_cast<float>(mantissa) * 0x1p-24f;
    return sign ? -magnitude : magnitude;
  }
  if (exponent == 31) return std::bit_cast<float>(sign | 0x7f800000u | (mantissa << 13));
  return std::bit_cast<float>(sign | ((exponent + 112u) << 23) | (mantissa << 13));
}

inline float bf16_to_f32(uint16_t b) {
  return std::bit_cast<float>(static_cast<uint32_t>(b) << 16);
}

// e5m2 is the upper byte of an f16 (same exponent width and bias).
inline float e5m2_to_f32(uint8_t b) {
  return f16_to_f32(static_cast<uint16_t>(b << 8));
}

float e4m3_to_f32(uint8_t b);

// --- encoding from f32: round to nearest even ---

// Overflow gives +-Inf; NaN gives a quiet NaN of the same sign.
inline uint16_t f32_to_f16(float f) {
  uint32_t x = std::bit_cast<uint32_t>(f);
  const uint16_t sign = static_cast<uint16_t>((x >> 16) & 0x8000u);
  x &= 0x7fffffffu;
  if (x > 0x7f800000u) return sign | 0x7e00u;
  if (x >= 0x477ff000u) return sign | 0x7c00u;  // >= 65520 rounds to Inf (Inf included)
  if (x >= 0x38800000u) {                       // normal in f16 (>= 2^-14)
    x += 0xfffu + ((x >> 13) & 1u);
    return static_cast<uint16_t>(sign | ((x - 0x38000000u) >> 13));
  }
  // Subnormal or zero: the result is round(|f| * 2^24) units of 2^-24 (1024 = min normal).
  const float scaled = std::bit_cast<float>(x) * 0x1p24f;
  return static_cast<uint16_t>(sign | static_cast<uint16_t>(std::nearbyint(scaled)));
}

inline uint16_t f32_to_bf16(float f) {
  const uint32_t x = std::bit_cast<uint32_t>(f);
  if ((x & 0x7fffffffu) > 0x7f800000u) return static_cast<uint16_t>((x >> 16) | 0x0040u);
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

}  // namespace hwcref
