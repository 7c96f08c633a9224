#include "dtype.hpp"

namespace hwcert::reference {

std::string dtype_name(int32_t dtype) {
  switch (dtype) {
    case HWC_DTYPE_F64:
      return "f64";
    case HWC_DTYPE_F32:
      return "f32";
    case HWC_DTYPE_F16:
      return "f16";
    case HWC_DTYPE_BF16:
      return "bf16";
    case HWC_DTYPE_F8_E4M3:
      return "f8e4m3";
    case HWC_DTYPE_F8_E5M2:
      return "f8e5m2";
    case HWC_DTYPE_I8:
      return "i8";
    case HWC_DTYPE_U8:
      return "u8";
    case HWC_DTYPE_I32:
      return "i32";
    case HWC_DTYPE_I64:
      return "i64";
    case HWC_DTYPE_BOOL:
      return "bool";
    default:
      return "dtype(" + std::to_string(dtype) + ")";
  }
}

}  // namespace hwcert::reference
