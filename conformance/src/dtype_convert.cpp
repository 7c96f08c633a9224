#include "hwcert/conformance/dtype_convert.hpp"

#include <array>
#include <bit>
#include <cmath>
#include <cstring>
#include <limits>

#include "hwcert/support/enum_names.hpp"

namespace hwcert::conformance {
namespace {

// A binary floating-point format narrower than f64: sign, exponent_bits, mantissa_bits.
struct FloatFormat {
  int exponent_bits;
  int mantissa_bits;
  bool ieee_specials;  // all-ones exponent is Inf/NaN; false: e4m3fn (only S.1111.111 is NaN)
  bool saturate;       // finite overflow gives ±max instead of ±Inf
  int bias() const { return (1 << (exponent_bits - 1)) - 1; }
  int min_exponent() const { return 1 - bias(); }
  uint64_t sign_bit() const { return uint64_t{1} << (exponent_bits + mantissa_bits); }
  uint64_t exponent_all_ones() const {
    return ((uint64_t{1} << exponent_bits) - 1) << mantissa_bits;
  }
  uint64_t mantissa_mask() const { return (uint64_t{1} << mantissa_bits) - 1; }
  uint64_t inf_bits() const { return exponent_all_ones(); }
  uint64_t nan_bits() const {
    return ieee_specials ? exponent_all_ones() | (uint64_t{1} << (mantissa_bits - 1))
                         : exponent_all_ones() | mantissa_mask();
  }
  uint64_t max_bits() const {
    return ieee_specials ? exponent_all_ones() - (uint64_t{1} << mantissa_bits) + mantissa_mask()
                         : exponent_all_ones() | (mantissa_mask() - 1);
  }
};

constexpr FloatFormat kF16{5, 10, true, false};
constexpr FloatFormat kBF16{8, 7, true, false};
constexpr FloatFormat kE4M3{4, 3, false, true};
constexpr FloatFormat kE5M2{5, 2, true, true};
constexpr FloatFormat kTF32{8, 10, true, false};
constexpr FloatFormat kHF32{8, 11, true, false};
constexpr FloatFormat kF32{8, 23, true, false};
constexpr FloatFormat kF64{11, 52, true, false};

const FloatFormat* format_of(DType dtype) {
  switch (dtype) {
    case DType::kF64:
      return &kF64;
    case DType::kF32:
      return &kF32;
    case DType::kF16:
      return &kF16;
    case DType::kBF16:
      return &kBF16;
    case DType::kF8E4M3:
      return &kE4M3;
    case DType::kF8E5M2:
      return &kE5M2;
    default:
      return nullptr;
  }
}

double decode_format(const FloatFormat& f, uint64_t bits) {
  const bool negative = (bits & f.sign_bit()) != 0;
  const uint64_t exponent_field = (bits & f.exponent_all_ones()) >> f.mantissa_bits;
  const uint64_t mantissa = bits & f.mantissa_mask();
  const uint64_t all_ones = (uint64_t{1} << f.exponent_bits) - 1;
  double magnitude = 0;
  if (f.ieee_specials && exponent_field == all_ones) {
    magnitude = mantissa == 0 ? std::numeric_limits<double>::infinity()
                              : std::numeric_limits<double>::quiet_NaN();
  } else if (!f.ieee_specials && exponent_field == all_ones && mantissa == f.mantissa_mask()) {
    magnitude = std::numeric_limits<double>::quiet_NaN();
  } else if (exponent_field == 0) {
    magnitude = std::ldexp(static_cast<double>(mantissa), f.min_exponent() - f.mantissa_bits);
  } else {
    const double significand = static_cast<double>((uint64_t{1} << f.mantissa_bits) | mantissa);
    magnitude =
        std::ldexp(significand, static_cast<int>(exponent_field) - f.bias() - f.mantissa_bits);
  }
  return negative ? -magnitude : magnitude;
}

// Round to nearest, ties to even, onto the grid of `f` (unbounded exponent above), then apply
// overflow: ±Inf or ±max (saturating formats, and Inf inputs of formats without Inf).
uint64_t encode_format(const FloatFormat& f, double value) {
  const uint64_t sign = std::signbit(value) ? f.sign_bit() : 0;
  if (std::isnan(value)) return sign | f.nan_bits();
  if (std::isinf(value)) return sign | (f.ieee_specials ? f.inf_bits() : f.max_bits());
  const double magnitude = std::fabs(value);
  if (magnitude == 0) return sign;
  int frexp_exponent = 0;
  std::frexp(magnitude, &frexp_exponent);  // magnitude = m * 2^e, m in [0.5, 1)
  const int exponent = std::max(frexp_exponent - 1, f.min_exponent());
  const double quantum = std::ldexp(1.0, exponent - f.mantissa_bits);
  const double steps = magnitude / quantum;  // exact: scaling by a power of two
  double rounded_steps = std::floor(steps);
  const double remainder = steps - rounded_steps;
  if (remainder > 0.5 || (remainder == 0.5 && std::fmod(rounded_steps, 2.0) != 0)) {
    rounded_steps += 1;
  }
  const double rounded = rounded_steps * quantum;
  const double largest = decode_format(f, f.max_bits());
  if (rounded > largest) return sign | (f.saturate ? f.max_bits() : f.inf_bits());
  if (rounded < std::ldexp(1.0, f.min_exponent())) {
    return sign | static_cast<uint64_t>(rounded_steps);  // subnormal (or zero)
  }
  std::frexp(rounded, &frexp_exponent);
  const int result_exponent = frexp_exponent - 1;
  const double significand = std::ldexp(rounded, f.mantissa_bits - result_exponent);
  const uint64_t mantissa = static_cast<uint64_t>(significand) & f.mantissa_mask();
  const uint64_t biased = static_cast<uint64_t>(result_exponent + f.bias());
  return sign | (biased << f.mantissa_bits) | mantissa;
}

// Rounds |value| of an integer to `precision` significant bits, ties to even; exact result.
double round_integer_to_precision(int64_t value, int precision) {
  const bool negative = value < 0;
  uint64_t magnitude =
      negative ? uint64_t{0} - static_cast<uint64_t>(value) : static_cast<uint64_t>(value);
  if (magnitude == 0) return 0.0;
  const int width = 64 - std::countl_zero(magnitude);
  double result = 0;
  if (width <= precision) {
    result = static_cast<double>(magnitude);
  } else {
    const int shift = width - precision;
    uint64_t kept = magnitude >> shift;
    const uint64_t remainder = magnitude & ((uint64_t{1} << shift) - 1);
    const uint64_t half = uint64_t{1} << (shift - 1);
    if (remainder > half || (remainder == half && (kept & 1) != 0)) ++kept;
    result = std::ldexp(static_cast<double>(kept), shift);
  }
  return negative ? -result : result;
}

int64_t integer_min(DType dtype) {
  switch (dtype) {
    case DType::kI8:
      return -128;
    case DType::kI32:
      return std::numeric_limits<int32_t>::min();
    case DType::kI64:
      return std::numeric_limits<int64_t>::min();
    default:
      return 0;
  }
}

int64_t integer_max(DType dtype) {
  switch (dtype) {
    case DType::kI8:
      return 127;
    case DType::kU8:
      return 255;
    case DType::kI32:
      return std::numeric_limits<int32_t>::max();
    case DType::kI64:
      return std::numeric_limits<int64_t>::max();
    case DType::kBool:
      return 1;
    default:
      return 0;
  }
}

// float -> integer: truncate toward zero, saturate, NaN gives 0.
int64_t float_to_integer(double value, DType to) {
  if (std::isnan(value)) return 0;
  const double truncated = std::trunc(value);
  const double low = static_cast<double>(integer_min(to));  // exact: 0 or -2^k
  if (truncated <= low) return integer_min(to);
  if (to == DType::kI64) {
    if (truncated >= 0x1p63) return integer_max(to);
  } else if (truncated >= static_cast<double>(integer_max(to))) {
    return integer_max(to);
  }
  return static_cast<int64_t>(truncated);
}

}  // namespace

uint64_t load_element_bits(std::span<const std::byte> bytes, std::size_t byte_index, DType dtype) {
  uint64_t bits = 0;
  std::memcpy(&bits, bytes.data() + byte_index, dtype_size(dtype));
  return bits;
}

void store_element_bits(std::span<std::byte> bytes, std::size_t byte_index, DType dtype,
                        uint64_t bits) {
  std::memcpy(bytes.data() + byte_index, &bits, dtype_size(dtype));
}

double decode_value(DType dtype, uint64_t bits) {
  switch (dtype) {
    case DType::kF64:
      return std::bit_cast<double>(bits);
    case DType::kF32:
      return static_cast<double>(std::bit_cast<float>(static_cast<uint32_t>(bits)));
    case DType::kF16:
    case DType::kBF16:
    case DType::kF8E4M3:
    case DType::kF8E5M2:
      return decode_format(*format_of(dtype), bits);
    default:
      return static_cast<double>(decode_integer(dtype, bits));
  }
}

int64_t decode_integer(DType dtype, uint64_t bits) {
  switch (dtype) {
    case DType::kI8:
      return static_cast<int8_t>(static_cast<uint8_t>(bits));
    case DType::kU8:
      return static_cast<uint8_t>(bits);
    case DType::kI32:
      return static_cast<int32_t>(static_cast<uint32_t>(bits));
    case DType::kI64:
      return static_cast<int64_t>(bits);
    case DType::kBool:
      return (bits & 0xFF) != 0 ? 1 : 0;
    default:
      return static_cast<int64_t>(decode_value(dtype, bits));
  }
}

bool is_nan_bits(DType dtype, uint64_t bits) {
  return is_floating(dtype) && std::isnan(decode_value(dtype, bits));
}

uint64_t encode_value(DType dtype, double value) {
  switch (dtype) {
    case DType::kF64:
      return std::bit_cast<uint64_t>(value);
    case DType::kF32: {
      if (std::isnan(value)) return std::signbit(value) ? 0xFFC00000u : 0x7FC00000u;
      return std::bit_cast<uint32_t>(static_cast<float>(value));  // RNE, overflow to Inf
    }
    case DType::kF16:
    case DType::kBF16:
    case DType::kF8E4M3:
    case DType::kF8E5M2:
      return encode_format(*format_of(dtype), value);
    case DType::kBool:
      return (value != 0 || std::isnan(value)) ? 1 : 0;
    default:
      return encode_integer(dtype, float_to_integer(value, dtype));
  }
}

double round_to_dtype(double value, DType dtype) {
  return decode_value(dtype, encode_value(dtype, value));
}

uint64_t encode_integer(DType dtype, int64_t value) {
  const auto raw = static_cast<uint64_t>(value);
  switch (dtype) {
    case DType::kI8:
    case DType::kU8:
      return raw & 0xFFu;
    case DType::kI32:
      return raw & 0xFFFFFFFFu;
    case DType::kI64:
      return raw;
    case DType::kBool:
      return value != 0 ? 1 : 0;
    default: {
      const int precision = mantissa_bits(dtype) + 1;
      return encode_value(dtype, round_integer_to_precision(value, precision));
    }
  }
}

uint64_t cast_bits(DType from, uint64_t bits, DType to) {
  if (from == DType::kBool) return encode_integer(to, decode_integer(from, bits));
  if (is_integer(from)) return encode_integer(to, decode_integer(from, bits));
  // from is a float dtype
  const double value = decode_value(from, bits);
  return encode_value(to, value);
}

namespace {

// Indexed by MathMode.
constexpr std::array<std::string_view, 6> kMathModeNames = {"strict", "tf32", "hf32",
                                                            "f16",    "bf16", "f16_accumulate"};

}  // namespace

std::optional<MathMode> parse_math_mode(std::string_view name) {
  return support::enum_from_name<MathMode>(kMathModeNames, name);
}

std::string_view to_string(MathMode mode) {
  return support::enum_name(kMathModeNames, mode, "strict");
}

double round_to_math_mode(double value, MathMode mode) {
  switch (mode) {
    case MathMode::kTF32:
      return decode_format(kTF32, encode_format(kTF32, value));
    case MathMode::kHF32:
      return decode_format(kHF32, encode_format(kHF32, value));
    case MathMode::kF16:
      return round_to_dtype(value, DType::kF16);
    case MathMode::kBF16:
      return round_to_dtype(value, DType::kBF16);
    default:
      return value;
  }
}

double math_mode_epsilon(MathMode mode) {
  switch (mode) {
    case MathMode::kTF32:
      return std::ldexp(1.0, -kTF32.mantissa_bits);
    case MathMode::kHF32:
      return std::ldexp(1.0, -kHF32.mantissa_bits);
    case MathMode::kF16:
      return std::ldexp(1.0, -kF16.mantissa_bits);
    case MathMode::kBF16:
      return std::ldexp(1.0, -kBF16.mantissa_bits);
    default:
      return 0;
  }
}

int mantissa_bits(DType dtype) {
  const FloatFormat* f = format_of(dtype);
  return f != nullptr ? f->mantissa_bits : 0;
}

double machine_epsilon(DType dtype) {
  return is_floating(dtype) ? std::ldexp(1.0, -mantissa_bits(dtype)) : 1.0;
}

double max_finite(DType dtype) {
  if (dtype == DType::kF64) return std::numeric_limits<double>::max();
  if (const FloatFormat* f = format_of(dtype)) return decode_format(*f, f->max_bits());
  return static_cast<double>(integer_max(dtype));
}

double ulp_of(double value, DType dtype) {
  const FloatFormat* f = format_of(dtype);
  if (f == nullptr) return 1.0;
  double magnitude = std::fabs(value);
  if (std::isnan(magnitude)) return std::numeric_limits<double>::quiet_NaN();
  magnitude = std::min(magnitude, max_finite(dtype));
  int exponent = f->min_exponent();
  if (magnitude > 0) {
    int frexp_exponent = 0;
    std::frexp(magnitude, &frexp_exponent);
    exponent = std::max(frexp_exponent - 1, f->min_exponent());
  }
  return std::ldexp(1.0, exponent - f->mantissa_bits);
}

double ulp_distance(DType dtype, uint64_t a_bits, uint64_t b_bits) {
  const FloatFormat* f = format_of(dtype);
  if (f == nullptr) {
    // In uint64: the difference of two i64 values is exact modulo 2^64 and below 2^64, and
    // its conversion keeps a distance of one as one (a double difference would not above 2^53).
    const int64_t a = decode_integer(dtype, a_bits);
    const int64_t b = decode_integer(dtype, b_bits);
    const uint64_t distance = a > b ? static_cast<uint64_t>(a) - static_cast<uint64_t>(b)
                                    : static_cast<uint64_t>(b) - static_cast<uint64_t>(a);
    return static_cast<double>(distance);
  }
  if (is_nan_bits(dtype, a_bits) || is_nan_bits(dtype, b_bits)) {
    return std::numeric_limits<double>::infinity();
  }
  // Sign-magnitude bit patterns are monotonic in value: count steps through zero.
  const uint64_t a_magnitude = a_bits & (f->sign_bit() - 1);
  const uint64_t b_magnitude = b_bits & (f->sign_bit() - 1);
  const bool a_negative = (a_bits & f->sign_bit()) != 0;
  const bool b_negative = (b_bits & f->sign_bit()) != 0;
  if (a_negative == b_negative) {
    return static_cast<double>(a_magnitude > b_magnitude ? a_magnitude - b_magnitude
                                                         : b_magnitude - a_magnitude);
  }
  return static_cast<double>(a_magnitude) + static_cast<double>(b_magnitude);
}

}  // namespace hwcert::conformance
