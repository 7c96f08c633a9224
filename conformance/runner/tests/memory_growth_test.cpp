// The per-op "memory growth" decision.
#include "hwcert/runner/memory_growth.hpp"

#include <gtest/gtest.h>

#include <cstdlib>
#include <cstring>
#include <vector>

namespace hwcert::runner {
namespace {

constexpr int64_t kMiB = int64_t{1} << 20;

CaseMemory measured(const std::string& op, int index, int64_t growth, bool first = false) {
  return CaseMemory{op + ".case" + std::to_string(index), op, growth, first};
}

TEST(MemoryGrowth, OneCaseOverTheCaseLimitIsReported) {
  const std::vector<CaseMemory> cases = {measured("add", 0, 0, true), measured("add", 1, 0),
                                         measured("add", 2, kCaseGrowthLimit + kMiB),
                                         measured("sub", 0, 0, true), measured("sub", 1, kMiB)};
  const auto warnings = memory_growth_warnings(cases);
  ASSERT_EQ(warnings.size(), 1u);
  EXPECT_EQ(warnings[0].rfind("memory growth: op add: resident memory grew by 17.0 MiB over 2 "
                              "case(s) after its first (largest 17.0 MiB in add.case2)",
                              0),
            0u)
      << warnings[0];
}

TEST(MemoryGrowth, TheFirstCaseOfAnOpInAWorkerDoesNotCount) {
  // One-time growth (kernels, libraries) in the first case of each op of each worker.
  const std::vector<CaseMemory> cases = {
      measured("matmul", 0, 300 * kMiB, true), measured("matmul", 1, kMiB),
      measured("matmul", 2, 200 * kMiB, true),  // a fresh worker after a crash
      measured("conv2d", 0, 100 * kMiB, true)};
  EXPECT_TRUE(memory_growth_warnings(cases).empty());
}

TEST(MemoryGrowth, SteadySmallGrowthOverTheOpLimitIsReported) {
  std::vector<CaseMemory> steady = {measured("exp", 0, 0, true)};
  for (int i = 1; i <= 5; ++i) steady.push_back(measured("exp", i, 14 * kMiB));  // 70 MiB
  std::vector<CaseMemory> below = {measured("log", 0, 0, true)};
  for (int i = 1; i <= 4; ++i) below.push_back(measured("log", i, 15 * kMiB));  // 60 MiB
  std::vector<CaseMemory> all = steady;
  all.insert(all.end(), below.begin(), below.end());
  const auto warnings = memory_growth_warnings(all);
  ASSERT_EQ(warnings.size(), 1u);
  EXPECT_NE(warnings[0].find("op exp: resident memory grew by 70.0 MiB over 5 case(s)"),
            std::string::npos)
      << warnings[0];
}

TEST(MemoryGrowth, MemoryGivenBackNetsOut) {
  const std::vector<CaseMemory> cases = {
      measured("add", 0, 0, true), measured("add", 1, 40 * kMiB / 4),
      measured("add", 2, -10 * kMiB), measured("add", 3, 10 * kMiB)};
  EXPECT_TRUE(memory_growth_warnings(cases).empty());
}

TEST(MemoryGrowth, WarningsFollowTheOrderOpsFirstAppear) {
  const std::vector<CaseMemory> cases = {measured("zeta", 1, 20 * kMiB),
                                         measured("alpha", 1, 20 * kMiB)};
  const auto warnings = memory_growth_warnings(cases);
  ASSERT_EQ(warnings.size(), 2u);
  EXPECT_NE(warnings[0].find("op zeta:"), std::string::npos);
  EXPECT_NE(warnings[1].find("op alpha:"), std::string::npos);
}

TEST(MemoryGrowth, JsonRoundTripAndMalformedRecords) {
  const CaseMemory memory = measured("add", 3, -4096, true);
  const auto back = case_memory_from_json(to_json(memory), memory.case_id, memory.op);
  ASSERT_TRUE(back.has_value());
  EXPECT_EQ(back->rss_growth_bytes, -4096);
  EXPECT_TRUE(back->first_of_op_in_worker);
  EXPECT_FALSE(case_memory_from_json(nullptr, "c", "add").has_value());
  EXPECT_FALSE(case_memory_from_json({{"rss_growth_bytes", "1"}, {"first_of_op_in_worker", true}},
                                     "c", "add")
                   .has_value());
  EXPECT_FALSE(case_memory_from_json({{"rss_growth_bytes", 1}}, "c", "add").has_value());
}

}  // namespace
}  // namespace hwcert::runner
