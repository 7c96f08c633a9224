#include "run_diff.hpp"

#include "hwcert/perfsuite/compare.hpp"
#include "hwcert/results/json_io.hpp"

namespace hwcert::cli {
namespace {

// The perf.json shape perf::compare_results reads: {"cases": [{case_id, status, samples_ns}]}.
nlohmann::json perf_document(const std::vector<results::PerfRecord>& records) {
  nlohmann::json cases = nlohmann::json::array();
  for (const results::PerfRecord& r : records) cases.push_back(results::to_json(r));
  return {{"cases", cases}};
}

}  // namespace

reports::BaselineDiff diff_runs(const reports::RunResults& baseline,
                                const reports::RunResults& contender,
                                const DiffThresholds& thresholds) {
  reports::BaselineDiff diff = reports::diff_conformance(baseline, contender);
  perf::CompareOptions options;
  options.alpha = thresholds.alpha;
  options.min_relative_change = thresholds.min_change;
  const perf::Comparison timed =
      perf::compare_results(perf_document(baseline.perf), perf_document(contender.perf), options);
  reports::set_perf_changes(diff, timed.cases);
  diff.perf_only_in_baseline = timed.only_in_baseline;
  return diff;
}

}  // namespace hwcert::cli
