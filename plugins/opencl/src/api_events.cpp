// Events: markers in a stream with device timestamps (CL_QUEUE_PROFILING_ENABLE).
#include <hwcert/plugin_common/device_handles.hpp>
#include <hwcert/plugin_common/plugin_functions.hpp>

#include "cl_status.hpp"
#include "runtime.hpp"

namespace hwcert::plugin_api {
using namespace hwcert::opencl;

namespace {

/// Waits for `event` and reports a failed command as an error.
void wait_for(cl_event event) {
  check_cl(clWaitForEvents(1, &event), "clWaitForEvents");
  cl_int execution = CL_COMPLETE;
  check_cl(clGetEventInfo(event, CL_EVENT_COMMAND_EXECUTION_STATUS, sizeof(execution), &execution,
                          nullptr),
           "clGetEventInfo");
  if (execution < 0) check_cl(execution, "a command before the event");
}

cl_ulong end_timestamp(cl_event event) {
  cl_ulong ns = 0;
  check_cl(clGetEventProfilingInfo(event, CL_PROFILING_COMMAND_END, sizeof(ns), &ns, nullptr),
           "clGetEventProfilingInfo(CL_PROFILING_COMMAND_END)");
  return ns;
}

}  // namespace

HWC_Error* event_create(HWC_Device* device, HWC_Event** event) {
  return guarded("event_create", [&] {
    PluginState& s = state();
    *event =
        s.events.insert(plugin_common::new_device_handle<HWC_Event>(s, device, event, "event"));
  });
}

HWC_Error* event_destroy(HWC_Event* event) {
  return guarded("event_destroy", [&] { state().take_event(event); });
}

HWC_Error* event_record(HWC_Event* event, HWC_Stream* stream) {
  return guarded("event_record", [&] {
    auto [e, q] = plugin_common::checked_event_record(state(), event, stream);
    cl_event marker = nullptr;
    check_cl(clEnqueueMarkerWithWaitList(q.queue, 0, nullptr, &marker),
             "clEnqueueMarkerWithWaitList");
    if (e.event != nullptr) clReleaseEvent(e.event);
    e.event = marker;
    check_cl(clFlush(q.queue), "clFlush");
  });
}

HWC_Error* event_synchronize(HWC_Event* event) {
  return guarded("event_synchronize", [&] {
    HWC_Event& e = state().event(event);
    if (e.event != nullptr) wait_for(e.event);
  });
}

HWC_Error* event_elapsed_ns(HWC_Event* start, HWC_Event* end, uint64_t* elapsed_ns) {
  return guarded("event_elapsed_ns", [&] {
    auto [a, b] = plugin_common::checked_elapsed_events(
        state(), start, end, elapsed_ns, [](const HWC_Event& e) { return e.event != nullptr; });
    wait_for(a.event);
    wait_for(b.event);
    const cl_ulong t0 = end_timestamp(a.event);
    const cl_ulong t1 = end_timestamp(b.event);
    if (t1 < t0) fail_invalid("end event precedes start event");
    *elapsed_ns = t1 - t0;
  });
}

}  // namespace hwcert::plugin_api
