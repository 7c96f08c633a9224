// The result of a stability run (`hwcert stability`, the stability stage of `hwcert certify`):
// a time series of one sample per interval and the verdict against the profile's bounds, as
// stability.json holds it (results/schema/stability.schema.json).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace hwcert::results {

// What a stretch of the load counted: launches and the checks of their outputs.
struct StabilityCounts {
  uint64_t launches = 0;
  uint64_t checks = 0;         // outputs compared with the oracle
  uint64_t wrong_results = 0;  // checks that failed
  uint64_t nan_results = 0;    // checks with a NaN where the oracle has none
  uint64_t launch_errors = 0;  // launches or synchronizations that reported an error

  StabilityCounts& operator+=(const StabilityCounts& other) {
    launches += other.launches;
    checks += other.checks;
    wrong_results += other.wrong_results;
    nan_results += other.nan_results;
    launch_errors += other.launch_errors;
    return *this;
  }
};

// One interval of the run. Its counts count what happened in this interval only.
struct StabilitySample : StabilityCounts {
  double t_s = 0;             // end of the interval, seconds since the load started
  double interval_s = 0;      // its length: the load, then the checks and the device sample
  double launches_per_s = 0;  // launches over the time spent launching (checks excluded)
  std::optional<uint64_t> device_memory_used_bytes;  // MEMORY_BYTES - MEMORY_FREE_BYTES
  std::optional<uint64_t> host_resident_bytes;       // the running process's resident set
  std::optional<double> clock_mhz;                   // CURRENT_CLOCK_MHZ
  std::optional<double> temperature_c;               // no ABI key yet: always null
  std::optional<double> power_watts;                 // POWER_WATTS
};

// Pass rules (a target profile's [stability] table).
struct StabilityBounds {
  double duration_s = 60;
  double max_throughput_drift = 0.5;   // fraction of the first intervals' rate that may be lost
  double max_memory_growth_mib = 256;  // resident (and, off-CPU, device) memory growth
};

// The whole run's counts, and how often the device was lost.
struct StabilityTotals : StabilityCounts {
  uint64_t device_losses = 0;
};

struct StabilityRun {
  std::string hwcert_version;
  std::string date;  // ISO 8601 UTC
  std::string plugin;
  std::string plugin_version;
  nlohmann::json device = nlohmann::json::object();
  std::string suite;
  std::vector<std::string> cases;  // perf case ids and "model:<name>" in the load
  uint32_t streams = 0;
  double interval_s = 0;
  uint64_t seed = 0;
  double wall_seconds = 0;
  StabilityBounds bounds;
  StabilityTotals totals;
  std::optional<double> throughput_drift;  // 1 - (last intervals' rate / first intervals')
  std::optional<double> host_memory_growth_mib;
  std::optional<double> device_memory_growth_mib;
  bool passed = false;
  std::vector<std::string> failures;        // one line per broken rule
  std::vector<std::string> wrong_examples;  // the first few wrong results, described
  std::vector<StabilitySample> samples;
};

nlohmann::json to_json(const StabilityRun& run);
// Throws ModelError naming the field ("<where>.samples[3].t_s: ...").
StabilityRun stability_run_from_json(const nlohmann::json& j,
                                     const std::string& where = "stability.json");

}  // namespace hwcert::results
