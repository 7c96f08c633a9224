// Events: CUDA events with timing enabled; elapsed time from cudaEventElapsedTime.
#include <cuda_runtime_api.h>
#include <hwcert/plugin_common/device_handles.hpp>
#include <hwcert/plugin_common/plugin_functions.hpp>

#include <cmath>

#include "runtime.hpp"

namespace hwcert::plugin_api {
using namespace hwcert::cuda;

HWC_Error* event_create(HWC_Device* device, HWC_Event** event) {
  return guarded("event_create", [&] {
    plugin_common::create_device_handle(
        state(), &PluginState::events, device, event, "event",
        [](HWC_Event& created, DeviceRuntime& runtime) {
          runtime.activate();
          runtime.check(cudaEventCreateWithFlags(&created.event, cudaEventDefault),
                        "cudaEventCreate");
        });
  });
}

HWC_Error* event_destroy(HWC_Event* event) {
  return guarded("event_destroy", [&] { state().take_event(event); });
}

HWC_Error* event_record(HWC_Event* event, HWC_Stream* stream) {
  return guarded("event_record", [&] {
    auto [e, q] = plugin_common::checked_event_record(state(), event, stream);
    q.runtime->activate();
    q.runtime->check(cudaEventRecord(e.event, q.stream), "cudaEventRecord");
    e.recorded = true;
  });
}

HWC_Error* event_synchronize(HWC_Event* event) {
  return guarded("event_synchronize", [&] {
    HWC_Event& e = state().event(event);
    if (!e.recorded) fail_invalid("the event was never recorded");
    e.runtime->activate();
    e.runtime->check(cudaEventSynchronize(e.event), "cudaEventSynchronize");
  });
}

HWC_Error* event_elapsed_ns(HWC_Event* start, HWC_Event* end, uint64_t* elapsed_ns) {
  return guarded("event_elapsed_ns", [&] {
    auto [a, b] = plugin_common::checked_elapsed_events(state(), start, end, elapsed_ns,
                                                        &HWC_Event::recorded);
    a.runtime->activate();
    a.runtime->check(cudaEventSynchronize(a.event), "cudaEventSynchronize(start)");
    a.runtime->check(cudaEventSynchronize(b.event), "cudaEventSynchronize(end)");
    float ms = 0.0f;
    a.runtime->check(cudaEventElapsedTime(&ms, a.event, b.event), "cudaEventElapsedTime");
    if (ms < 0.0f) fail_invalid("the end event completed before the start event");
    *elapsed_ns = static_cast<uint64_t>(std::llround(static_cast<double>(ms) * 1e6));
  });
}

}  // namespace hwcert::plugin_api
