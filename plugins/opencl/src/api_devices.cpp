// Plugin properties and devices.
#include <vector>

#include "api.hpp"
#include "dtype.hpp"
#include "info_value.hpp"
#include "runtime.hpp"

namespace hwcert::opencl::api {

HWC_Error* plugin_get_info(int32_t key, size_t value_size, void* value, size_t* size_ret) {
  return guarded("plugin_get_info", [&] {
    state();
    switch (key) {
      case HWC_PLUGIN_INFO_NAME:
        return write_info_string("opencl", value_size, value, size_ret);
      case HWC_PLUGIN_INFO_VENDOR:
        return write_info_string("hwcert project", value_size, value, size_ret);
      case HWC_PLUGIN_INFO_VERSION:
        return write_info_string(HWCERT_OPENCL_PLUGIN_VERSION, value_size, value, size_ret);
      case HWC_PLUGIN_INFO_DESCRIPTION:
        return write_info_string("Every OpenCL 1.2+ device reachable through the ICD loader",
                                 value_size, value, size_ret);
      case HWC_PLUGIN_INFO_OPSET:
        return write_info_scalar<uint32_t>(1, value_size, value, size_ret);
      default:
        fail_unknown_key(key, size_ret);
    }
  });
}

HWC_Error* device_count(uint32_t* count) {
  return guarded("device_count", [&] {
    if (count == nullptr) fail_invalid("count is NULL");
    *count = static_cast<uint32_t>(state().devices().size());
  });
}

HWC_Error* device_open(uint32_t index, HWC_Device** device) {
  return guarded("device_open", [&] {
    if (device == nullptr) fail_invalid("device is NULL");
    PluginState& s = state();
    if (index >= s.devices().size())
      fail(HWC_STATUS_OUT_OF_RANGE, "device index " + std::to_string(index) + " >= device count " +
                                        std::to_string(s.devices().size()));
    DeviceRuntime& runtime = *s.devices()[index];
    runtime.ensure_open();
    *device = s.device_handles.add(std::make_unique<HWC_Device>(HWC_Device{&runtime}));
  });
}

HWC_Error* device_close(HWC_Device* device) {
  return guarded("device_close", [&] {
    if (!state().device_handles.take(device)) fail_invalid("not a live HWC_Device handle");
  });
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
    switch (key) {
      case HWC_DEVICE_INFO_NAME:
        return write_info_string(caps.name, value_size, value, size_ret);
      case HWC_DEVICE_INFO_VENDOR:
        return write_info_string(caps.vendor, value_size, value, size_ret);
      case HWC_DEVICE_INFO_DRIVER_VERSION:
        return write_info_string(caps.driver_version, value_size, value, size_ret);
      case HWC_DEVICE_INFO_COMPUTE_CAPABILITY:
        return write_info_string(caps.device_version, value_size, value, size_ret);
      case HWC_DEVICE_INFO_TYPE:
        return write_info_scalar<uint32_t>(caps.hwc_type, value_size, value, size_ret);
      case HWC_DEVICE_INFO_MEMORY_BYTES:
        return write_info_scalar<uint64_t>(caps.global_mem_bytes, value_size, value, size_ret);
      case HWC_DEVICE_INFO_COMPUTE_UNITS:
        return write_info_scalar<uint32_t>(caps.compute_units, value_size, value, size_ret);
      case HWC_DEVICE_INFO_CLOCK_MHZ:
        return write_info_scalar<uint32_t>(caps.clock_mhz, value_size, value, size_ret);
      case HWC_DEVICE_INFO_LAST_LEVEL_CACHE_BYTES:
        return write_info_scalar<uint64_t>(caps.global_cache_bytes, value_size, value, size_ret);
      case HWC_DEVICE_INFO_UUID:
        if (!caps.uuid) fail_unknown_key(key, size_ret);  // no cl_khr_device_uuid
        return write_info(caps.uuid->data(), caps.uuid->size(), value_size, value, size_ret);
      case HWC_DEVICE_INFO_PCI_BUS_ID:
        if (!caps.pci_bus_id) fail_unknown_key(key, size_ret);  // no cl_khr_pci_bus_info
        return write_info_string(*caps.pci_bus_id, value_size, value, size_ret);
      case HWC_DEVICE_INFO_SUPPORTED_DTYPES: {
        auto dtypes = stored_dtypes(caps);
        return write_info(dtypes.data(), dtypes.size() * sizeof(int32_t), value_size, value,
                          size_ret);
      }
      default:
        fail_unknown_key(key, size_ret);
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

}  // namespace hwcert::opencl::api
