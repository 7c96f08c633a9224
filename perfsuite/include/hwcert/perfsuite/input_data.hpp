// Seeded random input data (never all zeros) in every ABI dtype, generated on the host.
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

#include "hwcert/loader/op_call.hpp"

namespace hwcert::perf {

// splitmix64: small, fast, reproducible on every platform.
class Random {
 public:
  explicit Random(uint64_t seed) : state_(seed) {}
  uint64_t next();
  double uniform();  // [0, 1)

 private:
  uint64_t state_;
};

// IEEE binary16, bfloat16 and OCP fp8 encodings of a float, round to nearest even; values
// beyond the format's range give Inf (f16, bf16, e5m2) or saturate (e4m3, which has no Inf).
uint16_t float_to_f16_bits(float value);
uint16_t float_to_bf16_bits(float value);
uint8_t float_to_f8e4m3_bits(float value);
uint8_t float_to_f8e5m2_bits(float value);
float f16_bits_to_float(uint16_t bits);
float bf16_bits_to_float(uint16_t bits);

// Bytes for `tensor.required_bytes()`: floats uniform in [-1, -0.01] U [0.01, 1], integers
// small non-zero values in [-4, 4] (unsigned: [1, 4]), bool 0/1 with at least one 1.
std::vector<std::byte> random_tensor_bytes(const TensorSpec& tensor, uint64_t seed);

}  // namespace hwcert::perf
