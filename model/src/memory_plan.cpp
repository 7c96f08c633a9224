#include "hwcert/model/memory_plan.hpp"

#include <algorithm>
#include <numeric>

namespace hwcert::model {
namespace {

uint64_t align_up(uint64_t bytes, uint64_t alignment) {
  return (std::max<uint64_t>(bytes, 1) + alignment - 1) / alignment * alignment;
}

bool overlap(const Lifetime& a, const Lifetime& b) {
  return a.first <= b.last && b.first <= a.last;
}

}  // namespace

MemoryPlan plan_memory(std::span<const Lifetime> lifetimes, uint64_t alignment) {
  MemoryPlan plan;
  plan.offsets.assign(lifetimes.size(), 0);
  std::vector<std::size_t> order(lifetimes.size());
  std::iota(order.begin(), order.end(), 0);
  std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
    return lifetimes[a].bytes > lifetimes[b].bytes;
  });
  std::vector<std::size_t> placed;
  for (std::size_t i : order) {
    const uint64_t size = align_up(lifetimes[i].bytes, alignment);
    plan.no_reuse_bytes += size;
    // Byte ranges of placed tensors alive at the same time, by offset.
    std::vector<std::pair<uint64_t, uint64_t>> busy;
    for (std::size_t j : placed) {
      if (overlap(lifetimes[i], lifetimes[j])) {
        busy.emplace_back(plan.offsets[j],
                          plan.offsets[j] + align_up(lifetimes[j].bytes, alignment));
      }
    }
    std::sort(busy.begin(), busy.end());
    uint64_t offset = 0;
    for (const auto& [begin, end] : busy) {
      if (begin >= offset + size) break;
      offset = std::max(offset, end);
    }
    plan.offsets[i] = offset;
    plan.arena_bytes = std::max(plan.arena_bytes, offset + size);
    placed.push_back(i);
  }
  return plan;
}

uint64_t live_bytes_lower_bound(std::span<const Lifetime> lifetimes, uint64_t alignment) {
  int end = 0;
  for (const Lifetime& l : lifetimes) end = std::max(end, l.last);
  uint64_t peak = 0;
  for (int node = 0; node <= end; ++node) {
    uint64_t live = 0;
    for (const Lifetime& l : lifetimes) {
      if (l.first <= node && node <= l.last) live += align_up(l.bytes, alignment);
    }
    peak = std::max(peak, live);
  }
  return peak;
}

}  // namespace hwcert::model
