// The op names and dtype rules of docs/op-catalogue.md (opset 1), as far as a profile needs
// them: which ops exist, and which dtypes each op takes.
#pragma once

#include <span>
#include <string_view>

namespace hwcert::profile {

// f64 f32 f16 bf16 f8e4m3 f8e5m2 i8 u8 i32 i64 bool
std::span<const std::string_view> all_dtypes();
bool is_known_dtype(std::string_view dtype);

// Every op of opset 1, in catalogue order.
std::span<const std::string_view> catalogue_ops();
bool is_catalogue_op(std::string_view op);

// True when the catalogue allows `dtype` as the (first input's) dtype of `op`.
bool op_accepts_dtype(std::string_view op, std::string_view dtype);

// Ops whose perf is compute-bound (measured in TFLOP/s against a compute peak).
bool is_compute_op(std::string_view op);

// math_mode values of the catalogue.
std::span<const std::string_view> math_modes();
bool is_known_math_mode(std::string_view mode);
// Ops that take a math_mode attribute.
bool op_takes_math_mode(std::string_view op);

// Names of silent behaviours a profile may forbid.
std::span<const std::string_view> silent_behaviours();
bool is_known_silent_behaviour(std::string_view name);

}  // namespace hwcert::profile
