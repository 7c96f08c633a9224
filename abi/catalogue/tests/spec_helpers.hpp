// Shorthands the catalogue tests share: one dense tensor spec, the common dtype.
#pragma once

#include <cstdint>
#include <utility>
#include <vector>

#include "hwcert/catalogue/op_schema.hpp"

namespace hwcert::catalogue::test {

inline constexpr DType F32 = DType::kF32;

inline TensorSpec t(DType d, std::vector<int64_t> s) {
  return TensorSpec::dense(d, std::move(s));
}

}  // namespace hwcert::catalogue::test
