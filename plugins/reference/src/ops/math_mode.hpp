// The math_mode attribute of matmul, conv2d and attention.
#pragma once

#include <string>

#include "ops/gemm.hpp"
#include "ops/op_call.hpp"

namespace hwcert::reference {

// Reads math_mode and returns how f32 inputs are rounded. `input_dtype` is the dtype of
// the op's floating inputs. Unknown strings are INVALID_ARGUMENT; known modes this plugin
// does not compute in (or that do not apply to `input_dtype`) are UNSUPPORTED.
InputRounding parse_math_mode(const OpCall& call, const OpAttributes& attrs, int32_t input_dtype);

}  // namespace hwcert::reference
