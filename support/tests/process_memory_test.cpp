// Resident-memory measurement.
#include "hwcert/support/process_memory.hpp"

#include <gtest/gtest.h>

#include <cstdlib>

namespace hwcert::support {
namespace {

constexpr int64_t kMiB = int64_t{1} << 20;
// The smallest growth the conformance runner reports for one case (kCaseGrowthLimit in
// conformance/runner/include/hwcert/runner/memory_growth.hpp).
constexpr int64_t kCaseGrowthLimit = 16 * kMiB;

TEST(ResidentMemory, SeesTouchedMemoryComeAndGo) {
  release_cached_memory();
  const auto before = resident_bytes();
  ASSERT_TRUE(before.has_value());
  constexpr std::size_t kBlock = std::size_t{64} << 20;
  auto* block = static_cast<volatile unsigned char*>(std::malloc(kBlock));
  ASSERT_NE(block, nullptr);
  for (std::size_t i = 0; i < kBlock; i += 4096) block[i] = static_cast<unsigned char>(i);
  const auto during = resident_bytes();
  std::free(const_cast<unsigned char*>(block));
  release_cached_memory();
  const auto after = resident_bytes();
  ASSERT_TRUE(during.has_value() && after.has_value());
  EXPECT_GE(*during - *before, 60 * kMiB);
  // Freed and trimmed, the block must not look like growth over the per-case limit (allowance
  // for a sanitizer's shadow of the block, 8 MiB under ASan).
  EXPECT_LT(*after - *before, kCaseGrowthLimit) << "freed memory still counted as resident";
}

}  // namespace
}  // namespace hwcert::support
