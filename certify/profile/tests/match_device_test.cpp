// Device names as the vendors' drivers report them, matched against the shipped profiles.
#include "hwcert/profile/match_device.hpp"

#include <gtest/gtest.h>

#include <vector>

#include "hwcert/profile/load_profile.hpp"

namespace hwcert::profile {
namespace {

std::vector<TargetProfile> shipped() {
  std::vector<TargetProfile> out;
  for (const auto& file : list_profiles(HWCERT_TARGETS_DIR)) {
    auto loaded = load_profile(file);
    EXPECT_TRUE(loaded.ok()) << loaded.error_text();
    if (loaded.ok()) out.push_back(*loaded.profile);
  }
  return out;
}

TEST(MatchDevice, ShippedProfilesCoverTheirDevices) {
  const auto profiles = shipped();
  const std::vector<std::pair<const char*, const char*>> cases = {
      {"NVIDIA H100 80GB HBM3", "h100"}, {"NVIDIA A100-SXM4-80GB", "a100"},
      {"Ascend910B3", "ascend-910b"},    {"Ascend 310P3", "ascend-310p"},
      {"MLU370-X8", "mlu370"},           {"cpu-haswell-AMD EPYC 7B13", "cpu"}};
  for (const auto& [name, id] : cases) {
    const DeviceMatch m = match_device(profiles, name);
    EXPECT_EQ(m.target, id) << name;
    EXPECT_FALSE(m.fallback) << name;
  }
}

TEST(MatchDevice, AnUnknownDeviceFallsBackToCpu) {
  const DeviceMatch m = match_device(shipped(), "AMD EPYC 7B13 64-Core Processor");
  EXPECT_EQ(m.target, "cpu");
  EXPECT_TRUE(m.fallback);
  EXPECT_EQ(m.pattern, "");
}

TEST(MatchDevice, TheLongestPatternWins) {
  TargetProfile general, specific;
  general.id = "gpu";
  general.device_patterns = {"H1"};
  specific.id = "h100";
  specific.device_patterns = {"H100"};
  const std::vector<TargetProfile> both = {general, specific};
  EXPECT_EQ(match_device(both, "NVIDIA H100 PCIe").target, "h100");
  const std::vector<TargetProfile> reversed = {specific, general};
  EXPECT_EQ(match_device(reversed, "NVIDIA H100 PCIe").target, "h100");
  EXPECT_EQ(match_device(both, "NVIDIA H10 PCIe").target, "gpu");  // only the general one
  EXPECT_EQ(match_device(both, "NVIDIA L4").target, "cpu");
}

}  // namespace
}  // namespace hwcert::profile
