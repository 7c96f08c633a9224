// The HWC_PluginApi table is filled by one function per api_*.cpp file, each installing
// the entry points of its group (the functions themselves stay private to their file).
#pragma once

#include <hwcert/hwcert_plugin.h>

namespace hwcert::cuda::api {

void install_device_functions(HWC_PluginApi& table);  // plugin info, devices
void install_buffer_functions(HWC_PluginApi& table);  // buffers, copies, fill
void install_stream_functions(HWC_PluginApi& table);  // streams
void install_event_functions(HWC_PluginApi& table);   // events
void install_op_functions(HWC_PluginApi& table);      // op_support, workspace, launch

}  // namespace hwcert::cuda::api
