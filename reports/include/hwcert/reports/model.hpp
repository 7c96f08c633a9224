// The result model: what a certification bundle holds, as plain values. The JSON of each
// bundle file uses the member names below (reports/schema/bundle-results.schema.json).
#pragma once

#include <cstdint>
#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "hwcert/reports/status.hpp"

namespace hwcert::reports {

// conformance.json "results": one per case (conformance::CaseResult).
struct ConformanceRecord {
  std::string case_id;
  std::string op;
  std::string dtypes;  // "f32" or "f8e4m3*f8e4m3->bf16"
  std::string math_mode = "strict";
  Status status = Status::kError;
  std::string message;
  double max_abs_error = 0;
  double max_rel_error = 0;
  double max_ulp_error = 0;
  int64_t worst_index = -1;
  double expected_at_worst = 0;
  double actual_at_worst = 0;
  std::string tolerance;
  uint64_t checked_elements = 0;
  uint64_t total_elements = 0;
  bool sampled = false;
  double duration_ms = 0;
  std::string reproducer;

  // The dtype a comparison row uses: the first input's ("f8e4m3" of "f8e4m3*f8e4m3->bf16").
  std::string primary_dtype() const;
};

// perf.json "results": one per benchmark case.
struct PerfRecord {
  std::string case_id;
  std::string op;
  std::string dtype;
  std::string shape;  // "8192x8192x8192" (an integer array in JSON is joined with 'x')
  double median_ns = 0;
  double min_ns = 0;
  double max_ns = 0;
  double stddev_ns = 0;
  double cv = 0;
  int64_t repetitions = 0;
  double flops = 0;
  double bytes = 0;
  double tflops = 0;
  double gbps = 0;
  std::optional<double> peak_fraction;      // of the target profile's peak
  std::optional<double> roofline_fraction;  // of the device's measured roofline
  bool noisy = false;
  std::string mode = "hot";  // "cold" or "hot"
  std::string math_mode = "strict";
  std::string status = "ok";  // "ok", or why there is no measurement: "unsupported", "error",
                              // "timeout", "skipped" (perfsuite's case statuses)
  std::string reason;         // for every status but ok

  bool measured() const { return status == "ok"; }
  bool compute_bound() const { return flops > 0; }  // TFLOP/s is its metric, else GB/s
};

// system.json: what ran, where.
struct PluginInfo {
  std::string name;
  std::string version;
  std::string vendor;
  std::string file;
  std::string sha256;
  std::string abi_version;
};
struct DeviceInfo {
  int64_t index = 0;
  std::string name;
  std::string vendor;
  std::string driver_version;
  std::string firmware_version;
  std::string uuid;
  uint64_t memory_bytes = 0;
  int64_t compute_units = 0;
};
struct HostInfo {
  std::string hostname;
  std::string os;
  std::string cpu;
};
struct SystemInfo {
  std::string hwcert_version;
  std::string created;  // ISO 8601 UTC
  PluginInfo plugin;
  DeviceInfo device;
  HostInfo host;
};

// summary.json: the verdict of one bundle against its target profile.
struct FloorResult {
  std::string op;
  std::string dtype;
  std::string math_mode = "strict";
  std::string basis;  // "peak" or "roofline"
  double min_fraction = 0;
  std::optional<double> achieved;  // best matching fraction; empty if not measured
  std::string case_id;             // the case that achieved it
  bool met = false;
  bool advisory = false;
};
struct LevelResult {
  std::string level;                 // "core", "full"
  std::string status;                // "certified", "not_certified"
  std::vector<std::string> missing;  // "op dtype" with no result at all
  std::vector<std::string> failing;  // "op dtype" with a case that did not pass
  std::vector<FloorResult> floors;
  std::vector<std::string> math_mode_gaps;  // "op mode" expected but never accepted
};
struct BundleSummary {
  std::string target;       // profile id
  std::string target_name;  // profile name
  std::string date;         // when certification finished, ISO 8601 UTC
  std::vector<LevelResult> levels;
  std::map<std::string, int64_t> counts;     // status name -> cases
  std::vector<std::string> math_modes_used;  // "matmul tf32", ...
};

// waivers.json: the waivers a run used.
struct WaiverRecord {
  std::string pattern;
  std::string device;
  std::string plugin_versions;
  std::string category;  // unsupported-feature, known-bug, test-bug
  std::string reason;
  std::string link;
  std::string expires;
  bool expired = false;
  std::vector<std::string> cases;  // case ids it covered
};

// Everything one bundle holds.
struct BundleResults {
  std::filesystem::path path;
  SystemInfo system;
  std::vector<ConformanceRecord> conformance;
  std::vector<PerfRecord> perf;
  std::optional<BundleSummary> summary;  // absent: not evaluated against a target
  std::vector<WaiverRecord> waivers;
};

}  // namespace hwcert::reports
