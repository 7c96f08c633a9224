#include "dtype.hpp"

#include <array>

namespace hwcert::opencl {
namespace {

constexpr std::array<DTypeInfo, HWC_DTYPE_COUNT> kInfos = {{
    {"invalid", 0, "uchar", "uchar", "invalid", ValueKind::kInteger, "", "", ""},
    {"f64", 8, "double", "double", "f64", ValueKind::kDouble, "", "", ""},
    {"f32", 4, "float", "float", "f32", ValueKind::kFloat, "", "", ""},
    {"f16", 2, "ushort", "float", "f16", ValueKind::kFloat, "", "", ""},
    {"bf16", 2, "ushort", "float", "bf16", ValueKind::kFloat, "", "", ""},
    {"f8e4m3", 1, "uchar", "float", "e4m3", ValueKind::kFloat, "", "", ""},
    {"f8e5m2", 1, "uchar", "float", "e5m2", ValueKind::kFloat, "", "", ""},
    {"i8", 1, "char", "char", "i8", ValueKind::kInteger, "uchar", "as_char", "CHAR_MIN"},
    {"u8", 1, "uchar", "uchar", "u8", ValueKind::kInteger, "uchar", "(uchar)", "0"},
    {"i32", 4, "int", "int", "i32", ValueKind::kInteger, "uint", "as_int", "INT_MIN"},
    {"i64", 8, "long", "long", "i64", ValueKind::kInteger, "ulong", "as_long", "LONG_MIN"},
    {"bool", 1, "uchar", "uchar", "bool", ValueKind::kBool, "uchar", "(uchar)", "0"},
}};

}  // namespace

const DTypeInfo& dtype_info(int32_t dtype) noexcept {
  return kInfos[is_valid_dtype(dtype) ? static_cast<size_t>(dtype) : 0];
}

const char* raw_type_for_size(uint32_t bytes) noexcept {
  switch (bytes) {
    case 1:
      return "uchar";
    case 2:
      return "ushort";
    case 4:
      return "uint";
    default:
      return "ulong";
  }
}

}  // namespace hwcert::opencl
