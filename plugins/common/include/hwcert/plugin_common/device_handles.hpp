// Checks and answers of the device functions that plugins driving a list of devices share
// (device_count, device_open), and the handle checks of stream and event creation, events,
// copies, fill and op buffers for plugins whose handles name their device by a `runtime`
// member (OpenCL, CUDA).
#pragma once

#include <hwcert/hwcert_plugin.h>

#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <span>
#include <string>
#include <tuple>
#include <type_traits>
#include <utility>
#include <vector>

#include "hwcert/plugin_common/buffer_checks.hpp"
#include "hwcert/plugin_common/plugin_error.hpp"

namespace hwcert::plugin_common {

/// buffer_alloc's argument checks: `buffer` given, `size_bytes` not 0 (INVALID_ARGUMENT).
void check_alloc_arguments(const void* buffer, uint64_t size_bytes);

/// device_count: INVALID_ARGUMENT for a NULL `count`, else `*count = devices`.
void answer_device_count(uint32_t* count, std::size_t devices);

/// device_count of a plugin whose state lists its devices: answer_device_count with the
/// size of `state().devices()` (INVALID_ARGUMENT when `state()` throws: no state).
template <class StateOf>
HWC_Error* answer_device_count_of(StateOf state, uint32_t* count) noexcept {
  return guarded("device_count", [&] { answer_device_count(count, state().devices().size()); });
}

/// device_open's argument checks: `device` given, and OUT_OF_RANGE unless `index` names one
/// of `devices` devices; `why_none` (when not empty) says why there are none.
void check_device_index(const void* device, uint32_t index, std::size_t devices,
                        const std::string& why_none = {});

/// A new Handle (stream, event) on the device of `device`, its `runtime` set, for a function
/// that creates it into `created` (INVALID_ARGUMENT when that is NULL; `what` names it).
template <class Handle, class State, class DeviceHandle>
std::unique_ptr<Handle> new_device_handle(State& s, DeviceHandle* device, const void* created,
                                          const char* what) {
  auto& runtime = *s.device(device).runtime;
  if (created == nullptr) fail_invalid(std::string(what) + " is NULL");
  auto handle = std::make_unique<Handle>();
  handle->runtime = &runtime;
  return handle;
}

/// stream_create and event_create: a new Handle on the device of `device` (the checks of
/// new_device_handle), `init(handle, runtime)` creates the device's object for it, then the
/// registry `handles` of the state (a member pointer: &State::streams) owns it and *created
/// names it. Nothing is registered when `init` throws.
template <class Handle, class State, class Registry, class Owner, class DeviceHandle, class Init>
void create_device_handle(State& s, Registry Owner::*handles, DeviceHandle* device,
                          Handle** created, const char* what, Init init) {
  auto owned = new_device_handle<Handle>(s, device, created, what);
  init(*owned, *owned->runtime);
  *created = (s.*handles).insert(std::move(owned));
}

/// event_record's handles (event, stream), checked: both on one device.
template <class State, class EventHandle, class StreamHandle>
auto checked_event_record(State& s, EventHandle* event, StreamHandle* stream) {
  auto& e = s.event(event);
  auto& q = s.stream(stream);
  if (e.runtime != q.runtime) fail_invalid("the event and the stream live on different devices");
  return std::tie(e, q);
}

/// event_elapsed_ns's handles (start, end), checked: `elapsed_ns` given, both events
/// recorded (`recorded`: a predicate or a bool member of the event), both on one device.
template <class State, class EventHandle, class Recorded>
auto checked_elapsed_events(State& s, EventHandle* start, EventHandle* end,
                            const uint64_t* elapsed_ns, Recorded recorded) {
  auto& a = s.event(start);
  auto& b = s.event(end);
  if (elapsed_ns == nullptr) fail_invalid("elapsed_ns is NULL");
  if (!std::invoke(recorded, a) || !std::invoke(recorded, b))
    fail_invalid("an event was never recorded");
  if (a.runtime != b.runtime) fail_invalid("the events live on different devices");
  return std::tie(a, b);
}

/// op_launch's buffer counts: INVALID_ARGUMENT unless they match the descriptor's tensors.
void check_buffer_counts(const HWC_OpDesc& op, uint32_t num_inputs, uint32_t num_outputs);

/// INVALID_ARGUMENT unless `buffer` lives on the device of `stream`; `what` names the buffer.
template <class Stream, class Buffer>
void check_on_stream_device(const Stream& stream, const Buffer& buffer, const std::string& what) {
  if (stream.runtime != buffer.runtime)
    fail_invalid(what + " lives on another device than the stream");
}

/// copy_h2d's and copy_d2h's handles (stream, device buffer), checked: the buffer on the
/// stream's device, the host pointer given, the range inside the buffer. The buffer is the
/// destination when `to_device`, else the source.
template <class State, class StreamHandle, class BufferHandle>
auto checked_host_copy(State& s, StreamHandle* stream, BufferHandle* buffer, uint64_t offset,
                       const void* host, uint64_t size, bool to_device) {
  auto& q = s.stream(stream);
  auto& b = s.buffer(buffer);
  const char* side = to_device ? "dst" : "src";
  check_on_stream_device(q, b, std::string(side) + " buffer");
  check_host_pointer(host, size, to_device ? "src" : "dst");
  check_range(b.size, offset, size, side);
  return std::tie(q, b);
}

/// copy_d2d's handles (stream, dst, src), checked: the stream on one of the buffers' devices,
/// both ranges inside their buffers, no overlap within one buffer.
template <class State, class StreamHandle, class BufferHandle>
auto checked_copy_d2d(State& s, StreamHandle* stream, BufferHandle* dst, uint64_t dst_offset,
                      BufferHandle* src, uint64_t src_offset, uint64_t size) {
  auto& q = s.stream(stream);
  auto& d = s.buffer(dst);
  auto& b = s.buffer(src);
  if (q.runtime != d.runtime && q.runtime != b.runtime)
    fail_invalid("the stream lives on neither buffer's device");
  check_range(d.size, dst_offset, size, "dst");
  check_range(b.size, src_offset, size, "src");
  if (&d == &b) check_no_overlap(dst_offset, src_offset, size);
  return std::tie(q, d, b);
}

/// fill's handles, checked: dst on the stream's device, a well-formed pattern (see
/// checked_fill_pattern, whose pattern bits come back last), the range inside dst.
template <class State, class StreamHandle, class BufferHandle>
auto checked_fill(State& s, StreamHandle* stream, BufferHandle* dst, uint64_t offset, uint64_t size,
                  const void* pattern, uint32_t pattern_size) {
  auto& q = s.stream(stream);
  auto& d = s.buffer(dst);
  check_on_stream_device(q, d, "dst buffer");
  const uint64_t bits = checked_fill_pattern(pattern, pattern_size, size);
  check_range(d.size, offset, size, "fill");
  return std::tuple<decltype(q), decltype(d), uint64_t>(q, d, bits);
}

/// op_launch's buffers for the tensors `views` (`what`: "input", "output"), checked: the
/// array given when there are tensors, each buffer live, on the stream's device and large
/// enough for its view (OUT_OF_RANGE). The buffers, in the order of `views`.
template <class State, class StreamHandle, class BufferHandle>
auto checked_op_buffers(const State& s, const StreamHandle& q, BufferHandle* const* buffers,
                        std::span<const HWC_TensorDesc* const> views, const char* what) {
  if (!views.empty() && buffers == nullptr) fail_invalid(std::string(what) + " array is NULL");
  std::vector<const BufferHandle*> checked;
  for (std::size_t i = 0; i < views.size(); ++i) {
    const std::string name = std::string(what) + " " + std::to_string(i);
    const BufferHandle& b = s.buffer(buffers[i]);
    check_on_stream_device(q, b, name);
    const uint64_t need = required_bytes(*views[i]);
    if (need > b.size)
      fail_out_of_range(name + ": the view reaches byte " + std::to_string(need) +
                        " of a buffer of " + std::to_string(b.size) + " bytes");
    checked.push_back(&b);
  }
  return checked;
}

/// What op_launch works on once its arguments are checked: the stream, the op's plan for the
/// stream's device, and the input and output buffers in the descriptor's order.
template <class StreamHandle, class Plan, class BufferHandle>
struct CheckedLaunch {
  StreamHandle& stream;
  Plan plan;
  std::vector<const BufferHandle*> inputs;
  std::vector<const BufferHandle*> outputs;
};

/// op_launch's checks, in this order: the stream live; the op planned for the stream's device
/// by `plan_for(runtime)`, which throws for a malformed or unsupported op; the buffer counts
/// (check_buffer_counts); the input and output buffers (checked_op_buffers). The workspace is
/// the plugin's to check: only it knows how much its plan needs.
template <class State, class StreamHandle, class BufferHandle, class PlanFor>
auto checked_launch(const State& s, StreamHandle* stream, const HWC_OpDesc* op,
                    BufferHandle* const* inputs, uint32_t num_inputs, BufferHandle* const* outputs,
                    uint32_t num_outputs, PlanFor plan_for) {
  auto& q = s.stream(stream);
  auto plan = plan_for(*q.runtime);
  check_buffer_counts(*op, num_inputs, num_outputs);
  auto in = checked_op_buffers(s, q, inputs, std::span(op->inputs, op->num_inputs), "input");
  auto out = checked_op_buffers(s, q, outputs, std::span(op->outputs, op->num_outputs), "output");
  return CheckedLaunch<std::remove_reference_t<decltype(q)>, decltype(plan), BufferHandle>{
      q, std::move(plan), std::move(in), std::move(out)};
}

}  // namespace hwcert::plugin_common
