// Everything get_info tells about a device, read once into a value type.
#pragma once

#include <cstdint>
#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "hwcert/loader/plugin.hpp"

namespace hwcert {

struct DeviceProperties {
  uint32_t index = 0;
  std::string name;
  std::string vendor;
  std::string driver_version;
  std::string firmware_version;
  std::string type;  // "cpu", "gpu", "npu", "other", "unknown"
  std::string uuid;  // 32 hex digits, empty when unknown
  std::optional<uint64_t> memory_bytes;
  std::optional<uint32_t> compute_units;
  std::optional<uint32_t> clock_mhz;
  std::optional<double> memory_bandwidth_gbps;
  std::optional<uint64_t> last_level_cache_bytes;
  std::string compute_capability;
  std::string pci_bus_id;
  std::vector<std::string> supported_dtypes;  // dtype names
  std::map<std::string, double> peak_tflops;  // by dtype name, where the plugin knows it
  // One line per value the plugin reported in a malformed way (the property then stays empty):
  // "device_get_info(NAME): 26 bytes without a NUL terminator".
  std::vector<std::string> warnings;
};

// Reads every known key; keys the plugin does not know stay empty / nullopt (no warning).
DeviceProperties read_device_properties(const Device& device);

nlohmann::json to_json(const DeviceProperties& properties);

}  // namespace hwcert
