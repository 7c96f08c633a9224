#include "hwcert/plugin_common/device_handles.hpp"

namespace hwcert::plugin_common {

void check_alloc_arguments(const void* buffer, uint64_t size_bytes) {
  if (buffer == nullptr) fail_invalid("buffer is NULL");
  if (size_bytes == 0) fail_invalid("size_bytes is 0");
}

void answer_device_count(uint32_t* count, std::size_t devices) {
  if (count == nullptr) fail_invalid("count is NULL");
  *count = static_cast<uint32_t>(devices);
}

void check_device_index(const void* device, uint32_t index, std::size_t devices,
                        const std::string& why_none) {
  if (device == nullptr) fail_invalid("device is NULL");
  if (index < devices) return;
  fail_out_of_range("device index " + std::to_string(index) + " but the plugin drives " +
                    std::to_string(devices) + " devices" +
                    (devices == 0 && !why_none.empty() ? " (" + why_none + ")" : ""));
}

}  // namespace hwcert::plugin_common
