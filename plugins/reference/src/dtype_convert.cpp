#include "dtype_convert.hpp"

#include <array>
#include <cmath>

namespace hwcert::reference {
namespace {

// A binary floating-point format narrower than f64.
struct NarrowFormat {
  int exponent_bits;
  int mantissa_bits;
  int bias;
  double max_finite;
  uint32_t max_finite_bits;  // magnitude bits of max_finite
  uint32_t inf_bits;         // magnitude bits of Inf; 0 when the format has none
  uint32_t nan_bits;         // magnitude bits of the canonical NaN
  bool saturate_finite;      // finite overflow gives max (fp8 satfinite) instead of Inf
};

constexpr NarrowFormat kF16{5, 10, 15, 65504.0, 0x7bff, 0x7c00, 0x7e00, false};
constexpr NarrowFormat kBF16{8, 7, 127, 0x1.fep127, 0x7f7f, 0x7f80, 0x7fc0, false};
constexpr NarrowFormat kE4M3{4, 3, 7, 448.0, 0x7e, 0, 0x7f, true};
constexpr NarrowFormat kE5M2{5, 2, 15, 57344.0, 0x7b, 0x7c, 0x7e, true};

uint32_t encode_narrow(double v, const NarrowFormat& f) {
  const uint32_t sign = std::signbit(v) ? (1u << (f.exponent_bits + f.mantissa_bits)) : 0u;
  if (std::isnan(v)) return sign | f.nan_bits;
  const double magnitude = std::fabs(v);
  if (std::isinf(magnitude)) return sign | (f.inf_bits != 0 ? f.inf_bits : f.max_finite_bits);
  if (magnitude == 0.0) return sign;
  const bool f16 = f.mantissa_bits == 10, bf16 = f.mantissa_bits == 7;
  if (magnitude > f.max_finite && ((f16 && mutant(Mutant::kCastF16InfAboveMax)) ||
                                   (bf16 && mutant(Mutant::kCastBf16InfAboveMax)))) {
    return sign | f.inf_bits;
  }
  if (f.bias == 7 && magnitude > f.max_finite && mutant(Mutant::kCastE4m3OverflowNan))
    return sign | f.nan_bits;

  const int min_exponent = 1 - f.bias;  // exponent of the smallest normal
  int frexp_exponent = 0;
  std::frexp(magnitude, &frexp_exponent);
  const int exponent = frexp_exponent - 1;  // magnitude = 1.m * 2^exponent
  const int quantum_exponent =
      (exponent < min_exponent ? min_exponent : exponent) - f.mantissa_bits;
  // Exact scaling by a power of two, then round to nearest even (default rounding mode).
  const double units = std::nearbyint(std::ldexp(magnitude, -quantum_exponent));
  const double rounded = std::ldexp(units, quantum_exponent);
  if (rounded > f.max_finite) {
    const bool saturate =
        f.saturate_finite || f.inf_bits == 0 || (f16 && mutant(Mutant::kCastF16Saturates));
    return sign | (saturate ? f.max_finite_bits : f.inf_bits);
  }
  if (rounded == 0.0) return sign;

  std::frexp(rounded, &frexp_exponent);
  const int rounded_exponent = frexp_exponent - 1;
  if (rounded_exponent < min_exponent) {  // subnormal: mantissa in units of the min quantum
    return sign | static_cast<uint32_t>(std::ldexp(rounded, f.mantissa_bits - min_exponent));
  }
  const uint32_t biased = static_cast<uint32_t>(rounded_exponent + f.bias);
  const uint32_t mantissa =
      static_cast<uint32_t>(std::ldexp(rounded, f.mantissa_bits - rounded_exponent)) -
      (1u << f.mantissa_bits);
  return sign | (biased << f.mantissa_bits) | mantissa;
}

}  // namespace

uint16_t f64_to_f16(double v) {
  return static_cast<uint16_t>(encode_narrow(v, kF16));
}
uint16_t f64_to_bf16(double v) {
  return static_cast<uint16_t>(encode_narrow(v, kBF16));
}
uint8_t f64_to_e4m3(double v) {
  return static_cast<uint8_t>(encode_narrow(v, kE4M3));
}
uint8_t f64_to_e5m2(double v) {
  return static_cast<uint8_t>(encode_narrow(v, kE5M2));
}

double i64_to_f64_round_odd(int64_t v) {
  const bool negative = v < 0;
  uint64_t magnitude = negative ? 0u - static_cast<uint64_t>(v) : static_cast<uint64_t>(v);
  int shift = 0;
  if (magnitude >= (uint64_t{1} << 53)) {
    shift = 64 - std::countl_zero(magnitude) - 53;
    const uint64_t dropped = magnitude & ((uint64_t{1} << shift) - 1);
    magnitude = (magnitude >> shift) | (dropped != 0 ? 1u : 0u);
  }
  const double result = std::ldexp(static_cast<double>(magnitude), shift);
  return negative ? -result : result;
}

}  // namespace hwcert::reference
