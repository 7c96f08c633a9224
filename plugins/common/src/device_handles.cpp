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

void check_buffer_counts(const HWC_OpDesc& op, uint32_t num_inputs, uint32_t num_outputs) {
  if (num_inputs == op.num_inputs && num_outputs == op.num_outputs) return;
  fail_invalid("got " + std::to_string(num_inputs) + " input and " + std::to_string(num_outputs) +
               " output buffers for a descriptor with " + std::to_string(op.num_inputs) + " and " +
               std::to_string(op.num_outputs));
}

}  // namespace hwcert::plugin_common
