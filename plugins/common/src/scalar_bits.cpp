#include "hwcert/plugin_common/scalar_bits.hpp"

#include <hwcert/hwcert_plugin.h>

#include <bit>
#include <cmath>
#include <limits>
#include <string>

#include "hwcert/plugin_common/dtypes.hpp"
#include "hwcert/plugin_common/plugin_error.hpp"

namespace hwcert::plugin_common {
namespace {

/// A binary float format: explicit mantissa bits, exponent bias, largest finite value, the
/// bits of its quiet NaN and what a finite overflow and an infinity become.
struct FloatFormat {
  int mantissa_bits;
  int bias;
  double max;
  uint64_t nan;
  uint64_t overflow;  ///< finite overflow (after rounding): Inf, or max where it saturates
  uint64_t infinity;  ///< +-Inf given: Inf, or max where the format has none
  int sign_shift;
};

// f32, f16, bf16, e4m3, e5m2.
constexpr FloatFormat kF32{23, 127, 0x1.fffffep127, 0x7fc00000, 0x7f800000, 0x7f800000, 31};
constexpr FloatFormat kF16{10, 15, 65504.0, 0x7e00, 0x7c00, 0x7c00, 15};
constexpr FloatFormat kBF16{7, 127, 0x1.fep127, 0x7fc0, 0x7f80, 0x7f80, 15};
constexpr FloatFormat kE4M3{3, 7, 448.0, 0x7f, 0x7e, 0x7e, 7};
constexpr FloatFormat kE5M2{2, 15, 57344.0, 0x7e, 0x7b, 0x7c, 7};

/// Round to nearest even of a double into `f`: one rounding, subnormals included.
uint64_t float_bits(double value, const FloatFormat& f) {
  const uint64_t sign = std::signbit(value) ? uint64_t{1} << f.sign_shift : 0;
  if (std::isnan(value)) return sign | f.nan;
  const double a = std::fabs(value);
  if (std::isinf(a)) return sign | f.infinity;
  const int min_exponent = 1 - f.bias;  // of the smallest normal
  const int exponent = a < std::ldexp(1.0, min_exponent) ? min_exponent : std::ilogb(a);
  const double quantum = std::ldexp(1.0, exponent - f.mantissa_bits);
  const double rounded = std::nearbyint(a / quantum) * quantum;  // ties to even
  if (rounded > f.max) return sign | f.overflow;
  if (rounded < std::ldexp(1.0, min_exponent))  // subnormal (or the smallest normal)
    return sign | static_cast<uint64_t>(rounded / quantum);
  const int e = std::ilogb(rounded);
  const auto mantissa = static_cast<uint64_t>(std::ldexp(rounded, f.mantissa_bits - e)) -
                        (uint64_t{1} << f.mantissa_bits);
  return sign | (static_cast<uint64_t>(e + f.bias) << f.mantissa_bits) | mantissa;
}

/// Truncation toward zero saturated to [lo, hi]; NaN gives 0.
int64_t saturated(double value, int64_t lo, int64_t hi) {
  if (std::isnan(value)) return 0;
  const double t = std::trunc(value);
  if (t <= static_cast<double>(lo)) return lo;
  if (t >= static_cast<double>(hi)) return hi;  // 2^63 for i64: saturates before converting
  return static_cast<int64_t>(t);
}

template <typename T>
uint64_t int_bits(double value) {
  using L = std::numeric_limits<T>;
  const int64_t v = saturated(value, L::min(), L::max());
  return static_cast<uint64_t>(v) & (~uint64_t{0} >> (64 - 8 * sizeof(T)));
}

}  // namespace

uint64_t scalar_bits(double value, int32_t dtype) {
  switch (dtype) {
    case HWC_DTYPE_F64:
      return std::bit_cast<uint64_t>(value);
    case HWC_DTYPE_F32:
      return float_bits(value, kF32);
    case HWC_DTYPE_F16:
      return float_bits(value, kF16);
    case HWC_DTYPE_BF16:
      return float_bits(value, kBF16);
    case HWC_DTYPE_F8_E4M3:
      return float_bits(value, kE4M3);
    case HWC_DTYPE_F8_E5M2:
      return float_bits(value, kE5M2);
    case HWC_DTYPE_I8:
      return int_bits<int8_t>(value);
    case HWC_DTYPE_U8:
      return int_bits<uint8_t>(value);
    case HWC_DTYPE_I32:
      return int_bits<int32_t>(value);
    case HWC_DTYPE_I64:
      return int_bits<int64_t>(value);
    case HWC_DTYPE_BOOL:
      return value != 0.0 ? 1 : 0;  // NaN is true
    default:
      fail_invalid(std::string("no element bits for dtype ") + dtype_name(dtype));
  }
}

}  // namespace hwcert::plugin_common
