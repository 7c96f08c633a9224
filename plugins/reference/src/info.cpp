#include "info.hpp"

#include "errors.hpp"

namespace hwcref {

InfoValue info_string(const std::string& text) {
  InfoValue bytes(text.size() + 1);
  std::memcpy(bytes.data(), text.c_str(), text.size() + 1);
  return bytes;
}

std::optional<InfoValue> plugin_info_value(int32_t key) {
  switch (key) {
    case HWC_PLUGIN_INFO_NAME:
      return info_string(kPluginName);
    case HWC_PLUGIN_INFO_VENDOR:
      return info_string(kPluginVendor);
    case HWC_PLUGIN_INFO_VERSION:
      return info_string(kPluginVersion);
    case HWC_PLUGIN_INFO_DESCRIPTION:
      return info_string(kPluginDescription);
    case HWC_PLUGIN_INFO_OPSET:
      return info_scalar<uint32_t>(kPluginOpset);
    default:
      return std::nullopt;
  }
}

std::optional<InfoValue> device_info_value(const Plugin& plugin, const HWC_Device& /*device*/,
                                           int32_t key) {
  const HostCpu& cpu = plugin.cpu();
  switch (key) {
    case HWC_DEVICE_INFO_NAME:
      return info_string(cpu.model_name);
    case HWC_DEVICE_INFO_VENDOR:
      return info_string(cpu.vendor);
    case HWC_DEVICE_INFO_DRIVER_VERSION:
      return info_string(std::string("hwcert-reference ") + kPluginVersion +
                         (cpu.kernel_release.empty() ? "" : " (Linux " + cpu.kernel_release + ")"));
    case HWC_DEVICE_INFO_FIRMWARE_VERSION:
      if (cpu.microcode.empty()) return std::nullopt;
      return info_string("microcode " + cpu.microcode);
    case HWC_DEVICE_INFO_TYPE:
      return info_scalar<uint32_t>(HWC_DEVICE_TYPE_CPU);
    case HWC_DEVICE_INFO_UUID: {
      InfoValue bytes(16);
      std::memcpy(bytes.data(), cpu.uuid.data(), 16);
      return bytes;
    }
    case HWC_DEVICE_INFO_MEMORY_BYTES:
      return info_scalar<uint64_t>(cpu.memory_bytes);
    case HWC_DEVICE_INFO_MEMORY_FREE_BYTES:
      return info_scalar<uint64_t>(available_memory_bytes());
    case HWC_DEVICE_INFO_COMPUTE_UNITS:
      return info_scalar<uint32_t>(cpu.logical_cpus);
    case HWC_DEVICE_INFO_CLOCK_MHZ:
      if (cpu.max_clock_mhz == 0) return std::nullopt;
      return info_scalar<uint32_t>(cpu.max_clock_mhz);
    case HWC_DEVICE_INFO_CURRENT_CLOCK_MHZ: {
      const uint32_t mhz = current_clock_mhz();
      if (mhz == 0) return std::nullopt;
      return info_scalar<uint32_t>(mhz);
    }
    case HWC_DEVICE_INFO_LAST_LEVEL_CACHE_BYTES:
      if (cpu.last_level_cache_bytes == 0) return std::nullopt;
      return info_scalar<uint64_t>(cpu.last_level_cache_bytes);
    case HWC_DEVICE_INFO_SUPPORTED_DTYPES: {
      InfoValue bytes;
      for (int32_t dtype = 1; dtype < HWC_DTYPE_COUNT; ++dtype) {
        const InfoValue one = info_scalar<int32_t>(dtype);
        bytes.insert(bytes.end(), one.begin(), one.end());
      }
      return bytes;
    }
    case HWC_DEVICE_INFO_COMPUTE_CAPABILITY:
      return info_string(cpu.isa_level);
    default:
      return std::nullopt;  // bandwidth, power, PCI id, peaks: not known for a CPU
  }
}

void answer_info(const std::optional<InfoValue>& value, int32_t key, size_t value_size, void* out,
                 size_t* size_ret) {
  if (!value) {
    if (size_ret != nullptr) *size_ret = 0;
    fail(HWC_STATUS_UNKNOWN_KEY,
         "get_info key " + std::to_string(key) + " is not known to this plugin");
  }
  const size_t size = value->size();
  if (out == nullptr) {
    if (size_ret == nullptr) invalid("get_info: value and size_ret are both NULL");
    *size_ret = size;
    return;
  }
  if (size_ret != nullptr) *size_ret = size;
  if (value_size < size) {
    fail(HWC_STATUS_BUFFER_TOO_SMALL, "get_info key " + std::to_string(key) + " needs " +
                                          std::to_string(size) + " bytes, value_size is " +
                                          std::to_string(value_size));
  }
  std::memcpy(out, value->data(), size);
}

}  // namespace hwcref
