// Placing intermediate tensors in one device arena by liveness: two tensors share bytes only
// when their lifetimes (from the node that writes one to the last node that reads it) do not
// overlap. Greedy by size, lowest fitting offset first.
#pragma once

#include <cstdint>
#include <span>
#include <vector>

namespace hwcert::model {

struct Lifetime {
  uint64_t bytes = 0;
  int first = 0;  // index of the node that writes it
  int last = 0;   // index of the last node that reads it (inclusive)
};

struct MemoryPlan {
  std::vector<uint64_t> offsets;  // per lifetime, aligned
  uint64_t arena_bytes = 0;       // bytes the arena needs (the peak of the plan)
  uint64_t no_reuse_bytes = 0;    // every tensor in bytes of its own (aligned)
};

inline constexpr uint64_t kArenaAlignment = 256;

MemoryPlan plan_memory(std::span<const Lifetime> lifetimes, uint64_t alignment = kArenaAlignment);

// Largest sum of the (aligned) sizes of tensors alive at one node: no plan can need less.
uint64_t live_bytes_lower_bound(std::span<const Lifetime> lifetimes,
                                uint64_t alignment = kArenaAlignment);

}  // namespace hwcert::model
