// The result model of a perf run (perf.json) and its writer.
#pragma once

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace hwcert::perf {

// What became of one case.
inline constexpr std::string_view kStatusOk = "ok";
inline constexpr std::string_view kStatusUnsupported = "unsupported";  // op_support said no
inline constexpr std::string_view kStatusError = "error";              // the plugin failed
inline constexpr std::string_view kStatusTimeout = "timeout";          // global timeout
inline constexpr std::string_view kStatusSkipped = "skipped";          // e.g. does not fit

struct CaseRecord {
  std::string case_id;
  std::string op;
  std::string dtype;
  std::string out_dtype;
  std::string shape;
  std::string status = std::string(kStatusOk);
  std::string reason;                        // for every status but ok
  std::string mode;                          // "cold" or "hot"
  std::string benchmark_name;                // name in benchmark.json
  std::vector<double> samples_ns;            // device time per launch, one per repetition
  std::vector<double> host_wall_samples_ns;  // host wall time per launch, one per repetition
  int64_t iterations = 0;                    // launches per repetition
  double median_ns = 0, min_ns = 0, max_ns = 0, stddev_ns = 0, cv = 0;
  double host_wall_median_ns = 0;
  double flops = 0;
  double bytes = 0;
  double tflops = 0;
  double gbps = 0;
  std::optional<double> peak_fraction;      // without --target: null
  std::optional<double> roofline_fraction;  // without a roofline: null
  bool noisy = false;
  int attempts = 1;  // runs needed (a noisy case is run again once)
  std::optional<uint32_t> device_clock_mhz;
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
  nlohmann::json device;  // DeviceProperties as JSON
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
};

struct PerfResult {
  PerfHeader header;
  std::vector<CaseRecord> cases;
  std::string benchmark_json;  // Google Benchmark's own JSON reporter output
};

nlohmann::json to_json(const CaseRecord& record);
nlohmann::json to_json(const AbiOverhead& overhead);
nlohmann::json to_json(const PerfResult& result);  // perf.json document

}  // namespace hwcert::perf
