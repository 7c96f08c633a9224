// Scratch memory that stays between launches: ops take blocks (im2col columns, packed
// panels, dense copies of inputs) and give them back when done, and the arena keeps them for
// the next launch instead of returning them to the operating system, so a network's layers
// do not fault the same pages in again on every launch. Thread-safe: concurrent streams and
// pool tasks take blocks of their own. Blocks are not cleared.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <mutex>
#include <vector>

namespace hwcert::reference {

class ScratchArena {
  struct FreeBytes {
    void operator()(std::byte* p) const;
  };
  using Block = std::unique_ptr<std::byte, FreeBytes>;

 public:
  static constexpr std::size_t kAlignment = 64;

  // Keeps at most `retain_bytes` of free blocks; a block given back beyond that is freed.
  explicit ScratchArena(uint64_t retain_bytes) : retain_bytes_(retain_bytes) {}
  ScratchArena(const ScratchArena&) = delete;
  ScratchArena& operator=(const ScratchArena&) = delete;

  // A block of at least `bytes`, given back to the arena when the lease ends.
  class Lease {
   public:
    Lease() = default;
    Lease(Lease&& other) noexcept = default;
    Lease& operator=(Lease&& other) noexcept;
    ~Lease();
    std::byte* data() const { return block_.get(); }

   private:
    friend class ScratchArena;
    Lease(ScratchArena* owner, Block block, std::size_t capacity)
        : owner_(owner), block_(std::move(block)), capacity_(capacity) {}
    void give_back();
    ScratchArena* owner_ = nullptr;
    Block block_;
    std::size_t capacity_ = 0;
  };

  // Reuses the smallest kept block that is large enough, else allocates (std::bad_alloc).
  Lease take(std::size_t bytes);
  // Bytes of the blocks kept for reuse now (not counting leased ones).
  uint64_t kept_bytes() const;

 private:
  struct Kept {
    Block block;
    std::size_t capacity;
  };
  void give_back(Block block, std::size_t capacity);

  const uint64_t retain_bytes_;
  mutable std::mutex mutex_;
  std::vector<Kept> kept_;
  uint64_t kept_total_ = 0;
};

// `count` elements of T in a block of `arena` (uninitialised), the block going back with it.
template <class T>
class ScratchArray {
 public:
  ScratchArray(ScratchArena& arena, std::size_t count)
      : lease_(arena.take(count * sizeof(T))), count_(count) {}
  T* data() const { return reinterpret_cast<T*>(lease_.data()); }
  std::size_t size() const { return count_; }
  T& operator[](std::size_t i) const { return data()[i]; }

 private:
  ScratchArena::Lease lease_;
  std::size_t count_;
};

}  // namespace hwcert::reference
