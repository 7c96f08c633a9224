// Host-side facts about the ABI's element types.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string_view>

#include "hwcert/hwcert_plugin.h"

namespace hwcert {

enum class DType : int32_t {
  kInvalid = HWC_DTYPE_INVALID,
  kF64 = HWC_DTYPE_F64,
  kF32 = HWC_DTYPE_F32,
  kF16 = HWC_DTYPE_F16,
  kBF16 = HWC_DTYPE_BF16,
  kF8E4M3 = HWC_DTYPE_F8_E4M3,
  kF8E5M2 = HWC_DTYPE_F8_E5M2,
  kI8 = HWC_DTYPE_I8,
  kU8 = HWC_DTYPE_U8,
  kI32 = HWC_DTYPE_I32,
  kI64 = HWC_DTYPE_I64,
  kBool = HWC_DTYPE_BOOL,
};

inline constexpr DType kAllDTypes[] = {DType::kF64,    DType::kF32,    DType::kF16, DType::kBF16,
                                       DType::kF8E4M3, DType::kF8E5M2, DType::kI8,  DType::kU8,
                                       DType::kI32,    DType::kI64,    DType::kBool};

// Bytes per element; 0 for kInvalid and unknown values.
std::size_t dtype_size(DType dtype);
// Short names used in suites, reports and reproducers: f64 f32 f16 bf16 f8e4m3 f8e5m2 i8 u8
// i32 i64 bool. Unknown values give "invalid".
std::string_view dtype_name(DType dtype);
std::optional<DType> parse_dtype(std::string_view name);
std::optional<DType> dtype_from_abi(int32_t raw);
bool is_floating(DType dtype);  // f64 f32 f16 bf16 f8e4m3 f8e5m2
bool is_integer(DType dtype);   // i8 u8 i32 i64

}  // namespace hwcert
