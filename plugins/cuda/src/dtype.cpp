#include "dtype.hpp"

namespace hwcert::cuda {

uint32_t dtype_size(int32_t dtype) noexcept {
  return is_valid_dtype(dtype) ? static_cast<uint32_t>(plugin_common::dtype_size(dtype)) : 1;
}

bool dtype_in(int32_t dtype, std::initializer_list<int32_t> set) noexcept {
  for (int32_t d : set)
    if (d == dtype) return true;
  return false;
}

}  // namespace hwcert::cuda
