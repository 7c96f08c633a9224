// Answers for get_info in the ABI's two-call protocol (plugins/common), in this plugin's
// namespace.
#pragma once

#include <hwcert/plugin_common/info_sink.hpp>

namespace hwcert::cuda {

using plugin_common::InfoSink;

}  // namespace hwcert::cuda
