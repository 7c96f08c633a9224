// The entry point, the function table, errors and plugin shutdown.
#include <string>

#include "api.hpp"
#include "runtime.hpp"

namespace hwcert::cuda {
namespace {

int32_t error_code(const HWC_Error* error) {
  return error == nullptr ? HWC_STATUS_INVALID_ARGUMENT : error->code;
}

const char* error_message(const HWC_Error* error) {
  if (error == nullptr) return "error_message: the error is NULL";
  return error->message.empty() ? "out of memory (no room for the message)"
                                : error->message.c_str();
}

void error_destroy(HWC_Error* error) {
  destroy_error(error);
}

HWC_Error* plugin_shutdown() {
  return guarded("plugin_shutdown", [] {
    state();  // INVALID_ARGUMENT when not initialized
    destroy_state();
  });
}

HWC_PluginApi build_table() {
  HWC_PluginApi table{};
  table.struct_size = sizeof(HWC_PluginApi);
  table.abi_version_major = HWC_ABI_VERSION_MAJOR;
  table.abi_version_minor = HWC_ABI_VERSION_MINOR;
  table.error_code = error_code;
  table.error_message = error_message;
  table.error_destroy = error_destroy;
  table.plugin_shutdown = plugin_shutdown;
  api::install_device_functions(table);
  api::install_buffer_functions(table);
  api::install_stream_functions(table);
  api::install_event_functions(table);
  api::install_op_functions(table);
  return table;
}

const HWC_PluginApi& table() {
  static const HWC_PluginApi instance = build_table();
  return instance;
}

std::string version_text(uint32_t major, uint32_t minor) {
  return std::to_string(major) + "." + std::to_string(minor);
}

}  // namespace
}  // namespace hwcert::cuda

extern "C" HWC_EXPORT HWC_Error* hwc_get_plugin_api(const HWC_HostApi* host,
                                                    const HWC_PluginApi** api) {
  using namespace hwcert::cuda;
  if (api != nullptr) *api = &table();
  return guarded("hwc_get_plugin_api", [&] {
    if (api == nullptr) fail_invalid("api is NULL");
    if (host != nullptr && HWC_HAS_FIELD(host, HWC_HostApi, abi_version_minor) &&
        host->abi_version_major != HWC_ABI_VERSION_MAJOR)
      fail_unsupported("the host implements ABI " +
                       version_text(host->abi_version_major, host->abi_version_minor) +
                       ", this plugin ABI " +
                       version_text(HWC_ABI_VERSION_MAJOR, HWC_ABI_VERSION_MINOR));
    initialize_state(host);
  });
}
