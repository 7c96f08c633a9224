/*
 * hwcert plugin C ABI.
 *
 * The contract between the hwcert host (conformance harness, perfsuite, certification)
 * and a device plugin shipped by an accelerator vendor as a shared library.
 *
 * Rules of this header:
 *  - Pure C99; compiles warning-free as C99 -pedantic and as C++17 or later.
 *  - Fixed-width integer types only; no enums in struct fields, no bool, no bit-fields.
 *  - Every struct that crosses the boundary begins with `uint32_t struct_size`, a reserved
 *    word and an extension pointer. Fields are only ever appended. A reader checks that a
 *    field is present with HWC_HAS_FIELD before it reads it; a writer sets struct_size to
 *    the sizeof() it was compiled with.
 *  - The function table is append-only. A NULL slot means "not implemented"; the host's
 *    loader replaces NULL and missing slots with stubs returning HWC_STATUS_UNIMPLEMENTED.
 *  - A plugin exports exactly one symbol: HWC_PLUGIN_ENTRY_POINT_NAME.
 *
 * Versioning: HWC_ABI_VERSION_MAJOR.HWC_ABI_VERSION_MINOR. The host refuses a plugin of
 * another major version. Minor versions are append-only: a plugin built against 1.N runs on
 * a host of 1.M for any M and N; each side reads only what both know (struct_size).
 *
 * Threading: every function may be called from any thread, concurrently, except that calls
 * that enqueue on one stream (copy_*, fill, event_record, op_launch, stream_synchronize on
 * that stream) must be serialized by the caller. Destroying a handle concurrently with its
 * use is a caller error.
 *
 * Errors: a fallible function returns HWC_Error* — NULL on success, otherwise an error the
 * host owns and releases with error_destroy. A plugin never throws, aborts or exits across
 * this boundary.
 *
 * Changelog:
 *   1.0  First release: entry point, host table, errors, get_info, devices, buffers,
 *        streams, events, tensor/op descriptors, op_support, workspace query, op_launch.
 */
#ifndef HWCERT_HWCERT_PLUGIN_H_
#define HWCERT_HWCERT_PLUGIN_H_

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/* ---------------------------------------------------------------------------------------
 * Versions, export and struct helpers
 * ------------------------------------------------------------------------------------- */

/** ABI major version. A change here breaks compatibility. @since 1.0 */
#define HWC_ABI_VERSION_MAJOR 1
/** ABI minor version. Append-only changes; a floor, never an exact match. @since 1.0 */
#define HWC_ABI_VERSION_MINOR 0

/** Name of the one symbol a plugin exports. @since 1.0 */
#define HWC_PLUGIN_ENTRY_POINT_NAME "hwc_get_plugin_api"

#if defined(_WIN32)
#define HWC_EXPORT __declspec(dllexport)
#else
#define HWC_EXPORT __attribute__((visibility("default")))
#endif

/** Size of the prefix of `type` that ends with `field`. @since 1.0 */
#define HWC_STRUCT_SIZE_UP_TO(type, field) (offsetof(type, field) + sizeof(((const type*)0)->field))

/** True when the struct at `ptr` (with its own struct_size) contains `field`. @since 1.0 */
#define HWC_HAS_FIELD(ptr, type, field) \
  ((ptr) != NULL && (size_t)(ptr)->struct_size >= HWC_STRUCT_SIZE_UP_TO(type, field))

/** Maximum tensor rank carried by HWC_TensorDesc. @since 1.0 */
#define HWC_MAX_RANK 8

/**
 * Chained extension record. Every boundary struct carries `const HWC_Extension* extension`;
 * NULL means none. A reader skips records whose `type` it does not know.
 * Lifetime: owned by whoever owns the struct that points at it, for the same duration.
 * @since 1.0
 */
typedef struct HWC_Extension {
  uint32_t struct_size;             /**< sizeof(HWC_Extension) or larger for a typed record. */
  int32_t type;                     /**< Extension type id; 0 is invalid. Vendor ids >= 0x10000. */
  const struct HWC_Extension* next; /**< Next record in the chain, or NULL. */
} HWC_Extension;

/* ---------------------------------------------------------------------------------------
 * Status codes (values of HWC_Error's code). Stable numbers; never reused.
 * ------------------------------------------------------------------------------------- */

