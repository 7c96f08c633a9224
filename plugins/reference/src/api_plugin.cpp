// ABI functions: errors, plugin lifetime and properties, devices.
#include <memory>
#include <string>

#include "api_functions.hpp"
#include "info.hpp"

namespace hwcref::api {

// --- errors ---

int32_t error_code(const HWC_Error* error) {
  return error == nullptr ? HWC_STATUS_OK : error->code;
}

const char* error_message(const HWC_Error* error) {
  return error == nullptr ? "success" : error->message.c_str();
}

void error_destroy(HWC_Error* error) {
  if (error != nullptr && !error->is_static) delete error;
}

// --- plugin ---

HWC_Error* plugin_shutdown() {
  return guard([] {
    Plugin* instance = exchange_plugin(nullptr);
    if (instance == nullptr) invalid("plugin_shutdown: the plugin is not initialised");
    delete instance;
  });
}

HWC_Error* plugin_get_info(int32_t key, size_t value_size, void* value, size_t* size_ret) {
  return guard([&] {
    plugin();
    answer_info(plugin_info_value(key), key, value_size, value, size_ret);
  });
}

// --- devices ---

HWC_Error* device_count(uint32_t* count) {
  return guard([&] {
    plugin();
    require(count, "device_count: count");
    *count = 1;
  });
}

HWC_Error* device_open(uint32_t index, HWC_Device** device) {
  return guard([&] {
    Plugin& p = plugin();
    require(device, "device_open: device");
    if (index >= 1) {
      fail(HWC_STATUS_OUT_OF_RANGE,
           "device_open: index " + std::to_string(index) + " is out of range (1 device)");
    }
    auto handle = std::make_unique<HWC_Device>();
    handle->index = index;
    *device = p.handles().adopt(std::move(handle));
  });
}

HWC_Error* device_close(HWC_Device* device) {
  return guard([&] {
    Plugin& p = plugin();
    p.handles().get(device, "device_close: device");
    const int64_t children = device->children.load();
    if (children != 0) {
      invalid("device_close: " + std::to_string(children) +
              " buffer(s), stream(s) or event(s) created on this device are still alive");
    }
    p.handles().release(device, "device_close: device");
  });
}

HWC_Error* device_get_info(HWC_Device* device, int32_t key, size_t value_size, void* value,
                           size_t* size_ret) {
  return guard([&] {
    Plugin& p = plugin();
    p.handles().get(device, "device_get_info: device");
    answer_info(device_info_value(p, *device, key), key, value_size, value, size_ret);
  });
}

HWC_Error* device_can_access_peer(HWC_Device* device, HWC_Device* peer, int32_t* can_access) {
  return guard([&] {
    Plugin& p = plugin();
    p.handles().get(device, "device_can_access_peer: device");
    p.handles().get(peer, "device_can_access_peer: peer");
    require(can_access, "device_can_access_peer: can_access");
    *can_access = device->index == peer->index ? 1 : 0;  // one shared host memory
  });
}

}  // namespace hwcref::api
