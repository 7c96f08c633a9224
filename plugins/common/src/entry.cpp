// The exported entry point of every plugin that links hwcert::plugin_entry: its only exported
// symbol. The table is the one plugin_table() fills from the plugin's functions.
#include "hwcert/plugin_common/plugin_entry.hpp"

extern "C" HWC_EXPORT HWC_Error* hwc_get_plugin_api(const HWC_HostApi* host,
                                                    const HWC_PluginApi** api) {
  static const HWC_PluginApi table = hwcert::plugin_common::plugin_table();
  return hwcert::plugin_common::enter_plugin(host, api, &table);
}
