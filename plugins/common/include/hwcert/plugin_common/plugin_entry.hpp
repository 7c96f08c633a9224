// The entry point's work, written once: the function table filled from plugin_functions.hpp
// and the negotiation with the host. A plugin links the object library hwcert::plugin_entry,
// whose src/entry.cpp defines the exported hwc_get_plugin_api with these two; only a test
// plugin that must misbehave in the entry point itself writes its own (from the same two).
#pragma once

#include <hwcert/hwcert_plugin.h>

namespace hwcert::plugin_common {

/// This library's function table: struct size and ABI version of the header it was compiled
/// with, error_code / error_message / error_destroy / plugin_shutdown of plugin_common, and
/// every function of plugin_functions.hpp; `extension` chained as given.
HWC_PluginApi plugin_table(const HWC_Extension* extension = nullptr) noexcept;

/// What hwc_get_plugin_api does: stores `table` in *api on every path (so that the host can
/// read an error with it), refuses a NULL `api` and a host of another ABI major version, and
/// then creates the plugin's state (its PluginInstance). `table` must have static storage.
HWC_Error* enter_plugin(const HWC_HostApi* host, const HWC_PluginApi** api,
                        const HWC_PluginApi* table) noexcept;

}  // namespace hwcert::plugin_common
