// The entry point, the function table, errors and plugin shutdown.
#include <string>

#include "api.hpp"
#include "runtime.hpp"

namespace hwcert::opencl::api {

int32_t error_code(const HWC_Error* error) {
  return error != nullptr ? error->code : HWC_STATUS_INVALID_ARGUMENT;
}

const char* error_message(const HWC_Error* error) {
  if (error == nullptr) return "error_message called with NULL";
  return error->message.empty() ? "out of memory" : error->message.c_str();
}

void error_destroy(HWC_Error* error) {
  destroy_error(error);
}

HWC_Error* plugin_shutdown() {
  return guarded("plugin_shutdown", [] {
    state();
    destroy_state();
  });
}

namespace {

HWC_PluginApi make_table() {
  HWC_PluginApi t{};
  t.struct_size = sizeof(HWC_PluginApi);
  t.abi_version_major = HWC_ABI_VERSION_MAJOR;
  t.abi_version_minor = HWC_ABI_VERSION_MINOR;
  t.error_code = error_code;
  t.error_message = error_message;
  t.error_destroy = error_destroy;
  t.plugin_shutdown = plugin_shutdown;
  t.plugin_get_info = plugin_get_info;
  t.device_count = device_count;
  t.device_open = device_open;
  t.device_close = device_close;
  t.device_get_info = device_get_info;
  t.device_can_access_peer = device_can_access_peer;
  t.buffer_alloc = buffer_alloc;
  t.buffer_free = buffer_free;
  t.stream_create = stream_create;
  t.stream_destroy = stream_destroy;
  t.stream_synchronize = stream_synchronize;
  t.copy_h2d = copy_h2d;
  t.copy_d2h = copy_d2h;
  t.copy_d2d = copy_d2d;
  t.fill = fill;
  t.event_create = event_create;
  t.event_destroy = event_destroy;
  t.event_record = event_record;
  t.event_synchronize = event_synchronize;
  t.event_elapsed_ns = event_elapsed_ns;
  t.op_support = op_support;
  t.op_workspace_size = op_workspace_size;
  t.op_launch = op_launch;
  return t;
}

const HWC_PluginApi kTable = make_table();

}  // namespace
}  // namespace hwcert::opencl::api

extern "C" HWC_EXPORT HWC_Error* hwc_get_plugin_api(const HWC_HostApi* host,
                                                    const HWC_PluginApi** api) {
  using namespace hwcert::opencl;
  if (api != nullptr) *api = &api::kTable;
  return guarded("hwc_get_plugin_api", [&] {
    if (api == nullptr) fail_invalid("api is NULL");
    if (host != nullptr && HWC_HAS_FIELD(host, HWC_HostApi, abi_version_minor) &&
        host->abi_version_major != HWC_ABI_VERSION_MAJOR)
      fail_unsupported("host implements ABI " + std::to_string(host->abi_version_major) + "." +
                       std::to_string(host->abi_version_minor) + ", this plugin ABI " +
                       std::to_string(HWC_ABI_VERSION_MAJOR) + "." +
                       std::to_string(HWC_ABI_VERSION_MINOR));
    initialize_state(host);
  });
}
