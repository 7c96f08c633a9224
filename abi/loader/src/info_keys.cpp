#include "hwcert/loader/info_keys.hpp"

#include <array>
#include <string_view>

#include "hwcert/hwcert_plugin.h"

namespace hwcert {
namespace {

struct KeyName {
  int32_t key;
  std::string_view name;
};

constexpr std::array kPluginKeys = {
    KeyName{HWC_PLUGIN_INFO_NAME, "NAME"},
    KeyName{HWC_PLUGIN_INFO_VENDOR, "VENDOR"},
    KeyName{HWC_PLUGIN_INFO_VERSION, "VERSION"},
    KeyName{HWC_PLUGIN_INFO_DESCRIPTION, "DESCRIPTION"},
    KeyName{HWC_PLUGIN_INFO_OPSET, "OPSET"},
};

constexpr std::array kDeviceKeys = {
    KeyName{HWC_DEVICE_INFO_NAME, "NAME"},
    KeyName{HWC_DEVICE_INFO_VENDOR, "VENDOR"},
    KeyName{HWC_DEVICE_INFO_DRIVER_VERSION, "DRIVER_VERSION"},
    KeyName{HWC_DEVICE_INFO_FIRMWARE_VERSION, "FIRMWARE_VERSION"},
    KeyName{HWC_DEVICE_INFO_TYPE, "TYPE"},
    KeyName{HWC_DEVICE_INFO_UUID, "UUID"},
    KeyName{HWC_DEVICE_INFO_MEMORY_BYTES, "MEMORY_BYTES"},
    KeyName{HWC_DEVICE_INFO_MEMORY_FREE_BYTES, "MEMORY_FREE_BYTES"},
    KeyName{HWC_DEVICE_INFO_COMPUTE_UNITS, "COMPUTE_UNITS"},
    KeyName{HWC_DEVICE_INFO_CLOCK_MHZ, "CLOCK_MHZ"},
    KeyName{HWC_DEVICE_INFO_CURRENT_CLOCK_MHZ, "CURRENT_CLOCK_MHZ"},
    KeyName{HWC_DEVICE_INFO_MEMORY_BANDWIDTH_GBPS, "MEMORY_BANDWIDTH_GBPS"},
    KeyName{HWC_DEVICE_INFO_LAST_LEVEL_CACHE_BYTES, "LAST_LEVEL_CACHE_BYTES"},
    KeyName{HWC_DEVICE_INFO_SUPPORTED_DTYPES, "SUPPORTED_DTYPES"},
    KeyName{HWC_DEVICE_INFO_COMPUTE_CAPABILITY, "COMPUTE_CAPABILITY"},
    KeyName{HWC_DEVICE_INFO_POWER_WATTS, "POWER_WATTS"},
    KeyName{HWC_DEVICE_INFO_PCI_BUS_ID, "PCI_BUS_ID"},
};

template <std::size_t N>
std::string lookup(const std::array<KeyName, N>& keys, int32_t key) {
  for (const KeyName& entry : keys) {
    if (entry.key == key) return std::string(entry.name);
  }
  return std::to_string(key);
}

}  // namespace

std::string plugin_info_key_name(int32_t key) {
  return lookup(kPluginKeys, key);
}

std::string device_info_key_name(int32_t key) {
  if (key >= HWC_DEVICE_INFO_PEAK_TFLOPS_BASE) {
    return "PEAK_TFLOPS_BASE+" + std::to_string(key - HWC_DEVICE_INFO_PEAK_TFLOPS_BASE);
  }
  return lookup(kDeviceKeys, key);
}

}  // namespace hwcert
