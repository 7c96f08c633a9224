// Plugin properties and devices.
#include <hwcert/plugin_common/device_handles.hpp>
#include <hwcert/plugin_common/info_sink.hpp>
#include <hwcert/plugin_common/plugin_functions.hpp>
#include <hwcert/plugin_common/plugin_info.hpp>

#include <span>
#include <vector>

#include "dtype.hpp"
#include "runtime.hpp"

namespace hwcert::plugin_api {
using namespace hwcert::opencl;

HWC_Error* plugin_get_info(int32_t key, size_t value_size, void* value, size_t* size_ret) {
  static constexpr plugin_common::PluginIdentity kIdentity{
      "opencl", "hwcert project", HWCERT_OPENCL_PLUGIN_VERSION,
      "Every OpenCL 1.2+ device reachable through the ICD loader", 2};
  return plugin_common::answer_plugin_get_info(state, kIdentity, key,
                                               {value_size, value, size_ret});
}

HWC_Error* device_count(uint32_t* count) {
  return plugin_common::answer_device_count_of(state, count);
}

HWC_Error* device_open(uint32_t index, HWC_Device** device) {
  return guarded("device_open", [&] {
    PluginState& s = state();
    plugin_common::check_device_index(device, index, s.devices().size());
    DeviceRuntime& runtime = *s.devices()[index];
    runtime.ensure_open();
    *device = s.device_handles.insert(std::make_unique<HWC_Device>(HWC_Device{&runtime}));
  });
}

HWC_Error* device_close(HWC_Device* device) {
  return guarded("device_close", [&] { state().take_device(device); });
}

namespace {

std::vector<int32_t> stored_dtypes(const DeviceCaps& caps) {
  std::vector<int32_t> out;
  for (int32_t d = 1; d < HWC_DTYPE_COUNT; ++d)
    if (d != HWC_DTYPE_F64 || caps.fp64) out.push_back(d);
  return out;
}

}  // namespace

HWC_Error* device_get_info(HWC_Device* device, int32_t key, size_t value_size, void* value,
                           size_t* size_ret) {
  return guarded("device_get_info", [&] {
    const DeviceCaps& caps = state().device(device).runtime->caps();
    const plugin_common::InfoSink sink{value_size, value, size_ret};
    switch (key) {
      case HWC_DEVICE_INFO_NAME:
        return sink.text(caps.name);
      case HWC_DEVICE_INFO_VENDOR:
        return sink.text(caps.vendor);
      case HWC_DEVICE_INFO_DRIVER_VERSION:
        return sink.text(caps.driver_version);
      case HWC_DEVICE_INFO_COMPUTE_CAPABILITY:
        return sink.text(caps.device_version);
      case HWC_DEVICE_INFO_TYPE:
        return sink.scalar<uint32_t>(caps.hwc_type);
      case HWC_DEVICE_INFO_MEMORY_BYTES:
        return sink.scalar<uint64_t>(caps.global_mem_bytes);
      case HWC_DEVICE_INFO_COMPUTE_UNITS:
        return sink.scalar<uint32_t>(caps.compute_units);
      case HWC_DEVICE_INFO_CLOCK_MHZ:
        return sink.scalar<uint32_t>(caps.clock_mhz);
      case HWC_DEVICE_INFO_LAST_LEVEL_CACHE_BYTES:
        return sink.scalar<uint64_t>(caps.global_cache_bytes);
      case HWC_DEVICE_INFO_UUID:
        if (!caps.uuid) sink.unknown(key, "the device has no cl_khr_device_uuid");
        return sink.bytes(std::as_bytes(std::span(*caps.uuid)));
      case HWC_DEVICE_INFO_PCI_BUS_ID:
        if (!caps.pci_bus_id) sink.unknown(key, "the device has no cl_khr_pci_bus_info");
        return sink.text(*caps.pci_bus_id);
      case HWC_DEVICE_INFO_SUPPORTED_DTYPES: {
        auto dtypes = stored_dtypes(caps);
        return sink.bytes(std::as_bytes(std::span(dtypes)));
      }
      default:
        sink.unknown(key, "not reported by the OpenCL plugin");
    }
  });
}

HWC_Error* device_can_access_peer(HWC_Device* device, HWC_Device* peer, int32_t* can_access) {
  return guarded("device_can_access_peer", [&] {
    PluginState& s = state();
    const HWC_Device& a = s.device(device);
    const HWC_Device& b = s.device(peer);
    if (can_access == nullptr) fail_invalid("can_access is NULL");
    // Each device has its own context: copies between two devices are staged via the host.
    *can_access = a.runtime == b.runtime ? 1 : 0;
  });
}

}  // namespace hwcert::plugin_api
