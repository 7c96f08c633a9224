// The live handles of one ABI handle type. A pointer is a valid handle exactly while it is
// registered here, so bogus, foreign and destroyed handles are recognised without ever being
// dereferenced. Thread-safe.
#pragma once

#include <cstddef>
#include <memory>
#include <mutex>
#include <string>
#include <unordered_map>

#include "hwcert/plugin_common/plugin_error.hpp"

namespace hwcert::plugin_common {

template <typename Handle>
class LiveHandles {
 public:
  /// Registers and owns `handle`; returns the pointer handed to the host.
  Handle* insert(std::unique_ptr<Handle> handle) {
    std::lock_guard lock(mutex_);
    Handle* key = handle.get();
    handles_[key] = std::move(handle);
    return key;
  }
  /// The handle, no longer registered; nullptr when it is not live.
  std::unique_ptr<Handle> remove(const Handle* handle) {
    std::lock_guard lock(mutex_);
    auto found = handles_.find(handle);
    if (found == handles_.end()) return nullptr;
    std::unique_ptr<Handle> owned = std::move(found->second);
    handles_.erase(found);
    return owned;
  }
  bool contains(const Handle* handle) const {
    std::lock_guard lock(mutex_);
    return handle != nullptr && handles_.count(handle) != 0;
  }
  /// The live handle; INVALID_ARGUMENT "not a live <type> handle" otherwise.
  Handle& get(const Handle* handle, const char* type) const {
    std::lock_guard lock(mutex_);
    auto found = handle == nullptr ? handles_.end() : handles_.find(handle);
    if (found == handles_.end()) fail_invalid(std::string("not a live ") + type + " handle");
    return *found->second;
  }
  size_t size() const {
    std::lock_guard lock(mutex_);
    return handles_.size();
  }
  /// Destroys every handle (in no particular order).
  void clear() {
    std::lock_guard lock(mutex_);
    handles_.clear();
  }

 private:
  mutable std::mutex mutex_;
  std::unordered_map<const Handle*, std::unique_ptr<Handle>> handles_;
};

}  // namespace hwcert::plugin_common
