// The functions of the HWC_PluginApi table that each plugin library defines, declared once.
// A plugin defines every one of them in namespace hwcert::plugin_api (its api_*.cpp files);
// plugin_table() (plugin_entry.hpp) fills the table from them, and supplies error_code,
// error_message, error_destroy and plugin_shutdown itself (the plugin's state comes and goes
// with its PluginInstance, plugin_instance.hpp). One plugin per library: the
// definitions are hidden (-fvisibility=hidden), so two plugins loaded together never clash.
//
// Each function returns NULL or an HWC_Error from plugin_common (plugin_error.hpp), normally
// by running its body in guarded("<function>", ...). Documentation of each: hwcert_plugin.h.
#pragma once

#include <hwcert/hwcert_plugin.h>

#include <cstddef>
#include <cstdint>

namespace hwcert::plugin_api {

// --- api_devices.cpp: plugin properties and devices ---

HWC_Error* plugin_get_info(int32_t key, size_t value_size, void* value, size_t* size_ret);
HWC_Error* device_count(uint32_t* count);
HWC_Error* device_open(uint32_t index, HWC_Device** device);
HWC_Error* device_close(HWC_Device* device);
HWC_Error* device_get_info(HWC_Device* device, int32_t key, size_t value_size, void* value,
                           size_t* size_ret);
HWC_Error* device_can_access_peer(HWC_Device* device, HWC_Device* peer, int32_t* can_access);

// --- api_buffers.cpp: buffers, copies, fill ---

HWC_Error* buffer_alloc(HWC_Device* device, uint64_t size_bytes, HWC_Buffer** buffer);
HWC_Error* buffer_free(HWC_Buffer* buffer);
HWC_Error* copy_h2d(HWC_Stream* stream, HWC_Buffer* dst, uint64_t dst_offset, const void* src,
                    uint64_t size);
HWC_Error* copy_d2h(HWC_Stream* stream, void* dst, HWC_Buffer* src, uint64_t src_offset,
                    uint64_t size);
HWC_Error* copy_d2d(HWC_Stream* stream, HWC_Buffer* dst, uint64_t dst_offset, HWC_Buffer* src,
                    uint64_t src_offset, uint64_t size);
HWC_Error* fill(HWC_Stream* stream, HWC_Buffer* dst, uint64_t offset, uint64_t size,
                const void* pattern, uint32_t pattern_size);

// --- api_streams.cpp: streams ---

HWC_Error* stream_create(HWC_Device* device, HWC_Stream** stream);
HWC_Error* stream_destroy(HWC_Stream* stream);
HWC_Error* stream_synchronize(HWC_Stream* stream);

// --- api_events.cpp: events ---

HWC_Error* event_create(HWC_Device* device, HWC_Event** event);
HWC_Error* event_destroy(HWC_Event* event);
HWC_Error* event_record(HWC_Event* event, HWC_Stream* stream);
HWC_Error* event_synchronize(HWC_Event* event);
HWC_Error* event_elapsed_ns(HWC_Event* start, HWC_Event* end, uint64_t* elapsed_ns);

// --- api_ops.cpp: ops ---

HWC_Error* op_support(HWC_Device* device, const HWC_OpDesc* op, int32_t* support, char* reason,
                      size_t reason_capacity);
HWC_Error* op_workspace_size(HWC_Device* device, const HWC_OpDesc* op, uint64_t* workspace_bytes);
HWC_Error* op_launch(HWC_Stream* stream, const HWC_OpDesc* op, HWC_Buffer* const* inputs,
                     uint32_t num_inputs, HWC_Buffer* const* outputs, uint32_t num_outputs,
                     HWC_Buffer* workspace, uint64_t workspace_size);

}  // namespace hwcert::plugin_api
