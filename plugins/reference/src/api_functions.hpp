// The ABI functions of the reference plugin, grouped by object (api_*.cpp), and the helpers
// they share. Every function body runs inside guard(): no exception crosses the boundary.
#pragma once

#include <cstdint>
#include <optional>

#include "errors.hpp"
#include "handles.hpp"
#include "hwcert/hwcert_plugin.h"
#include "plugin.hpp"

namespace hwcref::api {

// The initialised plugin instance; INVALID_ARGUMENT before the entry point or after shutdown.
Plugin& plugin();
bool plugin_initialised();
// Installs (or, with nullptr, removes and returns) the instance.
Plugin* exchange_plugin(Plugin* instance);
// INVALID_ARGUMENT naming `what` when pointer is NULL.
void require(const void* pointer, const char* what);
// OUT_OF_RANGE when [offset, offset + size) leaves the buffer.
void check_range(const HWC_Buffer& buffer, uint64_t offset, uint64_t size, const char* role);
// Throws the deferred error of a stream, if any.
void throw_deferred(std::optional<DeferredError> error);

// api_plugin.cpp
int32_t error_code(const HWC_Error* error);
const char* error_message(const HWC_Error* error);
void error_destroy(HWC_Error* error);
HWC_Error* plugin_shutdown();
HWC_Error* plugin_get_info(int32_t key, size_t value_size, void* value, size_t* size_ret);
HWC_Error* device_count(uint32_t* count);
HWC_Error* device_open(uint32_t index, HWC_Device** device);
HWC_Error* device_close(HWC_Device* device);
HWC_Error* device_get_info(HWC_Device* device, int32_t key, size_t value_size, void* value,
                           size_t* size_ret);
HWC_Error* device_can_access_peer(HWC_Device* device, HWC_Device* peer, int32_t* can_access);

// api_memory.cpp
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

// api_sync.cpp
HWC_Error* stream_create(HWC_Device* device, HWC_Stream** stream);
HWC_Error* stream_destroy(HWC_Stream* stream);
HWC_Error* stream_synchronize(HWC_Stream* stream);
HWC_Error* event_create(HWC_Device* device, HWC_Event** event);
HWC_Error* event_destroy(HWC_Event* event);
HWC_Error* event_record(HWC_Event* event, HWC_Stream* stream);
HWC_Error* event_synchronize(HWC_Event* event);
HWC_Error* event_elapsed_ns(HWC_Event* start, HWC_Event* end, uint64_t* elapsed_ns);

// api_ops.cpp
HWC_Error* op_support(HWC_Device* device, const HWC_OpDesc* op, int32_t* support, char* reason,
                      size_t reason_capacity);
HWC_Error* op_workspace_size(HWC_Device* device, const HWC_OpDesc* op, uint64_t* workspace_bytes);
HWC_Error* op_launch(HWC_Stream* stream, const HWC_OpDesc* op, HWC_Buffer* const* inputs,
                     uint32_t num_inputs, HWC_Buffer* const* outputs, uint32_t num_outputs,
                     HWC_Buffer* workspace, uint64_t workspace_size);

}  // namespace hwcref::api