#define HWC_STATUS_OK 0               /**< Not carried by an error; success is NULL. */
#define HWC_STATUS_INVALID_ARGUMENT 1 /**< Bad handle, NULL pointer, bad descriptor. */
#define HWC_STATUS_UNIMPLEMENTED 2    /**< Function not provided by this plugin. */
#define HWC_STATUS_UNSUPPORTED 3      /**< Valid request this device cannot do. */
#define HWC_STATUS_OUT_OF_MEMORY 4    /**< Device or host allocation failed. */
#define HWC_STATUS_DEVICE_LOST 5      /**< Device unusable (sticky fault, reset, removal). */
#define HWC_STATUS_INTERNAL 6         /**< Plugin bug or unexpected driver error. */
#define HWC_STATUS_UNKNOWN_KEY 7      /**< get_info key not known to this plugin. */
#define HWC_STATUS_BUFFER_TOO_SMALL 8 /**< get_info value_size smaller than the value. */
#define HWC_STATUS_OUT_OF_RANGE 9     /**< Index, offset or size outside its object. */
#define HWC_STATUS_TIMEOUT 10         /**< A wait exceeded a plugin-side limit. */

/* ---------------------------------------------------------------------------------------
 * Element types (HWC_TensorDesc.dtype). Stable numbers; 0 is invalid.
 * ------------------------------------------------------------------------------------- */

#define HWC_DTYPE_INVALID 0
#define HWC_DTYPE_F64 1     /**< IEEE 754 binary64. */
#define HWC_DTYPE_F32 2     /**< IEEE 754 binary32. */
#define HWC_DTYPE_F16 3     /**< IEEE 754 binary16. */
#define HWC_DTYPE_BF16 4    /**< bfloat16: 1 sign, 8 exponent, 7 mantissa bits. */
#define HWC_DTYPE_F8_E4M3 5 /**< OCP FP8 E4M3 (fn: no Inf, one NaN pattern, max 448). */
#define HWC_DTYPE_F8_E5M2 6 /**< OCP FP8 E5M2 (IEEE-like: Inf and NaN, max 57344). */
#define HWC_DTYPE_I8 7      /**< Signed 8-bit two's complement. */
#define HWC_DTYPE_U8 8      /**< Unsigned 8-bit. */
#define HWC_DTYPE_I32 9     /**< Signed 32-bit two's complement. */
#define HWC_DTYPE_I64 10    /**< Signed 64-bit two's complement. */
#define HWC_DTYPE_BOOL 11   /**< One byte, 0 = false, 1 = true; other values invalid. */
#define HWC_DTYPE_COUNT 12  /**< One past the largest defined dtype of this version. */

/* ---------------------------------------------------------------------------------------
 * Opaque handles. Created and destroyed only through the function table.
 * ------------------------------------------------------------------------------------- */

typedef struct HWC_Error HWC_Error;   /**< Error: code + message. Host destroys. */
typedef struct HWC_Device HWC_Device; /**< An opened device. */
typedef struct HWC_Buffer HWC_Buffer; /**< Device memory allocation. */
typedef struct HWC_Stream HWC_Stream; /**< In-order asynchronous queue on one device. */
typedef struct HWC_Event HWC_Event;   /**< Marker in a stream, with a device timestamp. */

/* ---------------------------------------------------------------------------------------
 * Host table: what the host gives the plugin at the entry point.
 * ------------------------------------------------------------------------------------- */

#define HWC_LOG_DEBUG 0
#define HWC_LOG_INFO 1
#define HWC_LOG_WARNING 2
#define HWC_LOG_ERROR 3

/**
 * Log callback. `message` is NUL-terminated UTF-8, valid only during the call. Thread-safe:
 * the plugin may call it from any thread. The host never calls back into the plugin from it.
 * @since 1.0
 */
typedef void (*HWC_LogFn)(void* user_data, int32_t level, const char* message);

/**
 * Passed to the entry point. Owned by the host and valid until plugin_shutdown returns;
 * the plugin may keep the pointer. @since 1.0
 */
typedef struct HWC_HostApi {
  uint32_t struct_size;           /**< sizeof(HWC_HostApi) as the host compiled it. */
  uint32_t reserved0;             /**< Zero. */
  const HWC_Extension* extension; /**< Host extensions, or NULL. */
  uint32_t abi_version_major;     /**< ABI the host implements (HWC_ABI_VERSION_MAJOR). */
  uint32_t abi_version_minor;     /**< ABI the host implements (HWC_ABI_VERSION_MINOR). */
  const char* host_name;          /**< e.g. "hwcert 0.1.0"; NUL-terminated. */
  HWC_LogFn log;                  /**< May be NULL: the plugin then stays silent. */
  void* log_user_data;            /**< Passed back as the first argument of log. */
} HWC_HostApi;

