// The optional function slots of HWC_PluginApi, in table order (error_* are mandatory).
#pragma once

#define HWCERT_OPTIONAL_SLOTS(X) \
  X(plugin_shutdown)             \
  X(plugin_get_info)             \
  X(device_count)                \
  X(device_open)                 \
  X(device_close)                \
  X(device_get_info)             \
  X(device_can_access_peer)      \
  X(buffer_alloc)                \
  X(buffer_free)                 \
  X(stream_create)               \
  X(stream_destroy)              \
  X(stream_synchronize)          \
  X(copy_h2d)                    \
  X(copy_d2h)                    \
  X(copy_d2d)                    \
  X(fill)                        \
  X(event_create)                \
  X(event_destroy)               \
  X(event_record)                \
  X(event_synchronize)           \
  X(event_elapsed_ns)            \
  X(op_support)                  \
  X(op_workspace_size)           \
  X(op_launch)
