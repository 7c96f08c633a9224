// The device's conditions read around each repetition of a perf case, where the plugin
// reports them (HWC_DEVICE_INFO_CURRENT_CLOCK_MHZ, HWC_DEVICE_INFO_POWER_WATTS): repetitions
// taken under throttling are flagged and left out of the statistics, and board power gives
// the energy of one launch.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <vector>

#include "hwcert/loader/plugin.hpp"
#include "hwcert/perfsuite/results.hpp"

namespace hwcert::perf {

struct DeviceReading {
  std::optional<double> clock_mhz;  // core clock now
  std::optional<double> power_w;    // board power now
};

// The device's core clock now, where the plugin reports it.
std::optional<uint32_t> current_clock(const Device& device);
// The device's clock and power now, where the plugin reports them.
DeviceReading read_conditions(const Device& device);

// Read just before and just after one repetition's launches.
struct RepetitionReadings {
  DeviceReading before;
  DeviceReading after;
};

// The lower of the two clocks read around a repetition; nullopt when neither was reported.
std::optional<double> repetition_clock(const RepetitionReadings& readings);
// The mean of the power readings around a repetition; nullopt when neither was reported.
std::optional<double> repetition_power(const RepetitionReadings& readings);

// A repetition is throttled when its clock is below `fraction` of `reference_mhz` (the
// highest clock seen in the run so far). One entry per repetition; false without a clock.
std::vector<bool> throttled_repetitions(std::span<const RepetitionReadings> readings,
                                        double reference_mhz, double fraction);

struct RepetitionRecord {
  std::vector<RepetitionReadings> readings;  // one per repetition in record.samples_ns
  std::vector<double> launch_ns;             // every launch sample, repetitions in order
  int64_t windows_per_repetition = 1;        // launch samples per repetition
};

// Sets record's clock and energy fields from `repetitions`, and leaves the throttled
// repetitions out of samples_ns, host_wall_samples_ns and the returned launch samples
// (kept when every repetition is throttled: then nothing is left to judge them by).
// Without clocks the throttling fields are null; without power, the energy fields.
std::vector<double> apply_conditions(PerfRecord& record, const RepetitionRecord& repetitions,
                                     double reference_mhz, double fraction);

// Energy of one launch (J) from per-repetition power and the time per launch: the median
// over repetitions of power x time; nullopt unless every repetition has a power reading.
std::optional<double> energy_per_launch_j(std::span<const double> samples_ns,
                                          std::span<const std::optional<double>> power_w);

}  // namespace hwcert::perf
