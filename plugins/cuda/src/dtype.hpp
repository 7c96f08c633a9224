// Element types of the ABI: size, catalogue name and the catalogue's dtype classes.
#pragma once

#include <hwcert/hwcert_plugin.h>

#include <cstdint>
#include <initializer_list>

namespace hwcert::cuda {

bool is_valid_dtype(int32_t dtype) noexcept;
/// Bytes per element of a valid dtype.
uint32_t dtype_size(int32_t dtype) noexcept;
/// "f32", "bf16", ...; "invalid" for an invalid value.
const char* dtype_name(int32_t dtype) noexcept;
/// f64, f32, f16, bf16 (the catalogue's "float dtypes").
bool is_float_dtype(int32_t dtype) noexcept;
bool is_fp8_dtype(int32_t dtype) noexcept;
/// i8, u8, i32, i64 (the catalogue's "int dtypes").
bool is_int_dtype(int32_t dtype) noexcept;
bool dtype_in(int32_t dtype, std::initializer_list<int32_t> set) noexcept;

}  // namespace hwcert::cuda
