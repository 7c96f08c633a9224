// Conversions between f64/f32 and f16/bf16 done on the bit patterns, for host and device.
// CUDA's conversion intrinsics (__float2half_rn, __half2float, __double2bfloat16, ...) give
// a canonical NaN, dropping its sign and payload; these keep both:
//   widening (f16/bf16 -> f32) is exact, NaN payloads included (bits as they are);
//   narrowing (f64/f32 -> f16/bf16) rounds to nearest even, overflows to +-Inf, keeps the
//   sign of zero, and gives a quiet NaN of the same sign carrying the payload's top bits.
// Plain C++ when not compiled by nvcc, so host tests check them bit for bit.
#pragma once

#include <cstdint>

#ifdef __CUDACC__
#define HWCERT_HOST_DEVICE __host__ __device__
#else
#define HWCERT_HOST_DEVICE
#endif

namespace hwcert::cuda::kernels {

/// An IEEE binary format: exponent and explicit mantissa bits.
struct FloatFormat {
  int exponent_bits;
  int mantissa_bits;
};
inline constexpr FloatFormat kF64Format{11, 52};
inline constexpr FloatFormat kF32Format{8, 23};
inline constexpr FloatFormat kF16Format{5, 10};
inline constexpr FloatFormat kBF16Format{8, 7};

/// The all-ones exponent field of `f` (Inf and NaN).
HWCERT_HOST_DEVICE constexpr uint64_t max_exponent(FloatFormat f) {
  return (uint64_t{1} << f.exponent_bits) - 1;
}

/// The fields of a value's bits in its format: sign (0 or 1), biased exponent, mantissa.
struct FloatFields {
  uint64_t sign;
  uint64_t exponent;
  uint64_t mantissa;
};

/// `bits` of format `f` split into its fields.
HWCERT_HOST_DEVICE constexpr FloatFields fields_of(uint64_t bits, FloatFormat f) {
  return {(bits >> (f.exponent_bits + f.mantissa_bits)) & 1,
          (bits >> f.mantissa_bits) & max_exponent(f),
          bits & ((uint64_t{1} << f.mantissa_bits) - 1)};
}

/// The sign bit of format `f` set when `sign` is 1.
HWCERT_HOST_DEVICE constexpr uint64_t sign_bits(uint64_t sign, FloatFormat f) {
  return sign << (f.exponent_bits + f.mantissa_bits);
}

/// The biased exponent `exponent` of format `from` with the bias of format `to` instead.
HWCERT_HOST_DEVICE constexpr int64_t rebiased_exponent(int64_t exponent, FloatFormat from,
                                                       FloatFormat to) {
  return exponent - ((int64_t{1} << (from.exponent_bits - 1)) - 1) +
         ((int64_t{1} << (to.exponent_bits - 1)) - 1);
}

/// `bits` of format `from` rounded (nearest, ties to even) to the narrower format `to`.
HWCERT_HOST_DEVICE constexpr uint64_t narrow_float_bits(uint64_t bits, FloatFormat from,
                                                        FloatFormat to) {
  const int ms = from.mantissa_bits, md = to.mantissa_bits;
  const FloatFields x = fields_of(bits, from);
  const uint64_t sign = sign_bits(x.sign, to);
  const uint64_t infinity = max_exponent(to) << md;
  if (x.exponent == max_exponent(from)) {  // Inf, or a quiet NaN with the payload's top bits
    if (x.mantissa == 0) return sign | infinity;
    return sign | infinity | (uint64_t{1} << (md - 1)) | (x.mantissa >> (ms - md));
  }
  // value = significand * 2^(e - bias_s - ms); in the target, with e rebased to its bias.
  const uint64_t significand = x.exponent == 0 ? x.mantissa : x.mantissa | (uint64_t{1} << ms);
  int64_t e = rebiased_exponent(x.exponent == 0 ? 1 : static_cast<int64_t>(x.exponent), from, to);
  int64_t shift = ms - md;
  if (e < 1) {  // below the target's normal range: its subnormals
    shift += 1 - e;
    e = 1;
  }
  if (shift > 60) shift = 60;  // every bit shifted out: rounds to zero
  uint64_t rounded = significand >> shift;
  const uint64_t rest = significand & ((uint64_t{1} << shift) - 1);
  const uint64_t half = uint64_t{1} << (shift - 1);
  if (rest > half || (rest == half && (rounded & 1) != 0)) ++rounded;
  // The leading bit of `rounded` lands in the exponent field, so a carry moves it up.
  uint64_t magnitude = (static_cast<uint64_t>(e - 1) << md) + rounded;
  if (magnitude >= infinity) magnitude = infinity;
  return sign | magnitude;
}

/// `bits` of format `from` in the wider format `to`: exact.
HWCERT_HOST_DEVICE constexpr uint64_t widen_float_bits(uint64_t bits, FloatFormat from,
                                                       FloatFormat to) {
  const int ms = from.mantissa_bits, md = to.mantissa_bits;
  const FloatFields x = fields_of(bits, from);
  const uint64_t sign = sign_bits(x.sign, to);
  uint64_t mantissa = x.mantissa;
  if (x.exponent == max_exponent(from))
    return sign | (max_exponent(to) << md) | (mantissa << (md - ms));
  if (x.exponent == 0 && mantissa == 0) return sign;
  int64_t e = rebiased_exponent(static_cast<int64_t>(x.exponent), from, to);
  if (x.exponent == 0) {  // subnormal: normalise
    ++e;
    while ((mantissa & (uint64_t{1} << ms)) == 0) {
      mantissa <<= 1;
      --e;
    }
    mantissa &= (uint64_t{1} << ms) - 1;
  }
  return sign | (static_cast<uint64_t>(e) << md) | (mantissa << (md - ms));
}

HWCERT_HOST_DEVICE constexpr uint32_t f16_bits_to_f32_bits(uint16_t h) {
  return static_cast<uint32_t>(widen_float_bits(h, kF16Format, kF32Format));
}
HWCERT_HOST_DEVICE constexpr uint32_t bf16_bits_to_f32_bits(uint16_t b) {
  return static_cast<uint32_t>(b) << 16;
}
HWCERT_HOST_DEVICE constexpr uint16_t f32_bits_to_f16_bits(uint32_t f) {
  return static_cast<uint16_t>(narrow_float_bits(f, kF32Format, kF16Format));
}
HWCERT_HOST_DEVICE constexpr uint16_t f32_bits_to_bf16_bits(uint32_t f) {
  return static_cast<uint16_t>(narrow_float_bits(f, kF32Format, kBF16Format));
}
HWCERT_HOST_DEVICE constexpr uint16_t f64_bits_to_f16_bits(uint64_t d) {
  return static_cast<uint16_t>(narrow_float_bits(d, kF64Format, kF16Format));
}
HWCERT_HOST_DEVICE constexpr uint16_t f64_bits_to_bf16_bits(uint64_t d) {
  return static_cast<uint16_t>(narrow_float_bits(d, kF64Format, kBF16Format));
}

#ifdef __CUDACC__
// The same on device values: f16/bf16 as their bits, f32/f64 as values.
__device__ inline float f16_bits_to_float(uint16_t h) {
  return __uint_as_float(f16_bits_to_f32_bits(h));
}
__device__ inline float bf16_bits_to_float(uint16_t b) {
  return __uint_as_float(bf16_bits_to_f32_bits(b));
}
__device__ inline uint16_t float_to_f16_bits(float v) {
  return f32_bits_to_f16_bits(__float_as_uint(v));
}
__device__ inline uint16_t float_to_bf16_bits(float v) {
  return f32_bits_to_bf16_bits(__float_as_uint(v));
}
__device__ inline uint16_t double_to_f16_bits(double v) {
  return f64_bits_to_f16_bits(static_cast<uint64_t>(__double_as_longlong(v)));
}
__device__ inline uint16_t double_to_bf16_bits(double v) {
  return f64_bits_to_bf16_bits(static_cast<uint64_t>(__double_as_longlong(v)));
}
#endif

}  // namespace hwcert::cuda::kernels
