// Facts about the ABI's element types, as the plugin sees them.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>

#include "hwcert/hwcert_plugin.h"
#include "hwcert/plugin_common/dtypes.hpp"

namespace hwcert::reference {

using plugin_common::dtype_size;  // 0 for an invalid dtype
using plugin_common::is_float_dtype;
using plugin_common::is_fp8_dtype;
using plugin_common::is_int_dtype;

inline bool dtype_valid(int32_t dtype) {
  return plugin_common::is_valid_dtype(dtype);
}

std::string dtype_name(int32_t dtype);

}  // namespace hwcert::reference
