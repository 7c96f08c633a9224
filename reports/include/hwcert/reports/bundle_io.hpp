// Reading and writing the result files of a bundle directory:
//   system.json, conformance.json, perf.json, summary.json, waivers.json
#pragma once

#include <filesystem>

#include "hwcert/results/bundle.hpp"

namespace hwcert::reports {

// system.json is required; the others may be absent (no conformance run, no perf run, not
// evaluated, no waivers). Throws results::ModelError naming the file and field.
results::BundleResults read_bundle(const std::filesystem::path& dir);

// Writes every file of the model (atomically) into `dir`; summary.json only if present.
void write_bundle_results(const results::BundleResults& bundle, const std::filesystem::path& dir);

}  // namespace hwcert::reports