/* ---------------------------------------------------------------------------------------
 * get_info keys. Value types are fixed per key:
 *   string: NUL-terminated UTF-8, size includes the NUL
 *   u32/u64/i32: native-endian integer of that width; f64: double
 *   i32[]: array of int32_t, size = 4 * count;  bytes16: 16 raw bytes
 * Two-call protocol for plugin_get_info and device_get_info:
 *   value == NULL:            *size_ret = size of the value; success.
 *   value_size >= size:       value written, *size_ret = size; success.
 *   value_size < size:        HWC_STATUS_BUFFER_TOO_SMALL, *size_ret = size, value untouched.
 *   key not known:            HWC_STATUS_UNKNOWN_KEY, *size_ret = 0.
 * size_ret may be NULL when value != NULL.
 * ------------------------------------------------------------------------------------- */

#define HWC_PLUGIN_INFO_NAME 1        /**< string: short name, e.g. "reference". */
#define HWC_PLUGIN_INFO_VENDOR 2      /**< string: who ships the plugin. */
#define HWC_PLUGIN_INFO_VERSION 3     /**< string: plugin version, semver recommended. */
#define HWC_PLUGIN_INFO_DESCRIPTION 4 /**< string: one line. */
#define HWC_PLUGIN_INFO_OPSET 5       /**< u32: highest opset whose every op is implemented. */

#define HWC_DEVICE_INFO_NAME 1                    /**< string: marketing name. */
#define HWC_DEVICE_INFO_VENDOR 2                  /**< string. */
#define HWC_DEVICE_INFO_DRIVER_VERSION 3          /**< string. */
#define HWC_DEVICE_INFO_FIRMWARE_VERSION 4        /**< string. */
#define HWC_DEVICE_INFO_TYPE 5                    /**< u32: HWC_DEVICE_TYPE_*. */
#define HWC_DEVICE_INFO_UUID 6                    /**< bytes16. */
#define HWC_DEVICE_INFO_MEMORY_BYTES 7            /**< u64: total device memory. */
#define HWC_DEVICE_INFO_MEMORY_FREE_BYTES 8       /**< u64: free now. */
#define HWC_DEVICE_INFO_COMPUTE_UNITS 9           /**< u32: SMs, AI cores, CPU threads. */
#define HWC_DEVICE_INFO_CLOCK_MHZ 10              /**< u32: maximum core clock. */
#define HWC_DEVICE_INFO_CURRENT_CLOCK_MHZ 11      /**< u32: core clock now. */
#define HWC_DEVICE_INFO_MEMORY_BANDWIDTH_GBPS 12  /**< f64: peak, vendor figure. */
#define HWC_DEVICE_INFO_LAST_LEVEL_CACHE_BYTES 13 /**< u64: used to size cache flushes. */
#define HWC_DEVICE_INFO_SUPPORTED_DTYPES 14       /**< i32[]: HWC_DTYPE_* stored natively. */
#define HWC_DEVICE_INFO_COMPUTE_CAPABILITY 15     /**< string: e.g. "9.0", "ascend910b". */
#define HWC_DEVICE_INFO_POWER_WATTS 16            /**< f64: board power now. */
#define HWC_DEVICE_INFO_PCI_BUS_ID 17             /**< string: domain:bus:device.function. */
#define HWC_DEVICE_INFO_PEAK_TFLOPS_BASE 1000     /**< f64: peak for dtype d at BASE + d. */

#define HWC_DEVICE_TYPE_CPU 1
#define HWC_DEVICE_TYPE_GPU 2
#define HWC_DEVICE_TYPE_NPU 3
#define HWC_DEVICE_TYPE_OTHER 4

/* ---------------------------------------------------------------------------------------
 * Tensors, attributes and ops: the data-first op description ("unified IR" node).
 * ------------------------------------------------------------------------------------- */

/**
 * Logical view of a tensor inside a buffer. Element (i0..i{rank-1}) lives at byte
 * byte_offset + element_size(dtype) * sum(ik * strides[k]). Strides are in elements and
 * non-negative; a stride of 0 broadcasts. rank 0 is a scalar. A dimension of 0 makes an
 * empty tensor. Entries at index >= rank are ignored. Owned by the caller; valid only for
 * the duration of the call that receives it. @since 1.0
 */
