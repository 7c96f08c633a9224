// Names of the get_info keys, for messages that must say which value a plugin got wrong.
#pragma once

#include <cstdint>
#include <string>

namespace hwcert {

// "NAME", "VERSION", ... for HWC_PLUGIN_INFO_*; the number for keys this host does not know.
std::string plugin_info_key_name(int32_t key);
// "NAME", "MEMORY_BYTES", "PEAK_TFLOPS_BASE+3", ... for HWC_DEVICE_INFO_*; else the number.
std::string device_info_key_name(int32_t key);

}  // namespace hwcert
