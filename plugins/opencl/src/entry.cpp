// The plugin's one state (plugins/common supplies the exported hwc_get_plugin_api, the
// function table and plugin_shutdown, which create and destroy it).
#include <hwcert/plugin_common/plugin_instance.hpp>

#include "runtime.hpp"

namespace hwcert::opencl {
namespace {

plugin_common::PluginInstance<PluginState> g_state("OpenCL");

}  // namespace

PluginState& state() {
  return g_state.get();
}

}  // namespace hwcert::opencl
