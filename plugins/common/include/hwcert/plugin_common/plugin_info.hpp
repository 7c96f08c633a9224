// plugin_get_info, answered the same way by every plugin from what identifies it.
#pragma once

#include <cstdint>

#include "hwcert/plugin_common/info_sink.hpp"
#include "hwcert/plugin_common/plugin_error.hpp"

namespace hwcert::plugin_common {

struct PluginIdentity {
  const char* name;         ///< HWC_PLUGIN_INFO_NAME, e.g. "opencl"
  const char* vendor;       ///< HWC_PLUGIN_INFO_VENDOR
  const char* version;      ///< HWC_PLUGIN_INFO_VERSION
  const char* description;  ///< HWC_PLUGIN_INFO_DESCRIPTION
  uint32_t opset;           ///< HWC_PLUGIN_INFO_OPSET
};

/// Answers one plugin_get_info key into `sink`; UNKNOWN_KEY for any other key.
inline void answer_plugin_info(const PluginIdentity& plugin, int32_t key, const InfoSink& sink) {
  switch (key) {
    case HWC_PLUGIN_INFO_NAME:
      return sink.text(plugin.name);
    case HWC_PLUGIN_INFO_VENDOR:
      return sink.text(plugin.vendor);
    case HWC_PLUGIN_INFO_VERSION:
      return sink.text(plugin.version);
    case HWC_PLUGIN_INFO_DESCRIPTION:
      return sink.text(plugin.description);
    case HWC_PLUGIN_INFO_OPSET:
      return sink.scalar<uint32_t>(plugin.opset);
    default:
      sink.unknown(key, std::string("not a plugin info key of the ") + plugin.name + " plugin");
  }
}

/// plugin_get_info of a plugin that answers once it is initialised: `state()`, which throws
/// INVALID_ARGUMENT before the entry point and after plugin_shutdown, then answer_plugin_info.
template <class StateOf>
HWC_Error* answer_plugin_get_info(StateOf state, const PluginIdentity& plugin, int32_t key,
                                  const InfoSink& sink) noexcept {
  return guarded("plugin_get_info", [&] {
    state();
    answer_plugin_info(plugin, key, sink);
  });
}

}  // namespace hwcert::plugin_common
