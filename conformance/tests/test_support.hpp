// Helpers shared by the conformance tests: dense images from values, oracle runs.
#pragma once

#include <gtest/gtest.h>

#include <cstddef>
#include <limits>
#include <vector>

#include "hwcert/conformance/dtype_convert.hpp"
#include "hwcert/conformance/oracle.hpp"

namespace hwcert::conformance::testing {

/// Short dtype names for the tests' tables of cases.
inline constexpr DType F64 = DType::kF64;
inline constexpr DType F32 = DType::kF32;
inline constexpr DType I32 = DType::kI32;
inline constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

inline std::vector<std::byte> image_of(DType dtype, const std::vector<double>& values) {
  std::vector<std::byte> image(values.size() * dtype_size(dtype));
  for (std::size_t i = 0; i < values.size(); ++i) {
    const uint64_t bits = is_floating(dtype)
                              ? encode_value(dtype, values[i])
                              : encode_integer(dtype, static_cast<int64_t>(values[i]));
    store_element_bits(image, i * dtype_size(dtype), dtype, bits);
  }
  return image;
}

struct Tensor {
  TensorSpec spec;
  std::vector<double> values;
};

inline Tensor tensor(DType dtype, std::vector<int64_t> shape, std::vector<double> values) {
  return {TensorSpec::dense(dtype, std::move(shape)), std::move(values)};
}

// Runs the oracle on dense inputs; returns the decoded outputs (row-major).
inline std::vector<double> oracle_values(const std::string& op, const std::vector<Tensor>& inputs,
                                         TensorSpec output, std::vector<Attribute> attrs = {}) {
  std::vector<TensorSpec> specs;
  std::vector<std::vector<std::byte>> images;
  for (const Tensor& t : inputs) {
    specs.push_back(t.spec);
    images.push_back(image_of(t.spec.dtype, t.values));
  }
  const OpCall call(op, specs, {output}, std::move(attrs));
  std::vector<std::span<const std::byte>> spans(images.begin(), images.end());
  auto refs = compute_reference(call, spans);
  EXPECT_TRUE(refs.ok()) << refs.status().to_string();
  std::vector<double> out;
  if (!refs.ok()) return out;
  for (const Reference& r : *refs) out.push_back(decode_value(output.dtype, r.bits));
  return out;
}

}  // namespace hwcert::conformance::testing
