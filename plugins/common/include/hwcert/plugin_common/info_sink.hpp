// The ABI's two-call get_info protocol from the plugin's side: a size query (value NULL),
// a copy, or BUFFER_TOO_SMALL with *size_ret set to the size needed.
#pragma once

#include <cstddef>
#include <cstdint>
#include <cstring>
#include <span>
#include <string>

#include "hwcert/plugin_common/plugin_error.hpp"

namespace hwcert::plugin_common {

/// Where one get_info answer goes: the caller's value buffer, its size and size_ret.
struct InfoSink {
  size_t value_size;
  void* value;
  size_t* size_ret;

  void bytes(std::span<const std::byte> data) const {
    if (value == nullptr && size_ret == nullptr) fail_invalid("value and size_ret are both NULL");
    if (size_ret != nullptr) *size_ret = data.size();
    if (value == nullptr) return;
    if (value_size < data.size()) {
      fail(HWC_STATUS_BUFFER_TOO_SMALL, "the value needs " + std::to_string(data.size()) +
                                            " bytes, value_size is " + std::to_string(value_size));
    }
    std::memcpy(value, data.data(), data.size());
  }
  /// A NUL-terminated string (the terminator counts in the size).
  void text(const std::string& s) const {
    bytes(std::as_bytes(std::span(s.c_str(), s.size() + 1)));
  }
  template <typename T>
  void scalar(T v) const {
    bytes(std::as_bytes(std::span(&v, 1)));
  }
  /// UNKNOWN_KEY with *size_ret = 0: the key is not known, or this plugin or device has no
  /// answer for it (`why`).
  [[noreturn]] void unknown(int32_t key, const std::string& why) const {
    if (size_ret != nullptr) *size_ret = 0;
    fail(HWC_STATUS_UNKNOWN_KEY, "key " + std::to_string(key) + ": " + why);
  }
};

}  // namespace hwcert::plugin_common
