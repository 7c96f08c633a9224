// Host-side element conversions, independent of any plugin: decoding raw element bits to
// double, rounding doubles to every dtype of the catalogue (round to nearest, ties to even,
// with the catalogue's overflow and saturation rules), the catalogue's cast rules between
// any two dtypes, math-mode input rounding, and ULP measures.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <string_view>

#include "hwcert/loader/dtype.hpp"

namespace hwcert::conformance {

// Reads / writes one element's raw bits (little-endian host layout, zero-extended to 64 bits).
uint64_t load_element_bits(std::span<const std::byte> bytes, std::size_t byte_index, DType dtype);
void store_element_bits(std::span<std::byte> bytes, std::size_t byte_index, DType dtype,
                        uint64_t bits);

// Value of an element as a double. Exact for every float dtype and for integers of
// magnitude below 2^53; bool gives 0 or 1 (any non-zero byte reads as 1).
double decode_value(DType dtype, uint64_t bits);
// Exact value of an integer or bool element (two's complement for signed dtypes).
int64_t decode_integer(DType dtype, uint64_t bits);
bool is_nan_bits(DType dtype, uint64_t bits);

// Rounds `value` to a float dtype and returns its bits: round to nearest, ties to even,
// sign of zero and NaN kept. Overflow gives ±Inf for f64/f32/f16/bf16; fp8 targets saturate
// finite values to ±max (448 for e4m3, 57344 for e5m2); ±Inf gives ±Inf, except e4m3 (no
// Inf) where it saturates to ±448. Integer dtypes: see cast rules (truncate, saturate).
uint64_t encode_value(DType dtype, double value);
// decode_value(dtype, encode_value(dtype, value)).
double round_to_dtype(double value, DType dtype);
// Integer bits of `value` wrapped modulo 2^bits (u8, i8, i32, i64) or value != 0 (bool).
uint64_t encode_integer(DType dtype, int64_t value);

// The catalogue's cast of one element (docs/op-catalogue.md, "Cast rules").
uint64_t cast_bits(DType from, uint64_t bits, DType to);

// Math modes of matmul, conv2d and attention.
enum class MathMode { kStrict, kTF32, kHF32, kF16, kBF16, kF16Accumulate };
std::optional<MathMode> parse_math_mode(std::string_view name);
std::string_view to_string(MathMode mode);
// Rounds an input value the way `mode` declares (tf32: 10 explicit mantissa bits, hf32: 11,
// both with f32's exponent range; f16 / bf16: round to that dtype). Identity for strict and
// f16_accumulate.
double round_to_math_mode(double value, MathMode mode);
// Unit of the mode's input rounding (2^-mantissa bits); 0 for strict and f16_accumulate.
double math_mode_epsilon(MathMode mode);

// Explicit mantissa bits of a float dtype (f64 52, f32 23, f16 10, bf16 7, e4m3 3, e5m2 2);
// 0 for integer dtypes.
int mantissa_bits(DType dtype);
// 2^-mantissa_bits: the distance from 1 to the next value (1 for integer dtypes).
double machine_epsilon(DType dtype);
// Largest finite value of a dtype (integers: their maximum).
double max_finite(DType dtype);
// Spacing of `dtype` at |value| (one unit in the last place); the subnormal spacing below
// the smallest normal, the top binade's spacing for |value| beyond the largest finite.
// 1 for integer dtypes.
double ulp_of(double value, DType dtype);
// Number of representable values of `dtype` between two elements (0 when equal; +0 and -0
// are equal). +Infinity when either is NaN.
double ulp_distance(DType dtype, uint64_t a_bits, uint64_t b_bits);

}  // namespace hwcert::conformance
