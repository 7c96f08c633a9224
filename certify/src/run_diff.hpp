// Two runs compared case by case: the conformance changes (reports/baseline_diff.hpp) and the
// perf cases timed on both sides judged by perfsuite's Mann-Whitney comparison. Shared by
// `hwcert diff` and `hwcert report --baseline`.
#pragma once

#include "hwcert/reports/baseline_diff.hpp"

namespace hwcert::cli {

struct DiffThresholds {
  double alpha = 0.05;       // significance level of the U test
  double min_change = 0.02;  // a significant change of the median smaller than this is "same"
};

reports::BaselineDiff diff_runs(const reports::RunResults& baseline,
                                const reports::RunResults& contender,
                                const DiffThresholds& thresholds = {});

}  // namespace hwcert::cli
