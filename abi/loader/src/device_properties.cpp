#include "hwcert/loader/device_properties.hpp"

#include <fmt/format.h>

#include <utility>

#include "hwcert/loader/dtype.hpp"

namespace hwcert {
namespace {

template <typename T>
std::optional<T> optional_of(const Expected<T>& value) {
  return value.ok() ? std::optional<T>(*value) : std::nullopt;
}

std::string string_or_empty(const Expected<std::string>& value) {
  return value.ok() ? *value : "";
}

std::string type_name(const Expected<uint32_t>& type) {
  if (!type.ok()) return "unknown";
  switch (*type) {
    case HWC_DEVICE_TYPE_CPU:
      return "cpu";
    case HWC_DEVICE_TYPE_GPU:
      return "gpu";
    case HWC_DEVICE_TYPE_NPU:
      return "npu";
    case HWC_DEVICE_TYPE_OTHER:
      return "other";
    default:
      return "unknown";
  }
}

}  // namespace

DeviceProperties read_device_properties(const Device& device) {
  DeviceProperties p;
  // Each read leaves a malformed value's reason here; it becomes one of p.warnings.
  std::string problem;
  auto note = [&p, &problem](auto value) {
    if (!problem.empty()) p.warnings.push_back(std::exchange(problem, std::string()));
    return value;
  };
  auto text = [&](int32_t key) { return note(string_or_empty(device.info_string(key, &problem))); };
  p.index = device.index();
  p.name = text(HWC_DEVICE_INFO_NAME);
  p.vendor = text(HWC_DEVICE_INFO_VENDOR);
  p.driver_version = text(HWC_DEVICE_INFO_DRIVER_VERSION);
  p.firmware_version = text(HWC_DEVICE_INFO_FIRMWARE_VERSION);
  p.type = note(type_name(device.info_u32(HWC_DEVICE_INFO_TYPE, &problem)));
  if (auto uuid = note(device.info_bytes(HWC_DEVICE_INFO_UUID, &problem));
      uuid.ok() && uuid->size() == 16) {
    for (uint8_t byte : *uuid) p.uuid += fmt::format("{:02x}", byte);
  }
  p.memory_bytes = note(optional_of(device.info_u64(HWC_DEVICE_INFO_MEMORY_BYTES, &problem)));
  p.compute_units = note(optional_of(device.info_u32(HWC_DEVICE_INFO_COMPUTE_UNITS, &problem)));
  p.clock_mhz = note(optional_of(device.info_u32(HWC_DEVICE_INFO_CLOCK_MHZ, &problem)));
  p.memory_bandwidth_gbps =
      note(optional_of(device.info_f64(HWC_DEVICE_INFO_MEMORY_BANDWIDTH_GBPS, &problem)));
  p.last_level_cache_bytes =
      note(optional_of(device.info_u64(HWC_DEVICE_INFO_LAST_LEVEL_CACHE_BYTES, &problem)));
  p.compute_capability = text(HWC_DEVICE_INFO_COMPUTE_CAPABILITY);
  p.pci_bus_id = text(HWC_DEVICE_INFO_PCI_BUS_ID);
  if (auto dtypes = note(device.info_i32_array(HWC_DEVICE_INFO_SUPPORTED_DTYPES, &problem));
      dtypes.ok()) {
    for (int32_t raw : *dtypes) {
      if (auto dtype = dtype_from_abi(raw)) p.supported_dtypes.emplace_back(dtype_name(*dtype));
    }
  }
  for (DType dtype : kAllDTypes) {
    auto peak = note(
        device.info_f64(HWC_DEVICE_INFO_PEAK_TFLOPS_BASE + static_cast<int32_t>(dtype), &problem));
    if (peak.ok()) p.peak_tflops[std::string(dtype_name(dtype))] = *peak;
  }
  return p;
}

nlohmann::json to_json(const DeviceProperties& p) {
  nlohmann::json j;
  j["index"] = p.index;
  j["name"] = p.name;
  j["vendor"] = p.vendor;
  j["driver_version"] = p.driver_version;
  j["firmware_version"] = p.firmware_version;
  j["type"] = p.type;
  j["uuid"] = p.uuid;
  auto put = [&j](const char* key, const auto& value) {
    if (value) {
      j[key] = *value;
    } else {
      j[key] = nullptr;
    }
  };
  put("memory_bytes", p.memory_bytes);
  put("compute_units", p.compute_units);
  put("clock_mhz", p.clock_mhz);
  put("memory_bandwidth_gbps", p.memory_bandwidth_gbps);
  put("last_level_cache_bytes", p.last_level_cache_bytes);
  j["compute_capability"] = p.compute_capability;
  j["pci_bus_id"] = p.pci_bus_id;
  j["supported_dtypes"] = p.supported_dtypes;
  j["peak_tflops"] = p.peak_tflops;
  j["warnings"] = p.warnings;
  return j;
}

}  // namespace hwcert
