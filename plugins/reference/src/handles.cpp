#include "handles.hpp"

#include <cstdlib>
#include <new>

#include "errors.hpp"

namespace hwcref {

BufferStorage::BufferStorage(uint64_t size) : data_(nullptr), size_(size) {
  const uint64_t rounded = (size + kAlignment - 1) / kAlignment * kAlignment;
  void* memory = std::aligned_alloc(kAlignment, static_cast<std::size_t>(rounded));
  if (memory == nullptr) throw std::bad_alloc();
  data_ = static_cast<std::byte*>(memory);
}

BufferStorage::~BufferStorage() {
  std::free(data_);
}

const char* kind_name(HandleKind kind) {
  switch (kind) {
    case HandleKind::kDevice:
      return "device";
    case HandleKind::kBuffer:
      return "buffer";
    case HandleKind::kStream:
      return "stream";
    case HandleKind::kEvent:
      return "event";
  }
  return "handle";
}

HandleRegistry::~HandleRegistry() {
  // Streams first: draining them may still touch buffers and events.
  for (HandleKind kind :
       {HandleKind::kStream, HandleKind::kEvent, HandleKind::kBuffer, HandleKind::kDevice}) {
    for (auto it = live_.begin(); it != live_.end();) {
      if (it->second != kind) {
        ++it;
        continue;
      }
      void* handle = const_cast<void*>(it->first);
      switch (kind) {
        case HandleKind::kStream:
          delete static_cast<HWC_Stream*>(handle);
          break;
        case HandleKind::kEvent:
          delete static_cast<HWC_Event*>(handle);
          break;
        case HandleKind::kBuffer:
          delete static_cast<HWC_Buffer*>(handle);
          break;
        case HandleKind::kDevice:
          delete static_cast<HWC_Device*>(handle);
          break;
      }
      it = live_.erase(it);
    }
  }
}

void HandleRegistry::add(const void* handle, HandleKind kind) {
  std::lock_guard lock(mutex_);
  live_.emplace(handle, kind);
}

void HandleRegistry::check(const void* handle, HandleKind kind, const char* role) const {
  if (handle == nullptr) invalid(std::string(role) + " is NULL");
  std::lock_guard lock(mutex_);
  const auto it = live_.find(handle);
  if (it == live_.end()) {
    invalid(std::string(role) + " is not a live " + kind_name(kind) +
            " handle (destroyed, or never created by this plugin)");
  }
  if (it->second != kind) {
    invalid(std::string(role) + " is a " + kind_name(it->second) + " handle, not a " +
            kind_name(kind));
  }
}

void HandleRegistry::remove(const void* handle, HandleKind kind, const char* role) {
  check(handle, kind, role);
  std::lock_guard lock(mutex_);
  live_.erase(handle);
}

std::size_t HandleRegistry::live_count() const {
  std::lock_guard lock(mutex_);
  return live_.size();
}

std::string HandleRegistry::describe_live() const {
  std::lock_guard lock(mutex_);
  std::size_t counts[4] = {0, 0, 0, 0};
  for (const auto& [handle, kind] : live_) ++counts[static_cast<int>(kind)];
  std::string text;
  for (int k = 0; k < 4; ++k) {
    if (counts[k] == 0) continue;
    if (!text.empty()) text += ", ";
    text += std::to_string(counts[k]) + " " + kind_name(static_cast<HandleKind>(k)) +
            (counts[k] == 1 ? "" : "s");
  }
  return text;
}

}  // namespace hwcref