typedef struct HWC_TensorDesc {
  uint32_t struct_size;           /**< sizeof(HWC_TensorDesc). */
  uint32_t reserved0;             /**< Zero. */
  const HWC_Extension* extension; /**< NULL or extensions. */
  int32_t dtype;                  /**< HWC_DTYPE_*. */
  uint32_t rank;                  /**< 0..HWC_MAX_RANK. */
  int64_t shape[HWC_MAX_RANK];    /**< Extent per dimension, >= 0. */
  int64_t strides[HWC_MAX_RANK];  /**< Element strides per dimension, >= 0. */
  uint64_t byte_offset;           /**< Offset of element 0 in its buffer. */
} HWC_TensorDesc;

#define HWC_ATTR_INT 1        /**< value_int. */
#define HWC_ATTR_FLOAT 2      /**< value_float. */
#define HWC_ATTR_STRING 3     /**< value_string, NUL-terminated; count = strlen. */
#define HWC_ATTR_INT_LIST 4   /**< value_ints[0..count). */
#define HWC_ATTR_FLOAT_LIST 5 /**< value_floats[0..count). */

/**
 * Named typed attribute of an op. Only the member selected by `type` is meaningful.
 * Owned by the caller; valid only for the duration of the call. @since 1.0
 */
typedef struct HWC_Attribute {
  uint32_t struct_size;
  uint32_t reserved0;
  const HWC_Extension* extension;
  const char* name; /**< Attribute name from the op's schema. */
  int32_t type;     /**< HWC_ATTR_*. */
  uint32_t count;   /**< List length, or string length without the NUL. */
  int64_t value_int;
  double value_float;
  const char* value_string;
  const int64_t* value_ints;
  const double* value_floats;
} HWC_Attribute;

/**
 * One op: a catalogue name, the opset that introduced it (docs/op-catalogue.md, "Opsets"),
 * tensors and attributes.
 * Vendor-private ops are named "vendor.<vendor>.<op>". Arrays hold pointers so each element
 * carries its own struct_size. Absent attributes take the schema's default. Owned by the
 * caller; valid only for the duration of the call (op_launch copies what it needs).
 * @since 1.0
 */
typedef struct HWC_OpDesc {
  uint32_t struct_size;
  uint32_t reserved0;
  const HWC_Extension* extension;
  const char* op_name; /**< e.g. "matmul". */
  uint32_t opset;      /**< Opset that introduced the op: 1 (matmul), 2 (slice). */
  uint32_t num_inputs;
  const HWC_TensorDesc* const* inputs; /**< num_inputs descriptors. */
  uint32_t num_outputs;
  uint32_t num_attributes;
  const HWC_TensorDesc* const* outputs;   /**< num_outputs descriptors. */
  const HWC_Attribute* const* attributes; /**< num_attributes entries. */
} HWC_OpDesc;

#define HWC_OP_UNSUPPORTED 0 /**< op_support: cannot run; reason says why. */
#define HWC_OP_SUPPORTED 1   /**< op_support: runs as described, in the mode asked for. */

/* ---------------------------------------------------------------------------------------
 * The function table.
 * ------------------------------------------------------------------------------------- */

/**
 * Returned by the entry point. Static storage in the plugin: valid until the library is
 * unloaded; the host never writes to it. Slots are appended in later minor versions; the
 * host reads only the first struct_size bytes.
 * @since 1.0
 */
