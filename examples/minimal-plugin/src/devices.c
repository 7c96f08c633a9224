/* Devices: this plugin drives one device, index 0. Each device_open returns a new handle;
 * two handles to index 0 are the same device. */
#include <stdlib.h>

#include "minimal.h"

#define MINIMAL_DEVICE_COUNT 1u

HWC_Error* minimal_device_count(uint32_t* count) {
  if (count == NULL)
    return minimal_error(HWC_STATUS_INVALID_ARGUMENT, "device_count: count is NULL");
  *count = MINIMAL_DEVICE_COUNT;
  return NULL;
}

HWC_Error* minimal_device_open(uint32_t index, HWC_Device** device) {
  HWC_Device* opened;
  if (device == NULL)
    return minimal_error(HWC_STATUS_INVALID_ARGUMENT, "device_open: device is NULL");
  if (index >= MINIMAL_DEVICE_COUNT) {
    return minimal_error(HWC_STATUS_OUT_OF_RANGE, "device_open: index %u, but there are %u devices",
                         (unsigned)index, MINIMAL_DEVICE_COUNT);
  }
  opened = (HWC_Device*)minimal_handle_new(sizeof(HWC_Device), MINIMAL_DEVICE);
  if (opened == NULL)
    return minimal_error(HWC_STATUS_OUT_OF_MEMORY, "device_open: out of host memory");
  opened->index = index;
  *device = opened;
  return NULL;
}

HWC_Error* minimal_device_close(HWC_Device* device) {
  if (!minimal_handle_remove(device, MINIMAL_DEVICE))
    return minimal_error(HWC_STATUS_INVALID_ARGUMENT, "device_close: not an open device");
  free(device);
  return NULL;
}

HWC_Error* minimal_device_can_access_peer(HWC_Device* device, HWC_Device* peer,
                                          int32_t* can_access) {
  if (!MINIMAL_LIVE(device, MINIMAL_DEVICE) || !MINIMAL_LIVE(peer, MINIMAL_DEVICE) ||
      can_access == NULL) {
    return minimal_error(HWC_STATUS_INVALID_ARGUMENT, "device_can_access_peer: NULL argument");
  }
  /* All buffers are host memory: a device-to-device copy is one memcpy either way. */
  *can_access = 1;
  return NULL;
}
