#include "dtype.hpp"

namespace hwcert::reference {

std::string dtype_name(int32_t dtype) {
  if (dtype_valid(dtype)) return plugin_common::dtype_name(dtype);
  return "dtype(" + std::to_string(dtype) + ")";
}

}  // namespace hwcert::reference
