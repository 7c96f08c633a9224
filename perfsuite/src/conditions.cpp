#include "hwcert/perfsuite/conditions.hpp"

#include <algorithm>

#include "hwcert/perfsuite/statistics.hpp"

namespace hwcert::perf {

std::optional<uint32_t> current_clock(const Device& device) {
  auto clock = device.info_u32(HWC_DEVICE_INFO_CURRENT_CLOCK_MHZ);
  if (clock.ok() && *clock > 0) return *clock;
  return std::nullopt;
}

DeviceReading read_conditions(const Device& device) {
  DeviceReading reading;
  if (const auto clock = current_clock(device)) reading.clock_mhz = *clock;
  const auto power = device.info_f64(HWC_DEVICE_INFO_POWER_WATTS);
  if (power.ok() && *power > 0) reading.power_w = *power;
  return reading;
}
namespace {

// The repetitions of `values` (one per repetition) not flagged in `drop`.
std::vector<double> kept(const std::vector<double>& values, const std::vector<bool>& drop) {
  std::vector<double> out;
  for (std::size_t i = 0; i < values.size(); ++i) {
    if (i >= drop.size() || !drop[i]) out.push_back(values[i]);
  }
  return out;
}

// Energy per launch and work per joule from the kept repetitions' power.
void fill_energy(PerfRecord& record, const std::vector<std::optional<double>>& power) {
  record.energy_per_launch_j = energy_per_launch_j(record.samples_ns, power);
  if (!record.energy_per_launch_j || *record.energy_per_launch_j <= 0) return;
  const double joules = *record.energy_per_launch_j;
  if (record.flops > 0) record.gflop_per_j = record.flops * 1e-9 / joules;
  if (record.bytes > 0) record.gb_per_j = record.bytes * 1e-9 / joules;
}

}  // namespace

std::optional<double> repetition_clock(const RepetitionReadings& r) {
  if (r.before.clock_mhz && r.after.clock_mhz) {
    return std::min(*r.before.clock_mhz, *r.after.clock_mhz);
  }
  return r.before.clock_mhz ? r.before.clock_mhz : r.after.clock_mhz;
}

std::optional<double> repetition_power(const RepetitionReadings& r) {
  if (r.before.power_w && r.after.power_w) return 0.5 * (*r.before.power_w + *r.after.power_w);
  return r.before.power_w ? r.before.power_w : r.after.power_w;
}

std::vector<bool> throttled_repetitions(std::span<const RepetitionReadings> readings,
                                        double reference_mhz, double fraction) {
  std::vector<bool> throttled;
  for (const RepetitionReadings& r : readings) {
    const std::optional<double> clock = repetition_clock(r);
    throttled.push_back(clock && reference_mhz > 0 && *clock < fraction * reference_mhz);
  }
  return throttled;
}

std::optional<double> energy_per_launch_j(std::span<const double> samples_ns,
                                          std::span<const std::optional<double>> power_w) {
  if (samples_ns.empty() || samples_ns.size() != power_w.size()) return std::nullopt;
  std::vector<double> joules;
  for (std::size_t i = 0; i < samples_ns.size(); ++i) {
    if (!power_w[i]) return std::nullopt;
    joules.push_back(*power_w[i] * samples_ns[i] * 1e-9);
  }
  return median_of(joules);
}

std::vector<double> apply_conditions(PerfRecord& record, const RepetitionRecord& repetitions,
                                     double reference_mhz, double fraction) {
  // Readings that do not pair with the samples (a failed repetition) judge nothing.
  if (repetitions.readings.size() != record.samples_ns.size()) return repetitions.launch_ns;
  std::vector<std::optional<double>> power;
  bool any_clock = false;
  for (const RepetitionReadings& r : repetitions.readings) {
    const std::optional<double> clock = repetition_clock(r);
    any_clock = any_clock || clock.has_value();
    if (clock) record.repetition_clock_mhz.push_back(*clock);
    power.push_back(repetition_power(r));
    if (power.back()) record.repetition_power_w.push_back(*power.back());
  }
  std::vector<bool> drop = throttled_repetitions(repetitions.readings, reference_mhz, fraction);
  const auto flagged = std::count(drop.begin(), drop.end(), true);
  if (any_clock) record.throttled_repetitions = static_cast<int64_t>(flagged);
  if (flagged == static_cast<std::ptrdiff_t>(drop.size())) drop.assign(drop.size(), false);
  std::vector<double> launch_ns;
  const auto windows =
      static_cast<std::size_t>(std::max<int64_t>(1, repetitions.windows_per_repetition));
  for (std::size_t i = 0; i < repetitions.launch_ns.size(); ++i) {
    const std::size_t repetition = i / windows;
    if (repetition < drop.size() && drop[repetition]) continue;
    launch_ns.push_back(repetitions.launch_ns[i]);
  }
  for (std::size_t i = 0; i < drop.size() && i < record.samples_ns.size(); ++i) {
    if (drop[i]) record.throttled_samples_ns.push_back(record.samples_ns[i]);
  }
  std::vector<std::optional<double>> kept_power;
  for (std::size_t i = 0; i < power.size(); ++i) {
    if (!drop[i]) kept_power.push_back(power[i]);
  }
  record.samples_ns = kept(record.samples_ns, drop);
  record.host_wall_samples_ns = kept(record.host_wall_samples_ns, drop);
  fill_energy(record, kept_power);
  return launch_ns;
}

}  // namespace hwcert::perf
