// Reading and writing the result files of a bundle directory:
//   system.json, conformance.json, perf.json, summary.json, waivers.json
// and reading one device's results from any file the suites or `hwcert report` write.
#pragma once

#include <filesystem>
#include <string>
#include <vector>

#include "hwcert/results/bundle.hpp"

namespace hwcert::reports {

// system.json is required; the others may be absent (no conformance run, no perf run, not
// evaluated, no waivers). Throws results::ModelError naming the file and field.
results::BundleResults read_bundle(const std::filesystem::path& dir);

// Writes every file of the model (atomically) into `dir`; summary.json only if present.
void write_bundle_results(const results::BundleResults& bundle, const std::filesystem::path& dir);

// The results of one device, whichever file they came from: one side of a baseline
// comparison (baseline_diff.hpp).
struct RunResults {
  std::string source;  // the file or directory read
  std::string label;   // "<device> (<plugin> <version>)" where the file says; else the source
  std::vector<results::CaseResult> conformance;
  std::vector<results::PerfRecord> perf;
};

// Reads a bundle directory, a conformance results.json, a perf.json (one run each) or a
// report.json (a run per measured device). Throws results::ModelError naming the file and
// what was expected (broken JSON as "file:line:column: message").
std::vector<RunResults> read_runs(const std::filesystem::path& path);
// The same where exactly one run is expected (a report.json of several devices is an error).
RunResults read_run_results(const std::filesystem::path& path);

}  // namespace hwcert::reports
