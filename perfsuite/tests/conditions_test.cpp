#include "hwcert/perfsuite/conditions.hpp"

#include <gtest/gtest.h>

namespace hwcert::perf {
namespace {

RepetitionReadings at(double clock_before, double clock_after, double power = 0) {
  RepetitionReadings r{{clock_before, std::nullopt}, {clock_after, std::nullopt}};
  if (power > 0) r.before.power_w = r.after.power_w = power;
  return r;
}

TEST(Conditions, RepetitionClockIsTheLowerReadingAndPowerTheMean) {
  EXPECT_EQ(repetition_clock(at(1800, 1500)), 1500);
  RepetitionReadings one{{std::nullopt, 300.0}, {1700.0, 100.0}};
  EXPECT_EQ(repetition_clock(one), 1700);
  EXPECT_EQ(repetition_power(one), 200);
  EXPECT_FALSE(repetition_clock(RepetitionReadings{}).has_value());
  EXPECT_FALSE(repetition_power(RepetitionReadings{}).has_value());
}

TEST(Conditions, RepetitionsBelowTheFractionAreThrottled) {
  const std::vector<RepetitionReadings> readings = {at(1980, 1980), at(1980, 1700), at(1790, 1800),
                                                    RepetitionReadings{}};
  // 0.9 x 1980 = 1782: 1700 is below, 1790 is not; no clock is never throttled.
  EXPECT_EQ(throttled_repetitions(readings, 1980, 0.9),
            (std::vector<bool>{false, true, false, false}));
  EXPECT_EQ(throttled_repetitions(readings, 1980, 0.0),
            (std::vector<bool>{false, false, false, false}));
}

PerfRecord measured_record() {
  PerfRecord record;
  record.samples_ns = {100, 400, 110};
  record.host_wall_samples_ns = {120, 420, 130};
  record.flops = 2e6;
  record.bytes = 0;
  return record;
}

TEST(Conditions, ThrottledRepetitionsAreLeftOutWithTheirLaunchSamples) {
  PerfRecord record = measured_record();
  RepetitionRecord reps;
  reps.readings = {at(2000, 2000, 50), at(2000, 900, 50), at(1990, 2000, 50)};
  reps.launch_ns = {99, 101, 390, 410, 109, 111};  // two windows per repetition
  reps.windows_per_repetition = 2;
  const std::vector<double> launch_ns = apply_conditions(record, reps, 2000, 0.9);
  EXPECT_EQ(launch_ns, (std::vector<double>{99, 101, 109, 111}));
  EXPECT_EQ(record.samples_ns, (std::vector<double>{100, 110}));
  EXPECT_EQ(record.host_wall_samples_ns, (std::vector<double>{120, 130}));
  EXPECT_EQ(record.throttled_samples_ns, (std::vector<double>{400}));
  EXPECT_EQ(record.throttled_repetitions, 1);
  EXPECT_EQ(record.repetition_clock_mhz, (std::vector<double>{2000, 900, 1990}));
  // 50 W x 100 ns and 50 W x 110 ns: median 5.25e-6 J per launch; 2 MFLOP / that.
  ASSERT_TRUE(record.energy_per_launch_j.has_value());
  EXPECT_DOUBLE_EQ(*record.energy_per_launch_j, 50 * 105e-9);
  EXPECT_DOUBLE_EQ(*record.gflop_per_j, 2e6 * 1e-9 / (50 * 105e-9));
  EXPECT_FALSE(record.gb_per_j.has_value());  // no bytes counted
}

TEST(Conditions, EveryRepetitionThrottledKeepsThemAll) {
  PerfRecord record = measured_record();
  RepetitionRecord reps;
  reps.readings = {at(900, 900), at(900, 900), at(900, 900)};
  reps.launch_ns = {100, 400, 110};
  apply_conditions(record, reps, 2000, 0.9);
  EXPECT_EQ(record.throttled_repetitions, 3);
  EXPECT_EQ(record.samples_ns.size(), 3u);
  EXPECT_TRUE(record.throttled_samples_ns.empty());
}

TEST(Conditions, NoClockAndNoPowerLeaveTheFieldsNull) {
  PerfRecord record = measured_record();
  RepetitionRecord reps;
  reps.readings.resize(3);
  reps.launch_ns = {100, 400, 110};
  EXPECT_EQ(apply_conditions(record, reps, 0, 0.9), reps.launch_ns);
  EXPECT_FALSE(record.throttled_repetitions.has_value());
  EXPECT_FALSE(record.energy_per_launch_j.has_value());
  EXPECT_FALSE(record.gflop_per_j.has_value());
  EXPECT_TRUE(record.repetition_clock_mhz.empty());
  EXPECT_EQ(record.samples_ns.size(), 3u);
  // Power on some repetitions only: no energy figure.
  const std::vector<double> samples = {1, 2};
  const std::vector<std::optional<double>> power = {10.0, std::nullopt};
  EXPECT_FALSE(energy_per_launch_j(samples, power).has_value());
}

}  // namespace
}  // namespace hwcert::perf
