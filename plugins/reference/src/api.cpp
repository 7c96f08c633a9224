// The exported entry point and the function table (the plugin's only exported symbol).
#include <memory>
#include <string>

#include "api_functions.hpp"

namespace hwcref {
namespace {

const HWC_PluginApi kApi = {
    sizeof(HWC_PluginApi),
    0,
    nullptr,
    HWC_ABI_VERSION_MAJOR,
    HWC_ABI_VERSION_MINOR,
    &api::error_code,
    &api::error_message,
    &api::error_destroy,
    &api::plugin_shutdown,
    &api::plugin_get_info,
    &api::device_count,
    &api::device_open,
    &api::device_close,
    &api::device_get_info,
    &api::device_can_access_peer,
    &api::buffer_alloc,
    &api::buffer_free,
    &api::stream_create,
    &api::stream_destroy,
    &api::stream_synchronize,
    &api::copy_h2d,
    &api::copy_d2h,
    &api::copy_d2d,
    &api::fill,
    &api::event_create,
    &api::event_destroy,
    &api::event_record,
    &api::event_synchronize,
    &api::event_elapsed_ns,
    &api::op_support,
    &api::op_workspace_size,
    &api::op_launch,
};

HWC_Error* initialise(const HWC_HostApi* host) {
  return guard([&] {
    if (host != nullptr) {
      if (!HWC_HAS_FIELD(host, HWC_HostApi, abi_version_minor)) {
        invalid("host table struct_size " + std::to_string(host->struct_size) + " is too small");
      }
      if (host->abi_version_major != HWC_ABI_VERSION_MAJOR) {
        unsupported("host ABI " + std::to_string(host->abi_version_major) + "." +
                    std::to_string(host->abi_version_minor) +
                    " is not compatible with plugin ABI " + std::to_string(HWC_ABI_VERSION_MAJOR) +
                    "." + std::to_string(HWC_ABI_VERSION_MINOR));
      }
    }
    if (api::plugin_initialised()) return;  // already initialised
    auto instance = std::make_unique<Plugin>(host);
    instance->log(HWC_LOG_INFO, "reference plugin " + std::string(kPluginVersion) + " on " +
                                    instance->cpu().model_name + ": " +
                                    std::to_string(instance->pool().concurrency()) + " threads, " +
                                    instance->cpu().isa_level + " kernels");
    api::exchange_plugin(instance.release());
  });
}

}  // namespace
}  // namespace hwcref

extern "C" HWC_EXPORT HWC_Error* hwc_get_plugin_api(const HWC_HostApi* host,
                                                    const HWC_PluginApi** api) {
  if (api == nullptr) {
    return hwcref::make_error(HWC_STATUS_INVALID_ARGUMENT, "hwc_get_plugin_api: api is NULL");
  }
  *api = &hwcref::kApi;
  return hwcref::initialise(host);
}
