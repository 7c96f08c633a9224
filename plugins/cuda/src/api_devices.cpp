// Plugin properties and devices.
#include <cuda_runtime_api.h>
#include <hwcert/plugin_common/device_handles.hpp>
#include <hwcert/plugin_common/info_sink.hpp>
#include <hwcert/plugin_common/plugin_functions.hpp>
#include <hwcert/plugin_common/plugin_info.hpp>

#include <vector>

#include "runtime.hpp"

namespace hwcert::plugin_api {
using namespace hwcert::cuda;

HWC_Error* plugin_get_info(int32_t key, size_t value_size, void* value, size_t* size_ret) {
  static constexpr plugin_common::PluginIdentity kIdentity{
      "cuda", "hwcert project", HWCERT_CUDA_PLUGIN_VERSION,
      "NVIDIA GPUs through the CUDA runtime, cuBLASLt and cuDNN", 2};
  return plugin_common::answer_plugin_get_info(state, kIdentity, key,
                                               {value_size, value, size_ret});
}

HWC_Error* device_count(uint32_t* count) {
  return plugin_common::answer_device_count_of(state, count);
}

HWC_Error* device_open(uint32_t index, HWC_Device** device) {
  return guarded("device_open", [&] {
    PluginState& s = state();
    plugin_common::check_device_index(device, index, s.devices().size(), s.no_device_reason());
    DeviceRuntime& runtime = *s.devices()[index];
    runtime.activate();
    runtime.check(cudaFree(nullptr), "creating the CUDA context");
    auto handle = std::make_unique<HWC_Device>();
    handle->runtime = &runtime;
    *device = s.device_handles.insert(std::move(handle));
  });
}

HWC_Error* device_close(HWC_Device* device) {
  return guarded("device_close", [&] { state().take_device(device); });
}

namespace {

std::vector<int32_t> stored_dtypes() {
  std::vector<int32_t> dtypes;
  for (int32_t d = HWC_DTYPE_F64; d < HWC_DTYPE_COUNT; ++d) dtypes.push_back(d);
  return dtypes;
}

}  // namespace

HWC_Error* device_get_info(HWC_Device* device, int32_t key, size_t value_size, void* value,
                           size_t* size_ret) {
  return guarded("device_get_info", [&] {
    PluginState& s = state();
    DeviceRuntime& runtime = *s.device(device).runtime;
    const DeviceProperties& p = runtime.properties();
    const plugin_common::InfoSink sink{value_size, value, size_ret};
    std::string why;
    switch (key) {
      case HWC_DEVICE_INFO_NAME:
        return sink.text(p.name);
      case HWC_DEVICE_INFO_VENDOR:
        return sink.text("NVIDIA");
      case HWC_DEVICE_INFO_DRIVER_VERSION:
        return sink.text(p.driver_version);
      case HWC_DEVICE_INFO_TYPE:
        return sink.scalar<uint32_t>(HWC_DEVICE_TYPE_GPU);
      case HWC_DEVICE_INFO_UUID:
        return sink.bytes(p.uuid);
      case HWC_DEVICE_INFO_MEMORY_BYTES:
        return sink.scalar<uint64_t>(p.memory_bytes);
      case HWC_DEVICE_INFO_MEMORY_FREE_BYTES: {
        runtime.activate();
        size_t free_bytes = 0, total_bytes = 0;
        runtime.check(cudaMemGetInfo(&free_bytes, &total_bytes), "cudaMemGetInfo");
        return sink.scalar<uint64_t>(free_bytes);
      }
      case HWC_DEVICE_INFO_COMPUTE_UNITS:
        return sink.scalar<uint32_t>(p.sm_count);
      case HWC_DEVICE_INFO_CLOCK_MHZ:
        if (!p.max_clock_mhz) sink.unknown(key, "the runtime reports no clock rate");
        return sink.scalar<uint32_t>(*p.max_clock_mhz);
      case HWC_DEVICE_INFO_CURRENT_CLOCK_MHZ:
        if (auto mhz = s.nvml().sm_clock_mhz(p.pci_bus_id, why)) return sink.scalar(*mhz);
        sink.unknown(key, why);
      case HWC_DEVICE_INFO_POWER_WATTS:
        if (auto watts = s.nvml().power_watts(p.pci_bus_id, why)) return sink.scalar(*watts);
        sink.unknown(key, why);
      case HWC_DEVICE_INFO_MEMORY_BANDWIDTH_GBPS:
        if (!p.memory_bandwidth_gbps)
          sink.unknown(key, "the runtime reports no memory clock or bus width");
        return sink.scalar<double>(*p.memory_bandwidth_gbps);
      case HWC_DEVICE_INFO_LAST_LEVEL_CACHE_BYTES:
        return sink.scalar<uint64_t>(p.l2_bytes);
      case HWC_DEVICE_INFO_SUPPORTED_DTYPES: {
        const std::vector<int32_t> dtypes = stored_dtypes();
        return sink.bytes(std::as_bytes(std::span(dtypes)));
      }
      case HWC_DEVICE_INFO_COMPUTE_CAPABILITY:
        return sink.text(std::to_string(p.cc_major) + "." + std::to_string(p.cc_minor));
      case HWC_DEVICE_INFO_PCI_BUS_ID:
        return sink.text(p.pci_bus_id);
      default:
        // FIRMWARE_VERSION: the runtime does not report the VBIOS. PEAK_TFLOPS_*: the
        // runtime gives no per-dtype rates; target profiles carry the public figures.
        sink.unknown(key, "not reported by the CUDA plugin");
    }
  });
}

HWC_Error* device_can_access_peer(HWC_Device* device, HWC_Device* peer, int32_t* can_access) {
  return guarded("device_can_access_peer", [&] {
    PluginState& s = state();
    DeviceRuntime& a = *s.device(device).runtime;
    DeviceRuntime& b = *s.device(peer).runtime;
    if (can_access == nullptr) fail_invalid("can_access is NULL");
    a.ensure_not_lost();
    b.ensure_not_lost();
    // Direct only when both directions are enabled (a copy may be enqueued on either).
    *can_access = a.enable_peer_access(b) && b.enable_peer_access(a) ? 1 : 0;
  });
}

}  // namespace hwcert::plugin_api
