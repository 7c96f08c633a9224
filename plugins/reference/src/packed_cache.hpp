// What ops derive from a buffer's contents and keep while the contents stay (weights
// reordered and packed for the GEMM kernel), kept with the buffer: it goes when the buffer
// goes, and an entry made at an older generation of the buffer is never served (every write
// to a buffer, by a copy, a fill or an op, bumps its generation).
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

namespace hwcert::reference {

class PackedCache {
 public:
  // Entries kept per buffer (the least recently made goes first).
  static constexpr std::size_t kCapacity = 4;

  // The value kept under `key` if it was made at `generation`, else make()'s (kept).
  template <class V>
  std::shared_ptr<const V> find_or_make(const std::string& key, uint64_t generation,
                                        const std::function<std::shared_ptr<const V>()>& make) {
    if (std::shared_ptr<const void> found = find(key, generation))
      return std::static_pointer_cast<const V>(found);
    std::shared_ptr<const V> made = make();
    keep(key, generation, made);
    return made;
  }
  std::size_t size() const;

 private:
  struct Entry {
    std::string key;
    uint64_t generation;
    std::shared_ptr<const void> value;
  };
  std::shared_ptr<const void> find(const std::string& key, uint64_t generation) const;
  void keep(const std::string& key, uint64_t generation, std::shared_ptr<const void> value);

  mutable std::mutex mutex_;
  std::vector<Entry> entries_;  // oldest first
};

}  // namespace hwcert::reference
