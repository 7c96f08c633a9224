// device_get_info's answers: what the reference plugin knows of the host CPU it runs on.
#pragma once

#include <hwcert/plugin_common/info_sink.hpp>

#include <cstdint>

#include "runtime.hpp"

namespace hwcert::reference {

/// Answers one device_get_info key into `sink`; UNKNOWN_KEY for what a CPU does not report.
void answer_device_info(const PluginState& state, int32_t key, const plugin_common::InfoSink& sink);

}  // namespace hwcert::reference
