// One perf case timed in two runs (a baseline and a contender) and judged by a Mann-Whitney U
// test on its samples: what `hwcert perf --baseline`, `hwcert diff` and `hwcert report
// --baseline` report per case. perfsuite computes it (compare.hpp); reports/ renders it.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

namespace hwcert::results {

enum class PerfVerdict { kFaster, kSlower, kSame, kAmbiguous };

/// "faster", "slower", "same" or "ambiguous".
std::string_view to_string(PerfVerdict verdict);

struct PerfComparison {
  std::string case_id;
  std::size_t n_baseline = 0;   // samples of the baseline run
  std::size_t n_contender = 0;  // samples of the contender run
  double baseline_median_ns = 0;
  double contender_median_ns = 0;
  double median_ratio = 0;  // contender / baseline; > 1 is slower
  double p_value = 1;
  // Confidence interval (level `confidence`) of the contender / baseline time ratio: the
  // Hodges-Lehmann shift of the log samples with the interval that inverts the same U test
  // (perfsuite's mann_whitney.hpp shift_confidence_interval). Empty when a side has no
  // samples or the sample sizes cannot reach that confidence.
  std::optional<double> ratio_ci_low;
  std::optional<double> ratio_ci_high;
  double confidence = 0.95;
  PerfVerdict verdict = PerfVerdict::kAmbiguous;
  std::string note;  // why ambiguous, when it is
};

}  // namespace hwcert::results
