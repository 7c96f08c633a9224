// Comparing two perf.json files case by case with a Mann-Whitney U test on the samples.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace hwcert::perf {

enum class Verdict { kFaster, kSlower, kSame, kAmbiguous };
std::string_view to_string(Verdict verdict);

struct CompareOptions {
  double alpha = 0.05;
  // A significant difference smaller than this relative change of the median is "same".
  double min_relative_change = 0.02;
};

struct CaseComparison {
  std::string case_id;
  std::size_t n_baseline = 0;
  std::size_t n_contender = 0;
  double baseline_median_ns = 0;
  double contender_median_ns = 0;
  double median_ratio = 0;  // contender / baseline; > 1 is slower
  double p_value = 1;
  // Confidence interval (level 1 - alpha) of the contender / baseline time ratio: the
  // Hodges-Lehmann shift of the log samples with the interval that inverts the same U test
  // (mann_whitney.hpp shift_confidence_interval). Null when a side has no samples or the
  // sample sizes cannot reach that confidence.
  std::optional<double> ratio_ci_low;
  std::optional<double> ratio_ci_high;
  double confidence = 0.95;
  Verdict verdict = Verdict::kAmbiguous;
  std::string note;  // why ambiguous, when it is
};

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
