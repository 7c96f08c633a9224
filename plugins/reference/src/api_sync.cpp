// ABI functions: streams and events.
#include <chrono>
#include <memory>
#include <mutex>
#include <optional>
#include <string>

#include "api_functions.hpp"

namespace hwcref::api {
namespace {

uint64_t now_ns() {
  return static_cast<uint64_t>(std::chrono::duration_cast<std::chrono::nanoseconds>(
                                   std::chrono::steady_clock::now().time_since_epoch())
                                   .count());
}

// Waits until the latest record of `state` has completed; returns its timestamp, or
// nothing when it was never recorded.
std::optional<uint64_t> wait_event(EventState& state) {
  std::unique_lock lock(state.mutex);
  if (state.recorded_generation == 0) return std::nullopt;
  const uint64_t target = state.recorded_generation;
  state.completed.wait(lock, [&] { return state.completed_generation >= target; });
  return state.timestamp_ns;
}

}  // namespace

// --- streams ---

HWC_Error* stream_create(HWC_Device* device, HWC_Stream** stream) {
  return guard([&] {
    Plugin& p = plugin();
    p.handles().get(device, "stream_create: device");
    require(stream, "stream_create: stream");
    auto handle = std::make_unique<HWC_Stream>();
    handle->device = device;
    handle->worker = std::make_unique<StreamWorker>();
    *stream = p.handles().adopt(std::move(handle));
    device->children.fetch_add(1);
  });
}

HWC_Error* stream_destroy(HWC_Stream* stream) {
  return guard([&] {
    std::unique_ptr<HWC_Stream> owned =
        plugin().handles().release(stream, "stream_destroy: stream");
    owned->device->children.fetch_sub(1);
    std::optional<DeferredError> pending = owned->worker->synchronize();
    owned.reset();
    throw_deferred(std::move(pending));
  });
}

HWC_Error* stream_synchronize(HWC_Stream* stream) {
  return guard([&] {
    plugin().handles().get(stream, "stream_synchronize: stream");
    throw_deferred(stream->worker->synchronize());
  });
}

// --- events ---

HWC_Error* event_create(HWC_Device* device, HWC_Event** event) {
  return guard([&] {
    Plugin& p = plugin();
    p.handles().get(device, "event_create: device");
    require(event, "event_create: event");
    auto handle = std::make_unique<HWC_Event>();
    handle->device = device;
    handle->state = std::make_shared<EventState>();
    handle->state->device_index = device->index;
    *event = p.handles().adopt(std::move(handle));
    device->children.fetch_add(1);
  });
}

HWC_Error* event_destroy(HWC_Event* event) {
  return guard([&] {
    std::unique_ptr<HWC_Event> owned = plugin().handles().release(event, "event_destroy: event");
    owned->device->children.fetch_sub(1);
  });
}

HWC_Error* event_record(HWC_Event* event, HWC_Stream* stream) {
  return guard([&] {
    Plugin& p = plugin();
    p.handles().get(event, "event_record: event");
    p.handles().get(stream, "event_record: stream");
    std::shared_ptr<EventState> state = event->state;
    uint64_t generation = 0;
    {
      std::lock_guard lock(state->mutex);
      generation = ++state->recorded_generation;
    }
    stream->worker->enqueue([state, generation] {
      const uint64_t timestamp = now_ns();
      {
        std::lock_guard lock(state->mutex);
        if (generation > state->completed_generation) {
          state->completed_generation = generation;
          state->timestamp_ns = timestamp;
        }
      }
      state->completed.notify_all();
    });
  });
}

HWC_Error* event_synchronize(HWC_Event* event) {
  return guard([&] {
    plugin().handles().get(event, "event_synchronize: event");
    wait_event(*event->state);
  });
}

HWC_Error* event_elapsed_ns(HWC_Event* start, HWC_Event* end, uint64_t* elapsed_ns) {
  return guard([&] {
    Plugin& p = plugin();
    p.handles().get(start, "event_elapsed_ns: start");
    p.handles().get(end, "event_elapsed_ns: end");
    require(elapsed_ns, "event_elapsed_ns: elapsed_ns");
    if (start->device->index != end->device->index)
      invalid("event_elapsed_ns: events of different devices");
    const std::optional<uint64_t> t0 = wait_event(*start->state);
    const std::optional<uint64_t> t1 = wait_event(*end->state);
    if (!t0) invalid("event_elapsed_ns: start event was never recorded");
    if (!t1) invalid("event_elapsed_ns: end event was never recorded");
    if (*t1 < *t0) invalid("event_elapsed_ns: end event completed before start event");
    *elapsed_ns = *t1 - *t0;
  });
}

}  // namespace hwcref::api