typedef struct HWC_PluginApi {
  uint32_t struct_size;           /**< sizeof(HWC_PluginApi) as the plugin compiled it. */
  uint32_t reserved0;             /**< Zero. */
  const HWC_Extension* extension; /**< Plugin extensions, or NULL. */
  uint32_t abi_version_major;     /**< ABI the plugin implements. */
  uint32_t abi_version_minor;

  /* --- Errors (mandatory: the host refuses a table without them). --- */

  /** Status code of `error` (HWC_STATUS_*). @since 1.0 */
  int32_t (*error_code)(const HWC_Error* error);
  /** NUL-terminated message, valid until error_destroy(error). Never NULL. @since 1.0 */
  const char* (*error_message)(const HWC_Error* error);
  /** Releases an error returned by any function. NULL is a no-op. @since 1.0 */
  void (*error_destroy)(HWC_Error* error);

  /* --- Plugin lifetime and properties. --- */

  /**
   * Releases everything the plugin holds. Called once, after every handle is destroyed;
   * afterwards only the entry point may be called again. @since 1.0
   */
  HWC_Error* (*plugin_shutdown)(void);
  /** Plugin property by HWC_PLUGIN_INFO_* key; two-call protocol above. @since 1.0 */
  HWC_Error* (*plugin_get_info)(int32_t key, size_t value_size, void* value, size_t* size_ret);

  /* --- Devices. --- */

  /** Number of devices this plugin drives (0 is valid). @since 1.0 */
  HWC_Error* (*device_count)(uint32_t* count);
  /**
   * Opens device `index` (< device_count). Opening the same index twice gives two handles
   * to the same device. Close with device_close after every object created on it is
   * destroyed. @since 1.0
   */
  HWC_Error* (*device_open)(uint32_t index, HWC_Device** device);
  /** Closes a device handle. @since 1.0 */
  HWC_Error* (*device_close)(HWC_Device* device);
  /** Device property by HWC_DEVICE_INFO_* key; two-call protocol above. @since 1.0 */
  HWC_Error* (*device_get_info)(HWC_Device* device, int32_t key, size_t value_size, void* value,
                                size_t* size_ret);
  /**
   * *can_access = 1 when copy_d2d between buffers of `device` and `peer` goes directly
   * over the device interconnect, 0 when it is staged or unsupported. @since 1.0
   */
  HWC_Error* (*device_can_access_peer)(HWC_Device* device, HWC_Device* peer, int32_t* can_access);

  /* --- Buffers. --- */

  /**
   * Allocates `size_bytes` (> 0) of device memory, aligned to at least 256 bytes. Contents
   * are unspecified. OUT_OF_MEMORY when it does not fit. Free with buffer_free before
   * closing the device. @since 1.0
   */
  HWC_Error* (*buffer_alloc)(HWC_Device* device, uint64_t size_bytes, HWC_Buffer** buffer);
  /** Frees a buffer once all work using it has completed. @since 1.0 */
  HWC_Error* (*buffer_free)(HWC_Buffer* buffer);

  /* --- Streams. --- */

  /** Creates an in-order queue on `device`. @since 1.0 */
  HWC_Error* (*stream_create)(HWC_Device* device, HWC_Stream** stream);
  /** Waits for pending work, then destroys. @since 1.0 */
  HWC_Error* (*stream_destroy)(HWC_Stream* stream);
  /**
   * Blocks until all work enqueued so far has completed. Returns the first error of that
   * work that was not yet reported (asynchronous errors surface here). @since 1.0
   */
  HWC_Error* (*stream_synchronize)(HWC_Stream* stream);

  /* --- Copies and fill: enqueued on a stream, asynchronous. Offsets and sizes in bytes;
   *     OUT_OF_RANGE when a range leaves its buffer. Host memory passed in must stay valid
   *     and unmodified (src) or untouched (dst) until the stream is synchronized. --- */

  /** Host → device. @since 1.0 */
  HWC_Error* (*copy_h2d)(HWC_Stream* stream, HWC_Buffer* dst, uint64_t dst_offset, const void* src,
                         uint64_t size);
  /** Device → host. @since 1.0 */
  HWC_Error* (*copy_d2h)(HWC_Stream* stream, void* dst, HWC_Buffer* src, uint64_t src_offset,
                         uint64_t size);
  /**
   * Device → device. The buffers may belong to two devices of this plugin (peer copy); the
   * stream may be on either. @since 1.0
   */
  HWC_Error* (*copy_d2d)(HWC_Stream* stream, HWC_Buffer* dst, uint64_t dst_offset, HWC_Buffer* src,
                         uint64_t src_offset, uint64_t size);
  /**
   * Repeats `pattern` (pattern_size of 1, 2, 4 or 8 bytes, copied at the call) over
   * [offset, offset + size); size is a multiple of pattern_size. @since 1.0
   */
  HWC_Error* (*fill)(HWC_Stream* stream, HWC_Buffer* dst, uint64_t offset, uint64_t size,
                     const void* pattern, uint32_t pattern_size);

  /* --- Events. --- */

  /** Creates an event on `device` that can record device timestamps. @since 1.0 */
  HWC_Error* (*event_create)(HWC_Device* device, HWC_Event** event);
  /** Destroys an event. @since 1.0 */
  HWC_Error* (*event_destroy)(HWC_Event* event);
  /** Enqueues the event: it completes when all earlier work on `stream` has. @since 1.0 */
  HWC_Error* (*event_record)(HWC_Event* event, HWC_Stream* stream);
  /** Blocks until the recorded event has completed. @since 1.0 */
  HWC_Error* (*event_synchronize)(HWC_Event* event);
  /**
   * Device time between two completed events recorded on the same device, in nanoseconds.
   * INVALID_ARGUMENT when either was never recorded or end precedes start. @since 1.0
   */
  HWC_Error* (*event_elapsed_ns)(HWC_Event* start, HWC_Event* end, uint64_t* elapsed_ns);

  /* --- Ops. --- */

  /**
   * Capability query. *support = HWC_OP_SUPPORTED when op_launch with this exact
   * descriptor (names, dtypes, shapes, strides, attributes, math_mode) will run without
   * changing precision; else HWC_OP_UNSUPPORTED and a NUL-terminated reason is written to
   * reason[0..reason_capacity) (truncated; reason may be NULL when capacity is 0). An
   * error return means the query itself failed (e.g. malformed descriptor). @since 1.0
   */
  HWC_Error* (*op_support)(HWC_Device* device, const HWC_OpDesc* op, int32_t* support, char* reason,
                           size_t reason_capacity);
  /** Bytes of scratch memory op_launch needs for `op` (0 for none). @since 1.0 */
  HWC_Error* (*op_workspace_size)(HWC_Device* device, const HWC_OpDesc* op,
                                  uint64_t* workspace_bytes);
  /**
   * Enqueues `op` on `stream`. inputs[i] holds op->inputs[i], outputs[j] holds
   * op->outputs[j]; outputs never alias inputs. `workspace` is a buffer of at least
   * op_workspace_size bytes, or NULL when that is 0. Inputs are never modified. Errors
   * detected before enqueue are returned here; later ones by stream_synchronize.
   * @since 1.0
   */
  HWC_Error* (*op_launch)(HWC_Stream* stream, const HWC_OpDesc* op, HWC_Buffer* const* inputs,
                          uint32_t num_inputs, HWC_Buffer* const* outputs, uint32_t num_outputs,
                          HWC_Buffer* workspace, uint64_t workspace_size);
} HWC_PluginApi;

