// The two-call get_info protocol of the ABI header.
#pragma once

#include <cstring>
#include <string>
#include <vector>

#include "error.hpp"

namespace hwcert::opencl {

/// Writes `size` bytes at `data` to `value` per the protocol (size query, copy, or
/// BUFFER_TOO_SMALL with *size_ret set).
inline void write_info(const void* data, size_t size, size_t value_size, void* value,
                       size_t* size_ret) {
  if (value == nullptr && size_ret == nullptr) fail_invalid("value and size_ret are both NULL");
  if (size_ret != nullptr) *size_ret = size;
  if (value == nullptr) return;
  if (value_size < size)
    fail(HWC_STATUS_BUFFER_TOO_SMALL, "value_size " + std::to_string(value_size) +
                                          " is smaller than the value (" + std::to_string(size) +
                                          " bytes)");
  std::memcpy(value, data, size);
}

inline void write_info_string(const std::string& text, size_t value_size, void* value,
                              size_t* size_ret) {
  write_info(text.c_str(), text.size() + 1, value_size, value, size_ret);
}

template <typename T>
void write_info_scalar(T v, size_t value_size, void* value, size_t* size_ret) {
  write_info(&v, sizeof(v), value_size, value, size_ret);
}

[[noreturn]] inline void fail_unknown_key(int32_t key, size_t* size_ret) {
  if (size_ret != nullptr) *size_ret = 0;
  fail(HWC_STATUS_UNKNOWN_KEY, "unknown info key " + std::to_string(key));
}

}  // namespace hwcert::opencl
