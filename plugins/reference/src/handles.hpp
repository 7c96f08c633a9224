// The ABI's opaque handle types, completed for the reference plugin, and the registry that
// tells live handles from destroyed or bogus ones.
#pragma once

#include <atomic>
#include <condition_variable>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <mutex>
#include <string>
#include <unordered_map>
#include <vector>

#include "hwcert/hwcert_plugin.h"
#include "stream_worker.hpp"

namespace hwcref {

// Host memory standing in for device memory, aligned to 256 bytes. Shared by the buffer
// handle and by queued work that uses it, so freeing a buffer with work in flight is safe.
class BufferStorage {
 public:
  static constexpr std::size_t kAlignment = 256;
  explicit BufferStorage(uint64_t size);  // throws std::bad_alloc
  ~BufferStorage();
  BufferStorage(const BufferStorage&) = delete;
  BufferStorage& operator=(const BufferStorage&) = delete;
  std::byte* data() const { return data_; }
  uint64_t size() const { return size_; }

 private:
  std::byte* data_;
  uint64_t size_;
};

struct EventState {
  std::mutex mutex;
  std::condition_variable completed;
  uint64_t recorded_generation = 0;   // bumped by each event_record
  uint64_t completed_generation = 0;  // generation the stream has reached
  uint64_t timestamp_ns = 0;          // steady_clock time when it was reached
  uint32_t device_index = 0;
};

}  // namespace hwcref

struct HWC_Device {
  uint32_t index = 0;
  std::atomic<int64_t> children{0};  // buffers, streams and events created on this handle
};

struct HWC_Buffer {
  HWC_Device* device = nullptr;
  std::shared_ptr<hwcref::BufferStorage> storage;
};

struct HWC_Stream {
  HWC_Device* device = nullptr;
  std::unique_ptr<hwcref::StreamWorker> worker;
};

struct HWC_Event {
  HWC_Device* device = nullptr;
  std::shared_ptr<hwcref::EventState> state;
};

namespace hwcref {

enum class HandleKind { kDevice, kBuffer, kStream, kEvent };

template <class T>
constexpr HandleKind kind_of();
template <>
constexpr HandleKind kind_of<HWC_Device>() {
  return HandleKind::kDevice;
}
template <>
constexpr HandleKind kind_of<HWC_Buffer>() {
  return HandleKind::kBuffer;
}
template <>
constexpr HandleKind kind_of<HWC_Stream>() {
  return HandleKind::kStream;
}
template <>
constexpr HandleKind kind_of<HWC_Event>() {
  return HandleKind::kEvent;
}

const char* kind_name(HandleKind kind);

// Owns every live handle of a plugin instance.
class HandleRegistry {
 public:
  HandleRegistry() = default;
  ~HandleRegistry();  // destroys leftovers: streams first (drained), then the rest
  HandleRegistry(const HandleRegistry&) = delete;
  HandleRegistry& operator=(const HandleRegistry&) = delete;

  template <class T>
  T* adopt(std::unique_ptr<T> object) {
    T* raw = object.get();
    add(raw, kind_of<T>());
    object.release();
    return raw;
  }
  // The handle if it is live and of kind T; otherwise throws INVALID_ARGUMENT naming `role`.
  template <class T>
  T* get(T* handle, const char* role) const {
    check(handle, kind_of<T>(), role);
    return handle;
  }
  // Removes a live handle from the registry and gives back ownership.
  template <class T>
  std::unique_ptr<T> release(T* handle, const char* role) {
    remove(handle, kind_of<T>(), role);
    return std::unique_ptr<T>(handle);
  }
  std::size_t live_count() const;
  // Leftover handles by kind, e.g. "2 buffers, 1 stream"; empty when none.
  std::string describe_live() const;

 private:
  void add(const void* handle, HandleKind kind);
  void check(const void* handle, HandleKind kind, const char* role) const;
  void remove(const void* handle, HandleKind kind, const char* role);

  mutable std::mutex mutex_;
  std::unordered_map<const void*, HandleKind> live_;
};

}  // namespace hwcref
