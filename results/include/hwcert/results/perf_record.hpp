// The result of a perf run: one record per benchmark case and the run's header, as perf.json
// holds them (results/schema/perf.schema.json) and a bundle's perf.json is read back.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

namespace hwcert::results {

// What became of one benchmark case.
inline constexpr std::string_view kPerfStatusOk = "ok";
inline constexpr std::string_view kPerfStatusUnsupported = "unsupported";  // op_support said no
inline constexpr std::string_view kPerfStatusError = "error";              // the plugin failed
inline constexpr std::string_view kPerfStatusTimeout = "timeout";          // global timeout
inline constexpr std::string_view kPerfStatusSkipped = "skipped";          // e.g. does not fit
bool is_perf_status(std::string_view name);

struct PerfRecord {
  std::string case_id;
  std::string op;
  std::string dtype;
  std::string out_dtype;
  std::string shape;  // "8192x8192x8192" (an integer array in JSON is joined with 'x')
  std::string status = std::string(kPerfStatusOk);
  std::string reason;        // for every status but ok
  std::string mode = "hot";  // "cold", "latency" or "hot" (perf::TimingMode)
  std::string math_mode = "strict";
  std::string benchmark_name;                // name in benchmark.json
  std::vector<double> samples_ns;            // device time per launch, one per repetition
  std::vector<double> host_wall_samples_ns;  // host wall time per launch, one per repetition
  // Device time per launch of every timed window (cold and latency: one launch per window;
  // hot: a window of back-to-back launches over their count), repetitions in order; at most
  // a few thousand are kept, evenly spaced over the run (launch_sample_count says how many
  // were taken). The percentiles are over all of them; null when the case was not measured.
  std::vector<double> launch_samples_ns;
  int64_t launch_sample_count = 0;
  std::optional<double> p50_ns, p90_ns, p99_ns;
  int64_t repetitions = 0;
  int64_t iterations = 0;  // launches per repetition
  double median_ns = 0, min_ns = 0, max_ns = 0, stddev_ns = 0, cv = 0;
  double host_wall_median_ns = 0;
  double flops = 0;
  double bytes = 0;
  double tflops = 0;
  double gbps = 0;
  std::optional<double> peak_fraction;      // of the target profile's peak; without one: null
  std::optional<double> roofline_fraction;  // of the device's measured roofline
  bool noisy = false;
  int64_t attempts = 1;  // runs needed (a noisy case is run again once)
  std::optional<uint32_t> device_clock_mhz;
  // Conditions read around each repetition where the plugin reports them
  // (perfsuite/include/hwcert/perfsuite/conditions.hpp). Clock: the lower reading around each
  // repetition, all repetitions in order (empty without clocks); the repetitions taken under
  // throttling are counted (null without clocks) and their samples moved out of samples_ns.
  std::vector<double> repetition_clock_mhz;
  std::optional<int64_t> throttled_repetitions;
  std::vector<double> throttled_samples_ns;
  // Power: the mean reading around each repetition (empty without power), and the energy of
  // one launch with the work it buys (null without power).
  std::vector<double> repetition_power_w;
  std::optional<double> energy_per_launch_j, gflop_per_j, gb_per_j;
  // The last timed launch's output judged against the float64 oracle: "pass", "fail" (the
  // case is then an error), "unjudged" (output_check_note says why); empty: not checked.
  std::string output_check;
  std::string output_check_note;

  bool measured() const { return status == kPerfStatusOk; }
  bool compute_bound() const { return flops > 0; }  // TFLOP/s is its metric, else GB/s
};

struct Roofline {
  double copy_gbps = 0;      // best copy_d2d bandwidth (bytes read + written per second)
  double matmul_tflops = 0;  // best f32 square matmul rate
  uint64_t copy_bytes = 0;   // size of the copy that reached it
  int64_t matmul_size = 0;   // n of the n x n x n matmul that reached it
};

struct AbiOverhead {
  std::string op;                     // what was launched, e.g. "copy 1 x f32"
  double launch_sync_us = 0;          // op_launch + stream_synchronize, per launch (median)
  double launch_only_us = 0;          // op_launch alone, back to back (median per launch)
  std::optional<double> direct_us;    // the same kernel called directly (extension)
  std::optional<double> overhead_us;  // launch_sync_us - direct_us
  std::string note;
};

struct PerfHeader {
  std::string plugin;
  std::string plugin_version;
  std::string plugin_library;
  nlohmann::json device;  // the device's properties as JSON
  std::string suite;
  std::string size_class;
  std::string mode;
  std::optional<std::string> target;
  std::optional<Roofline> roofline;
  std::optional<AbiOverhead> abi_overhead;
  std::string hwcert_version;
  std::string date;  // ISO 8601 UTC
  double wall_seconds = 0;
  uint64_t flush_bytes = 0;  // size of the cache flush in cold mode
  int repetitions = 0;
  double min_time_s = 0;
  double noisy_cv_threshold = 0;
  // A repetition whose clock is below this fraction of the highest clock seen in the run is
  // throttled (0: none is); the highest clock seen, null when the plugin reports no clock.
  double throttle_fraction = 0;
  std::optional<double> clock_reference_mhz;
};

struct PerfResult {
  PerfHeader header;
  std::vector<PerfRecord> cases;
  std::string benchmark_json;  // Google Benchmark's own JSON reporter output
};

}  // namespace hwcert::results
