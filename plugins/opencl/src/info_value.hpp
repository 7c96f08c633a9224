// The get_info protocol of the ABI header (plugins/common), in this plugin's namespace.
#pragma once

#include <hwcert/plugin_common/info_sink.hpp>

namespace hwcert::opencl {

using plugin_common::InfoSink;

}  // namespace hwcert::opencl
