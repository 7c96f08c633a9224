// Facts about the ABI's element types, as the plugin sees them.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>

#include "hwcert/hwcert_plugin.h"

namespace hwcert::reference {

inline bool dtype_valid(int32_t dtype) {
  return dtype > 0 && dtype < HWC_DTYPE_COUNT;
}

inline std::size_t dtype_size(int32_t dtype) {
  switch (dtype) {
    case HWC_DTYPE_F64:
    case HWC_DTYPE_I64:
      return 8;
    case HWC_DTYPE_F32:
    case HWC_DTYPE_I32:
      return 4;
    case HWC_DTYPE_F16:
    case HWC_DTYPE_BF16:
      return 2;
    case HWC_DTYPE_F8_E4M3:
    case HWC_DTYPE_F8_E5M2:
    case HWC_DTYPE_I8:
    case HWC_DTYPE_U8:
    case HWC_DTYPE_BOOL:
      return 1;
    default:
      return 0;
  }
}

// f64 f32 f16 bf16 (the catalogue's "float dtypes"; fp8 excluded).
inline bool is_float_dtype(int32_t dtype) {
  return dtype == HWC_DTYPE_F64 || dtype == HWC_DTYPE_F32 || dtype == HWC_DTYPE_F16 ||
         dtype == HWC_DTYPE_BF16;
}
inline bool is_fp8_dtype(int32_t dtype) {
  return dtype == HWC_DTYPE_F8_E4M3 || dtype == HWC_DTYPE_F8_E5M2;
}
// i8 u8 i32 i64 (the catalogue's "int dtypes").
inline bool is_int_dtype(int32_t dtype) {
  return dtype == HWC_DTYPE_I8 || dtype == HWC_DTYPE_U8 || dtype == HWC_DTYPE_I32 ||
         dtype == HWC_DTYPE_I64;
}

std::string dtype_name(int32_t dtype);

}  // namespace hwcert::reference
