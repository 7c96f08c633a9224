#include <string>

#include "hwcert/plugin_common/plugin_entry.hpp"
#include "hwcert/plugin_common/plugin_error.hpp"
#include "hwcert/plugin_common/plugin_functions.hpp"
#include "hwcert/plugin_common/plugin_instance.hpp"

namespace hwcert::plugin_common {
namespace {

int32_t error_code(const HWC_Error* error) {
  return error == nullptr ? HWC_STATUS_OK : error->code;
}

const char* error_message(const HWC_Error* error) {
  if (error == nullptr) return "success";
  return error->message.empty() ? "out of host memory (no room for the message)"
                                : error->message.c_str();
}

void error_destroy(HWC_Error* error) {
  destroy_error(error);
}

HWC_Error* plugin_shutdown() {
  return guarded("plugin_shutdown", [] {
    if (PluginLifetime* lifetime = registered_lifetime()) lifetime->destroy();
  });
}

std::string version_text(uint32_t major, uint32_t minor) {
  return std::to_string(major) + "." + std::to_string(minor);
}

/// INVALID_ARGUMENT for a host table too small to carry its version; UNSUPPORTED for another
/// major version. A NULL host table is allowed (a host without logging).
void check_host(const HWC_HostApi* host) {
  if (host == nullptr) return;
  if (!HWC_HAS_FIELD(host, HWC_HostApi, abi_version_minor))
    fail_invalid("host table struct_size " + std::to_string(host->struct_size) + " is too small");
  if (host->abi_version_major != HWC_ABI_VERSION_MAJOR)
    fail_unsupported("the host implements ABI " +
                     version_text(host->abi_version_major, host->abi_version_minor) +
                     ", this plugin ABI " +
                     version_text(HWC_ABI_VERSION_MAJOR, HWC_ABI_VERSION_MINOR));
}

}  // namespace

HWC_PluginApi plugin_table(const HWC_Extension* extension) noexcept {
  using namespace plugin_api;
  HWC_PluginApi table{};
  table.struct_size = sizeof(HWC_PluginApi);
  table.extension = extension;
  table.abi_version_major = HWC_ABI_VERSION_MAJOR;
  table.abi_version_minor = HWC_ABI_VERSION_MINOR;
  table.error_code = error_code;
  table.error_message = error_message;
  table.error_destroy = error_destroy;
  table.plugin_shutdown = plugin_shutdown;
  table.plugin_get_info = plugin_get_info;
  table.device_count = device_count;
  table.device_open = device_open;
  table.device_close = device_close;
  table.device_get_info = device_get_info;
  table.device_can_access_peer = device_can_access_peer;
  table.buffer_alloc = buffer_alloc;
  table.buffer_free = buffer_free;
  table.stream_create = stream_create;
  table.stream_destroy = stream_destroy;
  table.stream_synchronize = stream_synchronize;
  table.copy_h2d = copy_h2d;
  table.copy_d2h = copy_d2h;
  table.copy_d2d = copy_d2d;
  table.fill = fill;
  table.event_create = event_create;
  table.event_destroy = event_destroy;
  table.event_record = event_record;
  table.event_synchronize = event_synchronize;
  table.event_elapsed_ns = event_elapsed_ns;
  table.op_support = op_support;
  table.op_workspace_size = op_workspace_size;
  table.op_launch = op_launch;
  return table;
}

HWC_Error* enter_plugin(const HWC_HostApi* host, const HWC_PluginApi** api,
                        const HWC_PluginApi* table) noexcept {
  if (api != nullptr) *api = table;
  return guarded("hwc_get_plugin_api", [&] {
    if (api == nullptr) fail_invalid("api is NULL");
    check_host(host);
    if (PluginLifetime* lifetime = registered_lifetime()) lifetime->create(host);
  });
}

}  // namespace hwcert::plugin_common
