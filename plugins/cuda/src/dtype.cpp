#include "dtype.hpp"

namespace hwcert::cuda {

bool is_valid_dtype(int32_t dtype) noexcept {
  return dtype > HWC_DTYPE_INVALID && dtype < HWC_DTYPE_COUNT;
}

uint32_t dtype_size(int32_t dtype) noexcept {
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
    default:
      return 1;
  }
}

const char* dtype_name(int32_t dtype) noexcept {
  static constexpr const char* kNames[HWC_DTYPE_COUNT] = {
      "invalid", "f64", "f32", "f16", "bf16", "f8e4m3", "f8e5m2", "i8", "u8", "i32", "i64", "bool"};
  return is_valid_dtype(dtype) ? kNames[dtype] : "invalid";
}

bool dtype_in(int32_t dtype, std::initializer_list<int32_t> set) noexcept {
  for (int32_t d : set)
    if (d == dtype) return true;
  return false;
}

bool is_float_dtype(int32_t dtype) noexcept {
  return dtype_in(dtype, {HWC_DTYPE_F64, HWC_DTYPE_F32, HWC_DTYPE_F16, HWC_DTYPE_BF16});
}

bool is_fp8_dtype(int32_t dtype) noexcept {
  return dtype == HWC_DTYPE_F8_E4M3 || dtype == HWC_DTYPE_F8_E5M2;
}

bool is_int_dtype(int32_t dtype) noexcept {
  return dtype_in(dtype, {HWC_DTYPE_I8, HWC_DTYPE_U8, HWC_DTYPE_I32, HWC_DTYPE_I64});
}

}  // namespace hwcert::cuda
