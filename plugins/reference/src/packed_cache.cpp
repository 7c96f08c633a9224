#include "packed_cache.hpp"

#include <algorithm>

namespace hwcert::reference {

std::shared_ptr<const void> PackedCache::find(const std::string& key, uint64_t generation) const {
  std::lock_guard lock(mutex_);
  for (const Entry& entry : entries_) {
    if (entry.key == key && entry.generation == generation) return entry.value;
  }
  return nullptr;
}

void PackedCache::keep(const std::string& key, uint64_t generation,
                       std::shared_ptr<const void> value) {
  std::lock_guard lock(mutex_);
  std::erase_if(entries_, [&](const Entry& entry) { return entry.key == key; });
  if (entries_.size() >= kCapacity) entries_.erase(entries_.begin());
  entries_.push_back({key, generation, std::move(value)});
}

std::size_t PackedCache::size() const {
  std::lock_guard lock(mutex_);
  return entries_.size();
}

}  // namespace hwcert::reference
