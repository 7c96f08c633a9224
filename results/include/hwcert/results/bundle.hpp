// What a certification bundle holds besides the case results: the system that ran
// (system.json), the verdict against a target profile (summary.json) and the waivers used
// (waivers.json); and everything of one bundle together. The JSON of each file uses the
// member names below (results/schema/bundle-results.schema.json).
#pragma once

#include <cstdint>
#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "hwcert/results/case_result.hpp"
#include "hwcert/results/perf_record.hpp"
#include "hwcert/results/stability_record.hpp"

namespace hwcert::results {

inline constexpr int kBundleFormatVersion = 1;

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
  std::vector<CaseResult> conformance;
  std::vector<PerfRecord> perf;
  std::optional<BundleSummary> summary;  // absent: not evaluated against a target
  std::vector<WaiverRecord> waivers;
  std::optional<StabilityRun> stability;  // absent: no stability run in the bundle
};

}  // namespace hwcert::results
