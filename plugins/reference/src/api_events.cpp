// Events: a generation counter per event, completed by the stream's worker with a host
// steady-clock timestamp.
#include <hwcert/plugin_common/plugin_functions.hpp>

#include <chrono>
#include <memory>
#include <mutex>
#include <optional>

#include "runtime.hpp"

namespace hwcert::plugin_api {
using namespace hwcert::reference;

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

HWC_Error* event_create(HWC_Device* device, HWC_Event** event) {
  return guarded("event_create", [&] {
    PluginState& s = state();
    HWC_Device& d = s.device(device);
    require(event, "event");
    auto handle = std::make_unique<HWC_Event>();
    handle->device = &d;
    handle->state = std::make_shared<EventState>();
    handle->state->device_index = d.index;
    *event = s.events.insert(std::move(handle));
    d.children.fetch_add(1);
  });
}

HWC_Error* event_destroy(HWC_Event* event) {
  return guarded("event_destroy", [&] {
    std::unique_ptr<HWC_Event> owned = state().take_event(event);
    owned->device->children.fetch_sub(1);
  });
}

HWC_Error* event_record(HWC_Event* event, HWC_Stream* stream) {
  return guarded("event_record", [&] {
    PluginState& s = state();
    std::shared_ptr<EventState> recorded = s.event(event).state;
    HWC_Stream& q = s.stream(stream);
    uint64_t generation = 0;
    {
      std::lock_guard lock(recorded->mutex);
      generation = ++recorded->recorded_generation;
    }
    q.worker->submit(  // on an idle stream, now is when the stream reaches the record
        [recorded, generation] {
          const uint64_t timestamp = now_ns();
          {
            std::lock_guard lock(recorded->mutex);
            if (generation > recorded->completed_generation) {
              recorded->completed_generation = generation;
              recorded->timestamp_ns = timestamp;
            }
          }
          recorded->completed.notify_all();
        },
        true);
  });
}

HWC_Error* event_synchronize(HWC_Event* event) {
  return guarded("event_synchronize", [&] { wait_event(*state().event(event).state); });
}

HWC_Error* event_elapsed_ns(HWC_Event* start, HWC_Event* end, uint64_t* elapsed_ns) {
  return guarded("event_elapsed_ns", [&] {
    PluginState& s = state();
    const HWC_Event& a = s.event(start);
    const HWC_Event& b = s.event(end);
    require(elapsed_ns, "elapsed_ns");
    if (a.device->index != b.device->index) fail_invalid("events of different devices");
    const std::optional<uint64_t> t0 = wait_event(*a.state);
    const std::optional<uint64_t> t1 = wait_event(*b.state);
    if (!t0) fail_invalid("start event was never recorded");
    if (!t1) fail_invalid("end event was never recorded");
    if (*t1 < *t0) fail_invalid("end event completed before start event");
    *elapsed_ns = *t1 - *t0;
  });
}

}  // namespace hwcert::plugin_api
