#include "hwcert/perfsuite/input_data.hpp"

#include <bit>
#include <cmath>
#include <cstring>

#include "hwcert/loader/dtype.hpp"

namespace hwcert::perf {

uint64_t Random::next() {
  uint64_t z = (state_ += 0x9E3779B97F4A7C15ULL);
  z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
  z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
  return z ^ (z >> 31);
}

double Random::uniform() {
  return static_cast<double>(next() >> 11) * 0x1.0p-53;
}

namespace {

// Rounds `value` to a float format with `mantissa_bits` explicit mantissa bits and exponent
// bias `bias`, returning sign | exponent | mantissa bits. `max_finite_bits` bounds the result:
// beyond it the value becomes `overflow_bits` (Inf or the saturated maximum).
uint32_t round_to_small_float(float value, int mantissa_bits, int exponent_bits,
                              uint32_t overflow_bits, uint32_t max_finite_bits, uint32_t nan_bits) {
  const uint32_t sign_shift = static_cast<uint32_t>(mantissa_bits + exponent_bits);
  const uint32_t sign = std::signbit(value) ? (1u << sign_shift) : 0u;
  if (std::isnan(value)) return sign | nan_bits;
  const double magnitude = std::fabs(static_cast<double>(value));
  if (std::isinf(value)) return sign | overflow_bits;
  const int bias = (1 << (exponent_bits - 1)) - 1;
  const int min_exponent = 1 - bias;  // of normal numbers
  if (magnitude == 0) return sign;
  int exponent = std::ilogb(magnitude);
  if (exponent < min_exponent) exponent = min_exponent;  // subnormal spacing
  // Quantum at this exponent; round magnitude / quantum to nearest even integer.
  const double quantum = std::ldexp(1.0, exponent - mantissa_bits);
  double scaled = std::nearbyint(magnitude / quantum);  // default rounding: ties to even
  // Rounding may carry into the next binade: the encoding below handles it.
  const double rounded = scaled * quantum;
  int e = std::ilogb(rounded);
  uint32_t bits = 0;
  if (rounded == 0) {
    bits = 0;
  } else if (e < min_exponent) {  // subnormal
    bits = static_cast<uint32_t>(rounded / std::ldexp(1.0, min_exponent - mantissa_bits));
  } else {
    const uint32_t biased = static_cast<uint32_t>(e + bias);
    const double fraction = rounded / std::ldexp(1.0, e) - 1.0;
    const uint32_t mantissa = static_cast<uint32_t>(std::ldexp(fraction, mantissa_bits));
    bits = (biased << mantissa_bits) | mantissa;
  }
  if (bits > max_finite_bits) return sign | overflow_bits;
  return sign | bits;
}

template <typename T>
void put(std::vector<std::byte>& out, std::size_t offset, T value) {
  std::memcpy(out.data() + offset, &value, sizeof(T));
}

double nonzero_real(Random& random) {
  const double magnitude = 0.01 + 0.99 * random.uniform();
  return (random.next() & 1) ? -magnitude : magnitude;
}

int64_t small_int(Random& random, bool is_unsigned) {
  const int64_t magnitude = 1 + static_cast<int64_t>(random.next() % 4);
  if (is_unsigned) return magnitude;
  return (random.next() & 1) ? -magnitude : magnitude;
}

}  // namespace

uint16_t float_to_f16_bits(float value) {
  return static_cast<uint16_t>(round_to_small_float(value, 10, 5, 0x7C00, 0x7BFF, 0x7E00));
}

uint16_t float_to_bf16_bits(float value) {
  return static_cast<uint16_t>(round_to_small_float(value, 7, 8, 0x7F80, 0x7F7F, 0x7FC0));
}

uint8_t float_to_f8e4m3_bits(float value) {
  // E4M3 "fn": no Inf; 0x7F is NaN; largest finite 0x7E = 448; overflow saturates.
  return static_cast<uint8_t>(round_to_small_float(value, 3, 4, 0x7E, 0x7E, 0x7F));
}

uint8_t float_to_f8e5m2_bits(float value) {
  return static_cast<uint8_t>(round_to_small_float(value, 2, 5, 0x7C, 0x7B, 0x7E));
}

float f16_bits_to_float(uint16_t bits) {
  const uint32_t sign = (bits >> 15) & 1u;
  const int exponent = (bits >> 10) & 0x1F;
  const uint32_t mantissa = bits & 0x3FFu;
  double magnitude;
  if (exponent == 0) {
    magnitude = std::ldexp(static_cast<double>(mantissa), -24);
  } else if (exponent == 31) {
    magnitude = mantissa ? std::nan("") : INFINITY;
  } else {
    magnitude = std::ldexp(1.0 + mantissa / 1024.0, exponent - 15);
  }
  return static_cast<float>(sign ? -magnitude : magnitude);
}

float bf16_bits_to_float(uint16_t bits) {
  return std::bit_cast<float>(static_cast<uint32_t>(bits) << 16);
}

std::vector<std::byte> random_tensor_bytes(const TensorSpec& tensor, uint64_t seed) {
  const uint64_t size = tensor.required_bytes().value_or(0);
  std::vector<std::byte> out(size);
  const std::size_t element = dtype_size(tensor.dtype);
  if (element == 0 || size == 0) return out;
  Random random(seed);
  const std::size_t count = size / element;
  for (std::size_t i = 0; i < count; ++i) {
    const std::size_t at = i * element;
    switch (tensor.dtype) {
      case DType::kF64:
        put(out, at, nonzero_real(random));
        break;
      case DType::kF32:
        put(out, at, static_cast<float>(nonzero_real(random)));
        break;
      case DType::kF16:
        put(out, at, float_to_f16_bits(static_cast<float>(nonzero_real(random))));
        break;
      case DType::kBF16:
        put(out, at, float_to_bf16_bits(static_cast<float>(nonzero_real(random))));
        break;
      case DType::kF8E4M3:
        put(out, at, float_to_f8e4m3_bits(static_cast<float>(nonzero_real(random))));
        break;
      case DType::kF8E5M2:
        put(out, at, float_to_f8e5m2_bits(static_cast<float>(nonzero_real(random))));
        break;
      case DType::kI8:
        put(out, at, static_cast<int8_t>(small_int(random, false)));
        break;
      case DType::kU8:
        put(out, at, static_cast<uint8_t>(small_int(random, true)));
        break;
      case DType::kI32:
        put(out, at, static_cast<int32_t>(small_int(random, false)));
        break;
      case DType::kI64:
        put(out, at, small_int(random, false));
        break;
      case DType::kBool:
        put(out, at, static_cast<uint8_t>(i == 0 ? 1 : (random.next() & 1)));
        break;
      default:
        break;
    }
  }
  return out;
}

}  // namespace hwcert::perf
