// The memory plan: tensors share bytes only when their lifetimes do not overlap; the arena
// is never below the live-bytes bound and reuse beats the no-reuse total on a chain.
#include <gtest/gtest.h>

#include "hwcert/model/memory_plan.hpp"

namespace hwcert::model {
namespace {

bool ranges_overlap(uint64_t a, uint64_t a_size, uint64_t b, uint64_t b_size) {
  return a < b + b_size && b < a + a_size;
}

TEST(MemoryPlan, ChainReusesTwoBuffers) {
  // A chain: tensor i is written by node i and read by node i + 1.
  std::vector<Lifetime> chain;
  for (int i = 0; i < 6; ++i) chain.push_back({1024, i, i + 1});
  const MemoryPlan plan = plan_memory(chain);
  EXPECT_EQ(plan.arena_bytes, 2048u);
  EXPECT_EQ(plan.no_reuse_bytes, 6u * 1024);
  EXPECT_EQ(live_bytes_lower_bound(chain), 2048u);
}

TEST(MemoryPlan, LiveTensorsNeverShareBytes) {
  const std::vector<Lifetime> tensors = {{1000, 0, 5}, {300, 1, 2},  {5000, 2, 3},
                                         {700, 3, 6},  {4000, 4, 6}, {256, 0, 0}};
  const MemoryPlan plan = plan_memory(tensors);
  for (std::size_t i = 0; i < tensors.size(); ++i) {
    EXPECT_EQ(plan.offsets[i] % kArenaAlignment, 0u);
    EXPECT_LE(plan.offsets[i] + tensors[i].bytes, plan.arena_bytes);
    for (std::size_t j = i + 1; j < tensors.size(); ++j) {
      const bool alive_together =
          tensors[i].first <= tensors[j].last && tensors[j].first <= tensors[i].last;
      if (alive_together) {
        EXPECT_FALSE(
            ranges_overlap(plan.offsets[i], tensors[i].bytes, plan.offsets[j], tensors[j].bytes))
            << i << " and " << j;
      }
    }
  }
  EXPECT_GE(plan.arena_bytes, live_bytes_lower_bound(tensors));
  EXPECT_LT(plan.arena_bytes, plan.no_reuse_bytes);
}

TEST(MemoryPlan, BranchKeepsTheSharedInputAlive) {
  // t0 is read by nodes 1 and 3: it cannot share with t1 or t2 (alive at 1..3).
  const std::vector<Lifetime> tensors = {{512, 0, 3}, {512, 1, 2}, {512, 2, 3}};
  const MemoryPlan plan = plan_memory(tensors);
  EXPECT_EQ(plan.arena_bytes, 3u * 512);
  EXPECT_EQ(live_bytes_lower_bound(tensors), 3u * 512);
}

TEST(MemoryPlan, Empty) {
  const MemoryPlan plan = plan_memory({});
  EXPECT_EQ(plan.arena_bytes, 0u);
  EXPECT_EQ(plan.no_reuse_bytes, 0u);
}

}  // namespace
}  // namespace hwcert::model
