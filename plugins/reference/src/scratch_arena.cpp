#include "scratch_arena.hpp"

#include <algorithm>
#include <new>

namespace hwcert::reference {

void ScratchArena::FreeBytes::operator()(std::byte* p) const {
  ::operator delete (p, std::align_val_t{kAlignment});
}

ScratchArena::Lease& ScratchArena::Lease::operator=(Lease&& other) noexcept {
  if (this != &other) {
    give_back();
    owner_ = other.owner_;
    block_ = std::move(other.block_);
    capacity_ = other.capacity_;
    other.owner_ = nullptr;
  }
  return *this;
}

ScratchArena::Lease::~Lease() {
  give_back();
}

void ScratchArena::Lease::give_back() {
  if (owner_ != nullptr && block_) owner_->give_back(std::move(block_), capacity_);
  owner_ = nullptr;
}

ScratchArena::Lease ScratchArena::take(std::size_t bytes) {
  const std::size_t wanted = std::max<std::size_t>(bytes, 1);
  {
    std::lock_guard lock(mutex_);
    auto best = kept_.end();
    for (auto it = kept_.begin(); it != kept_.end(); ++it) {
      if (it->capacity >= wanted && (best == kept_.end() || it->capacity < best->capacity))
        best = it;
    }
    if (best != kept_.end()) {
      Kept found = std::move(*best);
      kept_.erase(best);
      kept_total_ -= found.capacity;
      return Lease(this, std::move(found.block), found.capacity);
    }
  }
  // Round up so that slightly different sizes of the next launches reuse the block.
  const std::size_t capacity = (wanted + 4095) / 4096 * 4096;
  Block block(static_cast<std::byte*>(::operator new (capacity, std::align_val_t{kAlignment})));
  return Lease(this, std::move(block), capacity);
}

void ScratchArena::give_back(Block block, std::size_t capacity) {
  std::lock_guard lock(mutex_);
  // Make room by dropping the smallest kept blocks; a block larger than the limit goes.
  std::sort(kept_.begin(), kept_.end(),
            [](const Kept& a, const Kept& b) { return a.capacity > b.capacity; });
  while (!kept_.empty() && kept_total_ + capacity > retain_bytes_) {
    kept_total_ -= kept_.back().capacity;
    kept_.pop_back();
  }
  if (kept_total_ + capacity > retain_bytes_) return;  // `block` is freed here
  kept_total_ += capacity;
  kept_.push_back({std::move(block), capacity});
}

uint64_t ScratchArena::kept_bytes() const {
  std::lock_guard lock(mutex_);
  return kept_total_;
}

}  // namespace hwcert::reference
