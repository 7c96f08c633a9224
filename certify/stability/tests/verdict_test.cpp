// The stability verdict from a hand-made time series: each rule fails on its own, and
// stability.json reads back as it was written.
#include <gtest/gtest.h>

#include "hwcert/results/stability_record.hpp"
#include "hwcert/stability/run.hpp"

namespace hwcert::stability {
namespace {

using results::StabilityRun;
using results::StabilitySample;

// Eight intervals at `rate` launches/s with 100 MiB resident, one check each.
StabilityRun steady_run(double rate) {
  StabilityRun run;
  run.plugin = "toy";
  for (int i = 0; i < 8; ++i) {
    StabilitySample s;
    s.t_s = i + 1;
    s.interval_s = 1;
    s.launches = static_cast<uint64_t>(rate);
    s.launches_per_s = rate;
    s.checks = 1;
    s.host_resident_bytes = uint64_t{100} << 20;
    run.samples.push_back(s);
    run.totals.launches += s.launches;
    run.totals.checks += 1;
  }
  return run;
}

TEST(StabilityVerdict, SteadyRunPasses) {
  StabilityRun run = steady_run(1000);
  judge(run, false);
  EXPECT_TRUE(run.passed);
  EXPECT_TRUE(run.failures.empty());
  ASSERT_TRUE(run.throughput_drift.has_value());
  EXPECT_DOUBLE_EQ(*run.throughput_drift, 0);
  EXPECT_DOUBLE_EQ(run.host_memory_growth_mib.value_or(-1), 0);
  EXPECT_FALSE(run.device_memory_growth_mib.has_value());
}

TEST(StabilityVerdict, OneWrongResultFails) {
  StabilityRun run = steady_run(1000);
  run.totals.wrong_results = 1;
  judge(run, false);
  EXPECT_FALSE(run.passed);
  ASSERT_EQ(run.failures.size(), 1u);
  EXPECT_NE(run.failures[0].find("1 wrong results"), std::string::npos);
}

TEST(StabilityVerdict, DriftIsLastQuarterAgainstFirst) {
  StabilityRun run = steady_run(1000);
  for (std::size_t i = 6; i < 8; ++i) run.samples[i].launches_per_s = 300;
  judge(run, false);
  ASSERT_TRUE(run.throughput_drift.has_value());
  EXPECT_NEAR(*run.throughput_drift, 0.7, 1e-12);
  EXPECT_FALSE(run.passed);
  run.bounds.max_throughput_drift = 0.8;
  judge(run, false);
  EXPECT_TRUE(run.passed);
}

TEST(StabilityVerdict, MemoryGrowthBeyondTheBoundFails) {
  StabilityRun run = steady_run(1000);
  run.bounds.max_memory_growth_mib = 64;
  run.samples.back().host_resident_bytes = uint64_t{200} << 20;
  judge(run, false);
  EXPECT_DOUBLE_EQ(run.host_memory_growth_mib.value_or(0), 100);
  EXPECT_FALSE(run.passed);
}

TEST(StabilityVerdict, DeviceMemoryOfACpuDeviceIsNotJudged) {
  StabilityRun run = steady_run(1000);
  run.bounds.max_memory_growth_mib = 64;
  run.samples.front().device_memory_used_bytes = 0;
  run.samples.back().device_memory_used_bytes = uint64_t{1} << 30;
  judge(run, true);
  EXPECT_TRUE(run.passed);
  EXPECT_DOUBLE_EQ(run.device_memory_growth_mib.value_or(0), 1024);
  judge(run, false);
  EXPECT_FALSE(run.passed);
}

TEST(StabilityVerdict, NoCheckFails) {
  StabilityRun run = steady_run(1000);
  run.totals.checks = 0;
  judge(run, false);
  EXPECT_FALSE(run.passed);
}

TEST(StabilityJson, RoundTrips) {
  StabilityRun run = steady_run(1000);
  run.samples[2].clock_mhz = 1410;
  run.samples[3].power_watts = 250.5;
  run.totals.device_losses = 1;
  judge(run, false);
  const nlohmann::json written = results::to_json(run);
  const StabilityRun back = results::stability_run_from_json(written);
  EXPECT_EQ(results::to_json(back), written);
  EXPECT_FALSE(back.passed);
  EXPECT_EQ(back.samples[2].clock_mhz, 1410);
  EXPECT_FALSE(back.samples[0].temperature_c.has_value());
}

TEST(StabilityJson, RejectsAnUnknownVerdict) {
  nlohmann::json written = results::to_json(steady_run(10));
  written["verdict"] = "maybe";
  EXPECT_THROW(results::stability_run_from_json(written), std::exception);
}

}  // namespace
}  // namespace hwcert::stability
