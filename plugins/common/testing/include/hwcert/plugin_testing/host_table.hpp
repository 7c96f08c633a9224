// The host table that code calling a plugin directly (tests, benches) passes to the entry
// point, as the loader fills it for a real host.
#pragma once

#include <hwcert/hwcert_plugin.h>

namespace hwcert::plugin_testing {

/// A host table of this header's ABI version named `host_name`; the plugin logs through
/// `log` (with `log_user_data`), or stays silent when it is NULL.
HWC_HostApi host_table(const char* host_name, HWC_LogFn log = nullptr,
                       void* log_user_data = nullptr);

}  // namespace hwcert::plugin_testing
