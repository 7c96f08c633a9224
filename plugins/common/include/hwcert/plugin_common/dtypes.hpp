// What every plugin needs to know of the ABI's dtype and attribute-type numbers: validity,
// element sizes, names and dtype families, from one table each.
#pragma once

#include <hwcert/hwcert_plugin.h>

#include <cstddef>
#include <cstdint>

namespace hwcert::plugin_common {

constexpr bool is_valid_dtype(int32_t dtype) noexcept {
  return dtype > HWC_DTYPE_INVALID && dtype < HWC_DTYPE_COUNT;
}

/// Bytes per element; 0 for an invalid dtype.
constexpr std::size_t dtype_size(int32_t dtype) noexcept {
  constexpr std::size_t kSizes[HWC_DTYPE_COUNT] = {0, 8, 4, 2, 2, 1, 1, 1, 1, 4, 8, 1};
  return is_valid_dtype(dtype) ? kSizes[dtype] : 0;
}

/// "f64", "f32", ... as the catalogue writes them; "invalid" for an invalid dtype.
constexpr const char* dtype_name(int32_t dtype) noexcept {
  constexpr const char* kNames[HWC_DTYPE_COUNT] = {"invalid", "f64", "f32", "f16", "bf16", "f8e4m3",
                                                   "f8e5m2",  "i8",  "u8",  "i32", "i64",  "bool"};
  return is_valid_dtype(dtype) ? kNames[dtype] : "invalid";
}

/// f64, f32, f16, bf16: the catalogue's "float dtypes" (fp8 excluded).
constexpr bool is_float_dtype(int32_t dtype) noexcept {
  return dtype >= HWC_DTYPE_F64 && dtype <= HWC_DTYPE_BF16;
}

constexpr bool is_fp8_dtype(int32_t dtype) noexcept {
  return dtype == HWC_DTYPE_F8_E4M3 || dtype == HWC_DTYPE_F8_E5M2;
}

/// i8, u8, i32, i64: the catalogue's "int dtypes".
constexpr bool is_int_dtype(int32_t dtype) noexcept {
  return dtype >= HWC_DTYPE_I8 && dtype <= HWC_DTYPE_I64;
}

/// "int", "float", "string", "int list", "float list"; "unknown" for another number.
constexpr const char* attribute_type_name(int32_t type) noexcept {
  constexpr const char* kNames[] = {"int", "float", "string", "int list", "float list"};
  return type >= HWC_ATTR_INT && type <= HWC_ATTR_FLOAT_LIST ? kNames[type - HWC_ATTR_INT]
                                                             : "unknown";
}

}  // namespace hwcert::plugin_common
