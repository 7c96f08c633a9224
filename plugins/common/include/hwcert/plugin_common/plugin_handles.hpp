// The live handles of one plugin state: a registry per ABI handle type (live_handles.hpp).
// The plugin defines the four handle structs; they need to be complete only where the
// registries are used (the template is instantiated there).
#pragma once

#include <hwcert/hwcert_plugin.h>

#include <memory>
#include <string>

#include "hwcert/plugin_common/live_handles.hpp"
#include "hwcert/plugin_common/plugin_error.hpp"

namespace hwcert::plugin_common {

template <typename Device = HWC_Device, typename Buffer = HWC_Buffer, typename Stream = HWC_Stream,
          typename Event = HWC_Event>
class PluginHandles {
 public:
  PluginHandles() = default;
  PluginHandles(const PluginHandles&) = delete;
  PluginHandles& operator=(const PluginHandles&) = delete;
  ~PluginHandles() { clear(); }

  LiveHandles<Device> device_handles;
  LiveHandles<Buffer> buffers;
  LiveHandles<Stream> streams;
  LiveHandles<Event> events;

  /// Checked lookups: INVALID_ARGUMENT when the pointer is not a live handle of that type
  /// (naming the type it is a live handle of, when it is one).
  Device& device(const Device* handle) const { return live(device_handles, handle, "HWC_Device"); }
  Buffer& buffer(const Buffer* handle) const { return live(buffers, handle, "HWC_Buffer"); }
  Stream& stream(const Stream* handle) const { return live(streams, handle, "HWC_Stream"); }
  Event& event(const Event* handle) const { return live(events, handle, "HWC_Event"); }

  /// Unregisters a live handle and gives its ownership back (to destroy it); the same
  /// INVALID_ARGUMENT as the lookups when it is not live.
  std::unique_ptr<Device> take_device(const Device* handle) {
    return take(device_handles, handle, "HWC_Device");
  }
  std::unique_ptr<Buffer> take_buffer(const Buffer* handle) {
    return take(buffers, handle, "HWC_Buffer");
  }
  std::unique_ptr<Stream> take_stream(const Stream* handle) {
    return take(streams, handle, "HWC_Stream");
  }
  std::unique_ptr<Event> take_event(const Event* handle) {
    return take(events, handle, "HWC_Event");
  }

  /// The handles still live, by type ("2 buffers, 1 stream"); empty when none.
  std::string describe_live() const {
    std::string text;
    auto count = [&text](size_t n, const char* type) {
      if (n == 0) return;
      if (!text.empty()) text += ", ";
      text += std::to_string(n) + " " + type + (n == 1 ? "" : "s");
    };
    count(device_handles.size(), "device");
    count(buffers.size(), "buffer");
    count(streams.size(), "stream");
    count(events.size(), "event");
    return text;
  }

  /// Destroys every handle still live: streams first (they finish their work, which may use
  /// buffers and events), then events and buffers, then the devices they were created on.
  void clear() {
    streams.clear();
    events.clear();
    buffers.clear();
    device_handles.clear();
  }

 private:
  template <typename Handle>
  Handle& live(const LiveHandles<Handle>& registry, const Handle* handle, const char* type) const {
    if (handle == nullptr) fail_invalid(std::string(type) + " handle is NULL");
    if (registry.contains(handle)) return registry.get(handle, type);
    fail_invalid(std::string("not a live ") + type + " handle" + other_kind(handle));
  }
  template <typename Handle>
  std::unique_ptr<Handle> take(LiveHandles<Handle>& registry, const Handle* handle,
                               const char* type) {
    std::unique_ptr<Handle> owned = registry.remove(handle);
    if (!owned) live(registry, handle, type);  // throws: NULL, or not live
    return owned;
  }
  /// " (a live stream handle)" when `handle` is a live handle of another type; else "".
  std::string other_kind(const void* handle) const {
    if (device_handles.contains(static_cast<const Device*>(handle)))
      return " (a live device handle)";
    if (buffers.contains(static_cast<const Buffer*>(handle))) return " (a live buffer handle)";
    if (streams.contains(static_cast<const Stream*>(handle))) return " (a live stream handle)";
    if (events.contains(static_cast<const Event*>(handle))) return " (a live event handle)";
    return "";
  }
};

}  // namespace hwcert::plugin_common