/**
 * The entry point every plugin exports, under HWC_PLUGIN_ENTRY_POINT_NAME.
 *
 * `host` is the host table (never NULL from hwcert). On success the plugin stores its
 * static table in *api and returns NULL. On failure it returns an error and still stores
 * the table in *api so that the host can read the message and release the error; the host
 * then calls nothing else. The plugin sets *api to its table on every path. Calling it
 * again after plugin_shutdown re-initializes the plugin. Not thread-safe with itself.
 * @since 1.0
 */
typedef HWC_Error* (*HWC_GetPluginApiFn)(const HWC_HostApi* host, const HWC_PluginApi** api);

/** Declaration of the entry point; a plugin defines it (the host resolves it with dlsym). */
HWC_EXPORT HWC_Error* hwc_get_plugin_api(const HWC_HostApi* host, const HWC_PluginApi** api);

/* ---------------------------------------------------------------------------------------
 * Layout of release 1.0, frozen on LP64 targets (checked again by abi/tests).
 * ------------------------------------------------------------------------------------- */
#if defined(__LP64__) || defined(_WIN64)
#define HWC_LAYOUT_CHECK_(name, cond) typedef char hwc_layout_check_##name[(cond) ? 1 : -1]
HWC_LAYOUT_CHECK_(extension, sizeof(HWC_Extension) == 16);
HWC_LAYOUT_CHECK_(host_api, sizeof(HWC_HostApi) == 48);
HWC_LAYOUT_CHECK_(tensor_desc, sizeof(HWC_TensorDesc) == 160);
HWC_LAYOUT_CHECK_(attribute, sizeof(HWC_Attribute) == 72);
HWC_LAYOUT_CHECK_(op_desc, sizeof(HWC_OpDesc) == 64);
HWC_LAYOUT_CHECK_(plugin_api, sizeof(HWC_PluginApi) == 240);
#undef HWC_LAYOUT_CHECK_
#endif

#ifdef __cplusplus
} /* extern "C" */
#endif

#endif /* HWCERT_HWCERT_PLUGIN_H_ */
