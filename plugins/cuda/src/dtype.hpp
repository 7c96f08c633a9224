// Element types of the ABI: size, catalogue name and the catalogue's dtype classes.
#pragma once

#include <hwcert/hwcert_plugin.h>
#include <hwcert/plugin_common/dtypes.hpp>

#include <cstdint>
#include <initializer_list>

namespace hwcert::cuda {

using plugin_common::dtype_name;      // "f32", "bf16", ...; "invalid" for an invalid value
using plugin_common::is_float_dtype;  // f64, f32, f16, bf16 (the catalogue's "float dtypes")
using plugin_common::is_fp8_dtype;
using plugin_common::is_int_dtype;  // i8, u8, i32, i64 (the catalogue's "int dtypes")
using plugin_common::is_valid_dtype;
/// Bytes per element of a valid dtype; 1 for an invalid one.
uint32_t dtype_size(int32_t dtype) noexcept;
bool dtype_in(int32_t dtype, std::initializer_list<int32_t> set) noexcept;

}  // namespace hwcert::cuda
