// Element types as the OpenCL kernels see them: size, storage type, load/store helpers and
// compute type (see kernels/common.cl).
#pragma once

#include <hwcert/hwcert_plugin.h>
#include <hwcert/plugin_common/dtypes.hpp>

#include <cstdint>
#include <string>

namespace hwcert::opencl {

/// What kind of value a dtype computes as in kernels.
enum class ValueKind { kFloat, kDouble, kInteger, kBool };

struct DTypeInfo {
  const char* name;     ///< catalogue name, e.g. "bf16"
  uint32_t size;        ///< bytes per element
  const char* storage;  ///< OpenCL C storage type, e.g. "ushort"
  const char* compute;  ///< OpenCL C compute type, e.g. "float"
  const char* tag;      ///< suffix of ld_/st_ helpers and cvt_ functions
  ValueKind kind;
  const char* unsigned_type;  ///< integers: unsigned type of the same width
  const char* as_signed;      ///< integers: bits back to the compute type
  const char* min_value;      ///< integers: lowest value
};

using plugin_common::is_valid_dtype;
/// Info of a valid dtype (is_valid_dtype first).
const DTypeInfo& dtype_info(int32_t dtype) noexcept;
inline uint32_t element_size(int32_t dtype) noexcept {
  return dtype_info(dtype).size;
}
inline const char* dtype_name(int32_t dtype) noexcept {
  return is_valid_dtype(dtype) ? dtype_info(dtype).name : "invalid";
}

using plugin_common::is_float_dtype;
using plugin_common::is_fp8_dtype;
using plugin_common::is_int_dtype;

/// OpenCL C unsigned type of `bytes` (1, 2, 4 or 8) for dtype-agnostic data movement.
const char* raw_type_for_size(uint32_t bytes) noexcept;

}  // namespace hwcert::opencl
