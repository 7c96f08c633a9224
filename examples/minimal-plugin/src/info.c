/* get_info, two-call protocol (see hwcert_plugin.h):
 *   value == NULL             -> *size_ret = size of the value, success
 *   value_size >= size        -> value written, *size_ret = size, success
 *   value_size < size         -> BUFFER_TOO_SMALL, *size_ret = size, value untouched
 *   key not known             -> UNKNOWN_KEY, *size_ret = 0
 * Keys this plugin cannot answer honestly (clock, bandwidth, peak numbers) are UNKNOWN_KEY:
 * hwcert then shows "unknown" instead of a made-up figure. */
#include <string.h>

#include "minimal.h"

static HWC_Error* answer(const void* data, size_t size, size_t value_size, void* value,
                         size_t* size_ret) {
  if (value == NULL) {
    if (size_ret == NULL) {
      return minimal_error(HWC_STATUS_INVALID_ARGUMENT,
                           "get_info: value and size_ret are both NULL");
    }
    *size_ret = size;
    return NULL;
  }
  if (size_ret != NULL) *size_ret = size;
  if (value_size < size) {
    return minimal_error(HWC_STATUS_BUFFER_TOO_SMALL, "get_info: value needs %lu bytes, %lu given",
                         (unsigned long)size, (unsigned long)value_size);
  }
  memcpy(value, data, size);
  return NULL;
}

static HWC_Error* answer_string(const char* text, size_t value_size, void* value,
                                size_t* size_ret) {
  return answer(text, strlen(text) + 1, value_size, value, size_ret);
}

static HWC_Error* unknown_key(const char* function, int32_t key, size_t* size_ret) {
  if (size_ret != NULL) *size_ret = 0;
  return minimal_error(HWC_STATUS_UNKNOWN_KEY, "%s: key %d is not known to the minimal plugin",
                       function, (int)key);
}

HWC_Error* minimal_plugin_get_info(int32_t key, size_t value_size, void* value, size_t* size_ret) {
  const uint32_t opset = 1;
  switch (key) {
    case HWC_PLUGIN_INFO_NAME:
      return answer_string(MINIMAL_PLUGIN_NAME, value_size, value, size_ret);
    case HWC_PLUGIN_INFO_VENDOR:
      return answer_string(MINIMAL_PLUGIN_VENDOR, value_size, value, size_ret);
    case HWC_PLUGIN_INFO_VERSION:
      return answer_string(MINIMAL_PLUGIN_VERSION, value_size, value, size_ret);
    case HWC_PLUGIN_INFO_DESCRIPTION:
      return answer_string("hwcert template plugin: host memory, copy/add/mul/relu on f32",
                           value_size, value, size_ret);
    case HWC_PLUGIN_INFO_OPSET:
      return answer(&opset, sizeof(opset), value_size, value, size_ret);
    default:
      return unknown_key("plugin_get_info", key, size_ret);
  }
}

HWC_Error* minimal_device_get_info(HWC_Device* device, int32_t key, size_t value_size, void* value,
                                   size_t* size_ret) {
  /* A fixed UUID: "minimal-device-0" in ASCII, 16 bytes, no terminator. */
  static const unsigned char uuid[16] = {'m', 'i', 'n', 'i', 'm', 'a', 'l', '-',
                                         'd', 'e', 'v', 'i', 'c', 'e', '-', '0'};
  const uint32_t type = HWC_DEVICE_TYPE_CPU;
  const uint32_t compute_units = 1; /* Every op runs on the calling thread. */
  const uint64_t memory_bytes = MINIMAL_DEVICE_MEMORY_BYTES;
  const uint64_t free_bytes = MINIMAL_DEVICE_MEMORY_BYTES - minimal_memory_in_use();
  const int32_t dtypes[] = {HWC_DTYPE_F32};
  if (!MINIMAL_LIVE(device, MINIMAL_DEVICE)) {
    return minimal_error(HWC_STATUS_INVALID_ARGUMENT, "device_get_info: device is NULL");
  }
  switch (key) {
    case HWC_DEVICE_INFO_NAME:
      return answer_string(MINIMAL_DEVICE_NAME, value_size, value, size_ret);
    case HWC_DEVICE_INFO_VENDOR:
      return answer_string(MINIMAL_PLUGIN_VENDOR, value_size, value, size_ret);
    case HWC_DEVICE_INFO_DRIVER_VERSION:
      return answer_string(MINIMAL_PLUGIN_VERSION, value_size, value, size_ret);
    case HWC_DEVICE_INFO_TYPE:
      return answer(&type, sizeof(type), value_size, value, size_ret);
    case HWC_DEVICE_INFO_UUID:
      return answer(uuid, sizeof(uuid), value_size, value, size_ret);
    case HWC_DEVICE_INFO_MEMORY_BYTES:
      return answer(&memory_bytes, sizeof(memory_bytes), value_size, value, size_ret);
    case HWC_DEVICE_INFO_MEMORY_FREE_BYTES:
      return answer(&free_bytes, sizeof(free_bytes), value_size, value, size_ret);
    case HWC_DEVICE_INFO_COMPUTE_UNITS:
      return answer(&compute_units, sizeof(compute_units), value_size, value, size_ret);
    case HWC_DEVICE_INFO_SUPPORTED_DTYPES:
      return answer(dtypes, sizeof(dtypes), value_size, value, size_ret);
    case HWC_DEVICE_INFO_COMPUTE_CAPABILITY:
      return answer_string("host", value_size, value, size_ret);
    default:
      return unknown_key("device_get_info", key, size_ret);
  }
}
