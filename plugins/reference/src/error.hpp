// Errors inside the reference plugin: the shared plugin error boundary (plugins/common:
// Failure, fail*, require, guarded), part of this plugin's vocabulary. Nothing is thrown
// across the ABI.
#pragma once

#include <hwcert/plugin_common/plugin_error.hpp>

namespace hwcert::reference {

using namespace plugin_common;

}  // namespace hwcert::reference
