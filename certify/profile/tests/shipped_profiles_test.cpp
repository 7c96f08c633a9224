// Every shipped profile loads, is consistent with the op catalogue, and carries the figures
// TARGETS.md gives for it.
#include <gtest/gtest.h>

#include <algorithm>
#include <set>
#include <string>

#include "hwcert/catalogue/op_schema.hpp"
#include "hwcert/profile/load_profile.hpp"

namespace hwcert::profile {
namespace {

TargetProfile load_shipped(const std::string& id) {
  auto result = load_profile(std::filesystem::path(HWCERT_TARGETS_DIR) / (id + ".toml"));
  EXPECT_TRUE(result.ok()) << result.error_text();
  return result.profile.value_or(TargetProfile{});
}

TEST(ShippedProfiles, EveryProfileLoadsWithoutErrors) {
  auto files = list_profiles(HWCERT_TARGETS_DIR);
  std::set<std::string> ids;
  for (const auto& file : files) {
    auto result = load_profile(file);
    EXPECT_TRUE(result.ok()) << result.error_text();
    if (result.ok()) ids.insert(result.profile->id);
  }
  for (const char* expected :
       {"a100", "h100", "ascend-910b", "ascend-310p", "mlu370", "mlu590", "cpu"}) {
    EXPECT_TRUE(ids.count(expected)) << "missing shipped profile " << expected;
  }
}

TEST(ShippedProfiles, FullLevelIncludesCoreAndRequiresOnlyNativeDtypes) {
  for (const auto& file : list_profiles(HWCERT_TARGETS_DIR)) {
    auto result = load_profile(file);
    ASSERT_TRUE(result.ok()) << result.error_text();
    const TargetProfile& p = *result.profile;
    const Level* core = p.find_level("core");
    const Level* full = p.find_level("full");
    ASSERT_NE(core, nullptr) << file;
    ASSERT_NE(full, nullptr) << file;
    EXPECT_GT(full->requirements.size(), core->requirements.size()) << file;
    for (const Requirement& r : core->requirements) {
      EXPECT_TRUE(std::binary_search(full->requirements.begin(), full->requirements.end(), r))
          << file << ": full lacks " << r.op << " " << r.dtype;
    }
    for (const Requirement& r : full->requirements) {
      EXPECT_TRUE(p.is_native(r.dtype)) << file << ": " << r.op << " " << r.dtype;
      EXPECT_TRUE(catalogue::op_accepts_dtype(r.op, parse_dtype(r.dtype).value_or(DType::kInvalid)))
          << file << ": " << r.op << " " << r.dtype;
    }
  }
}

TEST(ShippedProfiles, FiguresMatchTargetsTable) {
  auto a100 = load_shipped("a100");
  ASSERT_NE(a100.find_peak("f16"), nullptr);
  EXPECT_DOUBLE_EQ(a100.find_peak("f16")->tflops.value, 312.0);
  EXPECT_DOUBLE_EQ(a100.find_peak("f32", "tf32")->tflops.value, 156.0);
  EXPECT_DOUBLE_EQ(a100.memory.bandwidth_gbps->value, 2039.0);
  EXPECT_FALSE(a100.is_native("f8e4m3"));

  auto h100 = load_shipped("h100");
  EXPECT_DOUBLE_EQ(h100.find_peak("f8e4m3")->tflops.value, 1979.0);
  EXPECT_DOUBLE_EQ(h100.find_peak("f16")->tflops.value, 989.0);
  EXPECT_DOUBLE_EQ(*h100.reference_peak("copy", "f32"), 3350.0);

  auto b910 = load_shipped("ascend-910b");
  EXPECT_FALSE(b910.is_native("f64"));
  const Peak* f16 = b910.find_peak("f16");
  ASSERT_NE(f16, nullptr);
  EXPECT_TRUE(f16->tflops.disputed);
  EXPECT_EQ(f16->tflops.basis, FigureBasis::kDerived);
  EXPECT_TRUE(b910.memory.bandwidth_gbps->disputed);
  EXPECT_EQ(b910.find_peak("f32"), nullptr);  // no public f32 figure

  auto mlu370 = load_shipped("mlu370");
  const Peak* f32 = mlu370.find_peak("f32");
  ASSERT_NE(f32, nullptr);
  EXPECT_TRUE(f32->tflops.disputed);
  EXPECT_EQ(f32->tflops.alternatives, std::vector<double>{32.0});
  EXPECT_DOUBLE_EQ(*mlu370.reference_peak("matmul", "f16"), 96.0);
  EXPECT_DOUBLE_EQ(*mlu370.reference_peak("matmul", "f16", "strict", /*per_chip=*/true), 48.0);

  auto mlu590 = load_shipped("mlu590");
  EXPECT_TRUE(mlu590.peaks.empty());
  for (const PerfFloor& f : mlu590.floors) EXPECT_EQ(f.basis, FloorBasis::kRoofline);

  auto cpu = load_shipped("cpu");
  EXPECT_TRUE(cpu.peaks.empty());
  EXPECT_FALSE(cpu.floors.empty());
  for (const PerfFloor& f : cpu.floors) EXPECT_EQ(f.basis, FloorBasis::kRoofline);
}

TEST(ShippedProfiles, FloorsOnDisputedFiguresAreAdvisory) {
  for (const auto& file : list_profiles(HWCERT_TARGETS_DIR)) {
    auto result = load_profile(file);
    ASSERT_TRUE(result.ok()) << result.error_text();
    const TargetProfile& p = *result.profile;
    for (const PerfFloor& f : p.floors) {
      if (f.basis != FloorBasis::kPeak) continue;
      ASSERT_TRUE(p.reference_peak(f.op, f.dtype, f.math_mode)) << file << " " << f.op;
      const Peak* peak = p.find_peak(f.dtype, f.math_mode);
      bool disputed = catalogue::is_compute_bound(f.op) ? (peak && peak->tflops.disputed)
                                                        : p.memory.bandwidth_gbps->disputed;
      if (disputed) {
        EXPECT_TRUE(f.advisory) << file << " " << f.op << " " << f.dtype;
      }
    }
  }
}

}  // namespace
}  // namespace hwcert::profile
