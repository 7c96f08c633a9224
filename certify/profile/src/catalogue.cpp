#include "hwcert/profile/catalogue.hpp"

#include <algorithm>
#include <array>

namespace hwcert::profile {
namespace {

constexpr std::array<std::string_view, 11> kDtypes = {
    "f64", "f32", "f16", "bf16", "f8e4m3", "f8e5m2", "i8", "u8", "i32", "i64", "bool"};

constexpr std::array<std::string_view, 35> kOps = {
    "copy",        "cast",    "transpose",   "concat",     "gather",
    "neg",         "abs",     "exp",         "log",        "sqrt",
    "rsqrt",       "tanh",    "sigmoid",     "relu",       "gelu",
    "silu",        "add",     "sub",         "mul",        "div",
    "max",         "min",     "pow",         "reduce_sum", "reduce_max",
    "reduce_mean", "softmax", "log_softmax", "layer_norm", "rms_norm",
    "matmul",      "conv2d",  "max_pool2d",  "avg_pool2d", "scaled_dot_product_attention"};

constexpr std::array<std::string_view, 6> kMathModes = {"strict", "tf32", "hf32",
                                                        "f16",    "bf16", "f16_accumulate"};

constexpr std::array<std::string_view, 7> kSilent = {
    "f64_as_f32",      // float64 computed in float32
    "f32_as_tf32",     // float32 products computed with TF32 inputs
    "f32_as_hf32",     // float32 products computed with HF32 inputs
    "f32_as_f16",      // float32 computed in float16
    "f32_as_bf16",     // float32 computed in bfloat16
    "f16_accumulate",  // f16 products accumulated in f16
    "cpu_fallback",    // the op ran on the host instead of the device
};

bool contains(std::span<const std::string_view> list, std::string_view value) {
  return std::find(list.begin(), list.end(), value) != list.end();
}

bool is_float(std::string_view d) {
  return d == "f64" || d == "f32" || d == "f16" || d == "bf16";
}
bool is_int(std::string_view d) {
  return d == "i8" || d == "u8" || d == "i32" || d == "i64";
}

}  // namespace

std::span<const std::string_view> all_dtypes() {
  return kDtypes;
}
bool is_known_dtype(std::string_view dtype) {
  return contains(kDtypes, dtype);
}

std::span<const std::string_view> catalogue_ops() {
  return kOps;
}
bool is_catalogue_op(std::string_view op) {
  return contains(kOps, op);
}

bool op_accepts_dtype(std::string_view op, std::string_view d) {
  if (!is_known_dtype(d) || !is_catalogue_op(op)) return false;
  if (op == "copy" || op == "cast" || op == "transpose" || op == "concat" || op == "gather") {
    return true;
  }
  if (op == "neg" || op == "abs" || op == "relu") {
    return is_float(d) || d == "i8" || d == "i32" || d == "i64";
  }
  if (op == "add" || op == "sub" || op == "mul" || op == "max" || op == "min") {
    return is_float(d) || is_int(d);
  }
  if (op == "reduce_sum" || op == "reduce_max") return is_float(d) || d == "i32" || d == "i64";
  if (op == "matmul") return is_float(d) || d == "f8e4m3" || d == "f8e5m2" || d == "i8";
  return is_float(d);  // the remaining unary, binary, normalisation, conv, pool, attention ops
}

bool is_compute_op(std::string_view op) {
  return op == "matmul" || op == "conv2d" || op == "scaled_dot_product_attention";
}

std::span<const std::string_view> math_modes() {
  return kMathModes;
}
bool is_known_math_mode(std::string_view mode) {
  return contains(kMathModes, mode);
}
bool op_takes_math_mode(std::string_view op) {
  return is_compute_op(op);
}

std::span<const std::string_view> silent_behaviours() {
  return kSilent;
}
bool is_known_silent_behaviour(std::string_view name) {
  return contains(kSilent, name);
}

}  // namespace hwcert::profile
