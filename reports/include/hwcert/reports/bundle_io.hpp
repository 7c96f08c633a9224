// Reading and writing the result files of a bundle directory:
//   system.json, conformance.json, perf.json, summary.json, waivers.json
#pragma once

#include <filesystem>

#include "hwcert/reports/model.hpp"

namespace hwcert::reports {

inline constexpr int kBundleFormatVersion = 1;

// system.json is required; the others may be absent (no conformance run, no perf run, not
// evaluated, no waivers). Throws ModelError naming the file and field.
BundleResults read_bundle(const std::filesystem::path& dir);

// Writes every file of the model (atomically) into `dir`; summary.json only if present.
void write_bundle_results(const BundleResults& results, const std::filesystem::path& dir);

}  // namespace hwcert::reports
