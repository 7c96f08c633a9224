// Comparing two perf.json files case by case with a Mann-Whitney U test on the samples.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "hwcert/results/perf_comparison.hpp"

namespace hwcert::perf {

using Verdict = results::PerfVerdict;
using results::to_string;

struct CompareOptions {
  double alpha = 0.05;
  // A significant difference smaller than this relative change of the median is "same".
  double min_relative_change = 0.02;
};

using CaseComparison = results::PerfComparison;

struct Comparison {
  std::vector<CaseComparison> cases;  // present in both files, in baseline order
  std::vector<std::string> only_in_baseline;
  std::vector<std::string> only_in_contender;
};

// `baseline` and `contender` are perf.json documents; records need "samples_ns".
Comparison compare_results(const nlohmann::json& baseline, const nlohmann::json& contender,
                           const CompareOptions& options = {});
nlohmann::json to_json(const Comparison& comparison);

}  // namespace hwcert::perf
