// get_info values and the two-call protocol of plugin_get_info and device_get_info.
#pragma once

#include <cstddef>
#include <cstdint>
#include <cstring>
#include <optional>
#include <string>
#include <vector>

#include "plugin.hpp"

namespace hwcref {

using InfoValue = std::vector<std::byte>;

InfoValue info_string(const std::string& text);  // includes the NUL
template <class T>
InfoValue info_scalar(T value) {
  InfoValue bytes(sizeof(T));
  std::memcpy(bytes.data(), &value, sizeof(T));
  return bytes;
}

std::optional<InfoValue> plugin_info_value(int32_t key);
std::optional<InfoValue> device_info_value(const Plugin& plugin, const HWC_Device& device,
                                           int32_t key);

// Applies the two-call protocol; throws PluginError for UNKNOWN_KEY, BUFFER_TOO_SMALL and
// a NULL size_ret with a NULL value.
void answer_info(const std::optional<InfoValue>& value, int32_t key, size_t value_size, void* out,
                 size_t* size_ret);

}  // namespace hwcref
