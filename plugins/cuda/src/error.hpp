// Errors inside the CUDA plugin: the shared plugin error boundary (plugins/common), brought
// into this plugin's namespace. Nothing is thrown across the ABI.
#pragma once

#include <hwcert/plugin_common/plugin_error.hpp>

namespace hwcert::cuda {

using plugin_common::destroy_error;
using plugin_common::fail;
using plugin_common::fail_invalid;
using plugin_common::fail_out_of_range;
using plugin_common::fail_unsupported;
using plugin_common::Failure;
using plugin_common::guarded;
using plugin_common::make_error;

}  // namespace hwcert::cuda
