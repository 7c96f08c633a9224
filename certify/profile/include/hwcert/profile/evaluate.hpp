// Certification: a bundle's results judged against a target profile, level by level.
#pragma once

#include <string>
#include <vector>

#include "hwcert/profile/profile.hpp"
#include "hwcert/results/bundle.hpp"

namespace hwcert::profile {

struct EvaluateOptions {
  std::string date;       // ISO 8601 UTC, recorded in the summary
  bool per_chip = false;  // the device is one chip of a multi-chip card (chips_per_card)
};

// A level is certified when, for every op x dtype it requires, at least one case ran and
// every case passed (pass or xpass; waived, unsupported and every failure count against it),
// every math mode the profile expects for a required op passed at least one case, and every
// non-advisory performance floor that applies to the level was met. Floors against the peak
// are computed here from the profile (achieved TFLOP/s or GB/s over the published figure);
// floors against the roofline use the perf record's roofline_fraction.
results::BundleSummary evaluate(const TargetProfile& profile,
                                const std::vector<results::CaseResult>& conformance,
                                const std::vector<results::PerfRecord>& perf,
                                const EvaluateOptions& options);

}  // namespace hwcert::profile
