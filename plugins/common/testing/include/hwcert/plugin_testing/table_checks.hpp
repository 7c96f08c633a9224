// GoogleTest expectations that every plugin's own tests make of its function table and of
// plugin_get_info, written once (library hwcert::plugin_table_checks, which links GoogleTest).
#pragma once

#include <hwcert/hwcert_plugin.h>

#include <cstdint>

namespace hwcert::plugin_testing {

/// The table carries this header's struct size and ABI version, and every function slot, from
/// error_code through op_launch, is set.
void expect_complete_table(const HWC_PluginApi& api);

/// plugin_get_info follows the two-call protocol for NAME (a size query, BUFFER_TOO_SMALL with
/// the size reported and the value untouched, then the value, equal to `name`), answers
/// OPSET with `opset`, and answers an unknown key with UNKNOWN_KEY and a size of 0.
void expect_plugin_info_protocol(const HWC_PluginApi& api, const char* name, uint32_t opset);

}  // namespace hwcert::plugin_testing
