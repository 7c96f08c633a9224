/* Streams and events. Work runs synchronously at enqueue, so a stream only needs to know
 * its device, and an event records the time at which all earlier work had completed: the
 * time of event_record itself. A real plugin records a device timestamp on its queue. */
#define _POSIX_C_SOURCE 200112L
#include <stdlib.h>
#include <time.h>

#include "minimal.h"

static uint64_t now_ns(void) {
  struct timespec now;
  clock_gettime(CLOCK_MONOTONIC, &now);
  return (uint64_t)now.tv_sec * 1000000000u + (uint64_t)now.tv_nsec;
}

HWC_Error* minimal_stream_create(HWC_Device* device, HWC_Stream** stream) {
  HWC_Stream* created;
  if (!MINIMAL_LIVE(device, MINIMAL_DEVICE) || stream == NULL) {
    return minimal_error(HWC_STATUS_INVALID_ARGUMENT, "stream_create: NULL argument");
  }
  created = (HWC_Stream*)minimal_handle_new(sizeof(HWC_Stream), MINIMAL_STREAM);
  if (created == NULL)
    return minimal_error(HWC_STATUS_OUT_OF_MEMORY, "stream_create: out of host memory");
  created->device = device;
  *stream = created;
  return NULL;
}

HWC_Error* minimal_stream_destroy(HWC_Stream* stream) {
  if (!minimal_handle_remove(stream, MINIMAL_STREAM))
    return minimal_error(HWC_STATUS_INVALID_ARGUMENT, "stream_destroy: not a live stream");
  free(stream);
  return NULL;
}

HWC_Error* minimal_stream_synchronize(HWC_Stream* stream) {
  if (!MINIMAL_LIVE(stream, MINIMAL_STREAM)) {
    return minimal_error(HWC_STATUS_INVALID_ARGUMENT, "stream_synchronize: stream is NULL");
  }
  return NULL; /* Everything enqueued has already run, and its errors were returned then. */
}

HWC_Error* minimal_event_create(HWC_Device* device, HWC_Event** event) {
  HWC_Event* created;
  if (!MINIMAL_LIVE(device, MINIMAL_DEVICE) || event == NULL) {
    return minimal_error(HWC_STATUS_INVALID_ARGUMENT, "event_create: NULL argument");
  }
  created = (HWC_Event*)minimal_handle_new(sizeof(HWC_Event), MINIMAL_EVENT);
  if (created == NULL)
    return minimal_error(HWC_STATUS_OUT_OF_MEMORY, "event_create: out of host memory");
  created->device = device; /* recorded = 0 and timestamp_ns = 0 from the zeroed memory */
  *event = created;
  return NULL;
}

HWC_Error* minimal_event_destroy(HWC_Event* event) {
  if (!minimal_handle_remove(event, MINIMAL_EVENT))
    return minimal_error(HWC_STATUS_INVALID_ARGUMENT, "event_destroy: not a live event");
  free(event);
  return NULL;
}

HWC_Error* minimal_event_record(HWC_Event* event, HWC_Stream* stream) {
  if (!MINIMAL_LIVE(event, MINIMAL_EVENT) || !MINIMAL_LIVE(stream, MINIMAL_STREAM)) {
    return minimal_error(HWC_STATUS_INVALID_ARGUMENT, "event_record: NULL argument");
  }
  if (event->device->index != stream->device->index) {
    return minimal_error(HWC_STATUS_INVALID_ARGUMENT,
                         "event_record: event of device %u, stream of device %u",
                         (unsigned)event->device->index, (unsigned)stream->device->index);
  }
  event->timestamp_ns = now_ns();
  event->recorded = 1;
  return NULL;
}

HWC_Error* minimal_event_synchronize(HWC_Event* event) {
  if (!MINIMAL_LIVE(event, MINIMAL_EVENT))
    return minimal_error(HWC_STATUS_INVALID_ARGUMENT, "event_synchronize: event is NULL");
  if (!event->recorded) {
    return minimal_error(HWC_STATUS_INVALID_ARGUMENT,
                         "event_synchronize: event was never recorded");
  }
  return NULL;
}

HWC_Error* minimal_event_elapsed_ns(HWC_Event* start, HWC_Event* end, uint64_t* elapsed_ns) {
  if (!MINIMAL_LIVE(start, MINIMAL_EVENT) || !MINIMAL_LIVE(end, MINIMAL_EVENT) ||
      elapsed_ns == NULL) {
    return minimal_error(HWC_STATUS_INVALID_ARGUMENT, "event_elapsed_ns: NULL argument");
  }
  if (!start->recorded || !end->recorded) {
    return minimal_error(HWC_STATUS_INVALID_ARGUMENT,
                         "event_elapsed_ns: %s event was never recorded",
                         !start->recorded ? "start" : "end");
  }
  if (start->device->index != end->device->index) {
    return minimal_error(HWC_STATUS_INVALID_ARGUMENT,
                         "event_elapsed_ns: events of devices %u and %u",
                         (unsigned)start->device->index, (unsigned)end->device->index);
  }
  if (end->timestamp_ns < start->timestamp_ns) {
    return minimal_error(HWC_STATUS_INVALID_ARGUMENT, "event_elapsed_ns: end precedes start");
  }
  *elapsed_ns = end->timestamp_ns - start->timestamp_ns;
  return NULL;
}
