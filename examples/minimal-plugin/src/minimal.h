/* Internal declarations of the minimal plugin. Never seen by the host: the host knows only
 * the opaque handles of hwcert_plugin.h and the table returned by the entry point. */
#ifndef MINIMAL_PLUGIN_MINIMAL_H_
#define MINIMAL_PLUGIN_MINIMAL_H_

#include <stddef.h>
#include <stdint.h>

#include <hwcert/hwcert_plugin.h>

/* Identity, reported through plugin_get_info / device_get_info. */
#define MINIMAL_PLUGIN_NAME "minimal"
#define MINIMAL_PLUGIN_VENDOR "Example Vendor"
#define MINIMAL_PLUGIN_VERSION "0.1.0"
#define MINIMAL_DEVICE_NAME "Minimal host-memory device"

/* The one device has this much "device memory"; buffer_alloc refuses beyond it. */
#define MINIMAL_DEVICE_MEMORY_BYTES ((uint64_t)1 << 30)
/* Buffers are aligned to this many bytes, as the ABI requires (at least 256). */
#define MINIMAL_BUFFER_ALIGNMENT 256u

/* ---- The opaque handles, defined here and only here. ---- */

/* A handle is valid exactly while it is registered (handles.c): a pointer that was never a
 * handle of this plugin, or one already destroyed, is answered INVALID_ARGUMENT without the
 * memory it points to being read. (A tag inside the handle cannot do this: checking the tag
 * of a destroyed handle reads freed memory.) */
typedef enum { MINIMAL_DEVICE, MINIMAL_BUFFER, MINIMAL_STREAM, MINIMAL_EVENT } MinimalHandleKind;
#define MINIMAL_LIVE(handle, kind) minimal_handle_is_live((handle), (kind))

struct HWC_Error {
  int32_t code;
  char message[256];
};

struct HWC_Device {
  uint32_t index; /* Two handles to one device share the index. */
};

struct HWC_Buffer {
  HWC_Device* device;
  uint64_t size;
  void* allocation;    /* What malloc returned; freed by buffer_free. */
  unsigned char* data; /* allocation rounded up to MINIMAL_BUFFER_ALIGNMENT. */
};

/* Work enqueued on a stream runs at once, on the calling thread: the stream is in order and
 * every enqueue has completed when it returns, so synchronize has nothing left to wait for. */
struct HWC_Stream {
  HWC_Device* device;
};

struct HWC_Event {
  HWC_Device* device;
  int32_t recorded;      /* 0 until event_record. */
  uint64_t timestamp_ns; /* CLOCK_MONOTONIC when the recorded work completed. */
};

/* ---- handles.c: the registry of live handles. ---- */

/* Registers a new handle; 0 when out of memory. */
int minimal_handle_add(const void* handle, MinimalHandleKind kind);
/* A new zeroed handle of `size` bytes, registered as `kind`; NULL when out of memory. */
void* minimal_handle_new(size_t size, MinimalHandleKind kind);
/* 1 while `handle` is a registered handle of `kind`; never reads *handle. */
int minimal_handle_is_live(const void* handle, MinimalHandleKind kind);
/* Unregisters `handle`; 1 when it was live (the caller then frees it), 0 when it was not. */
int minimal_handle_remove(const void* handle, MinimalHandleKind kind);

/* ---- errors.c ---- */

/* A new error with a printf-style message. Never NULL: when memory runs out it returns a
 * static OUT_OF_MEMORY error that error_destroy leaves alone. */
HWC_Error* minimal_error(int32_t code, const char* format, ...);
int32_t minimal_error_code(const HWC_Error* error);
const char* minimal_error_message(const HWC_Error* error);
void minimal_error_destroy(HWC_Error* error);

/* ---- info.c: the two-call get_info protocol. ---- */

HWC_Error* minimal_plugin_get_info(int32_t key, size_t value_size, void* value, size_t* size_ret);
HWC_Error* minimal_device_get_info(HWC_Device* device, int32_t key, size_t value_size, void* value,
                                   size_t* size_ret);

/* ---- devices.c ---- */

HWC_Error* minimal_device_count(uint32_t* count);
HWC_Error* minimal_device_open(uint32_t index, HWC_Device** device);
HWC_Error* minimal_device_close(HWC_Device* device);
HWC_Error* minimal_device_can_access_peer(HWC_Device* device, HWC_Device* peer,
                                          int32_t* can_access);

/* ---- memory.c: buffers, copies, fill. ---- */

HWC_Error* minimal_buffer_alloc(HWC_Device* device, uint64_t size_bytes, HWC_Buffer** buffer);
HWC_Error* minimal_buffer_free(HWC_Buffer* buffer);
uint64_t minimal_memory_in_use(void);
HWC_Error* minimal_check_range(const HWC_Buffer* buffer, uint64_t offset, uint64_t size,
                               const char* what);
HWC_Error* minimal_copy_h2d(HWC_Stream* stream, HWC_Buffer* dst, uint64_t dst_offset,
                            const void* src, uint64_t size);
HWC_Error* minimal_copy_d2h(HWC_Stream* stream, void* dst, HWC_Buffer* src, uint64_t src_offset,
                            uint64_t size);
HWC_Error* minimal_copy_d2d(HWC_Stream* stream, HWC_Buffer* dst, uint64_t dst_offset,
                            HWC_Buffer* src, uint64_t src_offset, uint64_t size);
HWC_Error* minimal_fill(HWC_Stream* stream, HWC_Buffer* dst, uint64_t offset, uint64_t size,
                        const void* pattern, uint32_t pattern_size);

/* ---- streams.c: streams and events. ---- */

HWC_Error* minimal_stream_create(HWC_Device* device, HWC_Stream** stream);
HWC_Error* minimal_stream_destroy(HWC_Stream* stream);
HWC_Error* minimal_stream_synchronize(HWC_Stream* stream);
HWC_Error* minimal_event_create(HWC_Device* device, HWC_Event** event);
HWC_Error* minimal_event_destroy(HWC_Event* event);
HWC_Error* minimal_event_record(HWC_Event* event, HWC_Stream* stream);
HWC_Error* minimal_event_synchronize(HWC_Event* event);
HWC_Error* minimal_event_elapsed_ns(HWC_Event* start, HWC_Event* end, uint64_t* elapsed_ns);

/* ---- ops.c: op_support, workspace, launch for copy/add/mul/relu on dense f32. ---- */

HWC_Error* minimal_op_support(HWC_Device* device, const HWC_OpDesc* op, int32_t* support,
                              char* reason, size_t reason_capacity);
HWC_Error* minimal_op_workspace_size(HWC_Device* device, const HWC_OpDesc* op,
                                     uint64_t* workspace_bytes);
HWC_Error* minimal_op_launch(HWC_Stream* stream, const HWC_OpDesc* op, HWC_Buffer* const* inputs,
                             uint32_t num_inputs, HWC_Buffer* const* outputs, uint32_t num_outputs,
                             HWC_Buffer* workspace, uint64_t workspace_size);

#endif /* MINIMAL_PLUGIN_MINIMAL_H_ */
