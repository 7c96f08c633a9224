#include "ops/math_mode.hpp"

#include "dtype.hpp"
#include "error.hpp"

namespace hwcert::reference {

InputRounding parse_math_mode(const OpCall& call, const OpAttributes& attrs, int32_t input_dtype) {
  const std::string mode = attrs.get_string("math_mode", "strict");
  if (mode == "strict") return InputRounding::kNone;
  const bool known = mode == "tf32" || mode == "hf32" || mode == "f16" || mode == "bf16" ||
                     mode == "f16_accumulate";
  if (!known) {
    attrs.bad_value(
        "math_mode",
        "must be one of strict, tf32, hf32, f16, bf16, f16_accumulate; got \"" + mode + "\"");
  }
  if (mode == "f16_accumulate") {
    fail_unsupported(call.name +
                     ": math_mode \"f16_accumulate\" is implemented for matmul only (this op "
                     "accumulates f16 in f32)");
  }
  if (input_dtype != HWC_DTYPE_F32) {
    fail_unsupported(call.name + ": math_mode \"" + mode +
                     "\" applies to f32 inputs only, inputs are " + dtype_name(input_dtype));
  }
  if (mode == "tf32") return InputRounding::kTf32;
  if (mode == "hf32") return InputRounding::kHf32;
  if (mode == "bf16") return InputRounding::kBf16;
  return InputRounding::kF16;
}

}  // namespace hwcert::reference
