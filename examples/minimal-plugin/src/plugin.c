/* The entry point and the function table: the only symbol this library exports.
 *
 * The table is static and const: the host reads it for as long as the library is loaded.
 * Designated initializers name every slot, so a slot left out stays NULL, and the loader
 * answers HWC_STATUS_UNIMPLEMENTED for it ("not implemented"). */
#include "minimal.h"

static HWC_Error* minimal_plugin_shutdown(void) {
  return NULL; /* Nothing is held between calls: every handle was destroyed by the host. */
}

static const HWC_PluginApi kPluginApi = {
    /* struct_size is the sizeof() this plugin was compiled with: a newer host reads only
     * this much, an older host reads only what it knows. */
    .struct_size = sizeof(HWC_PluginApi),
    .reserved0 = 0,
    .extension = NULL,
    .abi_version_major = HWC_ABI_VERSION_MAJOR,
    .abi_version_minor = HWC_ABI_VERSION_MINOR,

    .error_code = minimal_error_code,
    .error_message = minimal_error_message,
    .error_destroy = minimal_error_destroy,

    .plugin_shutdown = minimal_plugin_shutdown,
    .plugin_get_info = minimal_plugin_get_info,

    .device_count = minimal_device_count,
    .device_open = minimal_device_open,
    .device_close = minimal_device_close,
    .device_get_info = minimal_device_get_info,
    .device_can_access_peer = minimal_device_can_access_peer,

    .buffer_alloc = minimal_buffer_alloc,
    .buffer_free = minimal_buffer_free,

    .stream_create = minimal_stream_create,
    .stream_destroy = minimal_stream_destroy,
    .stream_synchronize = minimal_stream_synchronize,

    .copy_h2d = minimal_copy_h2d,
    .copy_d2h = minimal_copy_d2h,
    .copy_d2d = minimal_copy_d2d,
    .fill = minimal_fill,

    .event_create = minimal_event_create,
    .event_destroy = minimal_event_destroy,
    .event_record = minimal_event_record,
    .event_synchronize = minimal_event_synchronize,
    .event_elapsed_ns = minimal_event_elapsed_ns,

    .op_support = minimal_op_support,
    .op_workspace_size = minimal_op_workspace_size,
    .op_launch = minimal_op_launch,
};

/* HWC_EXPORT (in the declaration in hwcert_plugin.h) gives this symbol default visibility;
 * everything else is hidden by -fvisibility=hidden (C_VISIBILITY_PRESET in CMakeLists.txt). */
HWC_Error* hwc_get_plugin_api(const HWC_HostApi* host, const HWC_PluginApi** api) {
  if (api == NULL) {
    return minimal_error(HWC_STATUS_INVALID_ARGUMENT, "hwc_get_plugin_api: api is NULL");
  }
  *api = &kPluginApi; /* On every path, so the host can read and release an error. */
  if (host == NULL) {
    return minimal_error(HWC_STATUS_INVALID_ARGUMENT, "hwc_get_plugin_api: host table is NULL");
  }
  /* The host decides ABI compatibility (it refuses another major). A plugin reads only the
   * host fields it knows, and only when the host's struct is large enough to have them. */
  if (HWC_HAS_FIELD(host, HWC_HostApi, log_user_data) && host->log != NULL) {
    host->log(host->log_user_data, HWC_LOG_DEBUG,
              "minimal plugin " MINIMAL_PLUGIN_VERSION " loaded");
  }
  return NULL;
}
