// Plugin properties and devices: one device, the host CPU.
#include <hwcert/plugin_common/plugin_functions.hpp>
#include <hwcert/plugin_common/plugin_info.hpp>

#include <memory>
#include <string>

#include "device_info.hpp"
#include "runtime.hpp"

namespace hwcert::plugin_api {
using namespace hwcert::reference;

HWC_Error* plugin_get_info(int32_t key, size_t value_size, void* value, size_t* size_ret) {
  return guarded("plugin_get_info", [&] {
    const plugin_common::PluginIdentity identity{kPluginName, kPluginVendor, kPluginVersion,
                                                 kPluginDescription, state().opset()};
    plugin_common::answer_plugin_info(identity, key, {value_size, value, size_ret});
  });
}

HWC_Error* device_count(uint32_t* count) {
  return guarded("device_count", [&] {
    state();
    require(count, "count");
    *count = 1;
  });
}

HWC_Error* device_open(uint32_t index, HWC_Device** device) {
  return guarded("device_open", [&] {
    PluginState& s = state();
    require(device, "device");
    if (index >= 1)
      fail_out_of_range("index " + std::to_string(index) + " is out of range (1 device)");
    auto handle = std::make_unique<HWC_Device>();
    handle->index = index;
    *device = s.device_handles.insert(std::move(handle));
  });
}

HWC_Error* device_close(HWC_Device* device) {
  return guarded("device_close", [&] {
    PluginState& s = state();
    const int64_t children = s.device(device).children.load();
    if (children != 0)
      fail_invalid(std::to_string(children) +
                   " buffer(s), stream(s) or event(s) created on this device are still alive");
    s.take_device(device);
  });
}

HWC_Error* device_get_info(HWC_Device* device, int32_t key, size_t value_size, void* value,
                           size_t* size_ret) {
  return guarded("device_get_info", [&] {
    PluginState& s = state();
    s.device(device);
    answer_device_info(s, key, {value_size, value, size_ret});
  });
}

HWC_Error* device_can_access_peer(HWC_Device* device, HWC_Device* peer, int32_t* can_access) {
  return guarded("device_can_access_peer", [&] {
    PluginState& s = state();
    const HWC_Device& a = s.device(device);
    const HWC_Device& b = s.device(peer);
    require(can_access, "can_access");
    *can_access = a.index == b.index ? 1 : 0;  // one shared host memory
  });
}

}  // namespace hwcert::plugin_api
