// What changed between two runs of the suites: the cases that newly fail, were fixed, lost or
// gained support, or newly pass while waived, and the perf cases whose timing moved. Read by
// `hwcert diff A B` and `hwcert report --baseline OLD` (docs/report-format.md, "Baselines").
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "hwcert/reports/bundle_io.hpp"
#include "hwcert/results/perf_comparison.hpp"

namespace hwcert::reports {

// How one conformance case changed. A case present on one side only is kAdded or kRemoved
// unless its one status is already a failure (then kNewFailure: a new case that fails is
// still a failure to look at).
enum class CaseChangeKind {
  kNewFailure,        // now fail/mistrusted/crash/timeout/error, and was not
  kNewlyUnsupported,  // now unsupported, was supported (any other status)
  kNewXPass,          // now xpass (waived but passing: the waiver can go), was not
  kFixed,             // was a failure, now pass/waived/xpass
  kNewlySupported,    // was unsupported, now pass/waived/xpass
  kOtherChange,       // any other change of status (pass -> waived, fail -> crash, ...)
  kAdded,             // only in the contender, not a failure
  kRemoved,           // only in the baseline
};
std::string_view to_string(CaseChangeKind kind);  // "new_failure", "fixed", ...

struct CaseChange {
  CaseChangeKind kind;
  std::string case_id;
  std::string op;
  std::string dtypes;
  std::optional<results::CaseStatus> before;  // empty: not in the baseline
  std::optional<results::CaseStatus> after;   // empty: not in the contender
  std::string message;     // the contender's message (the baseline's for kRemoved)
  std::string reproducer;  // the contender's
};

// One perf case timed on both sides, judged by a Mann-Whitney U test on the samples
// (the result model's record, filled by perfsuite's comparison).
using PerfChange = results::PerfComparison;
using results::PerfVerdict;

struct BaselineDiff {
  std::string baseline;   // label of the baseline run
  std::string contender;  // label of the new run
  size_t cases_compared = 0;
  std::vector<CaseChange> cases;  // changed cases only, worst first (see diff_conformance)
  std::vector<PerfChange> perf;   // every perf case timed on both sides, largest change first
  std::vector<std::string> perf_only_in_baseline;

  size_t count(CaseChangeKind kind) const;
  size_t perf_count(PerfVerdict verdict) const;
  // A new failure, a case that lost support, or a perf case judged slower.
  bool regressed() const;
};

// The conformance part: cases matched by case_id. Sorted by kind (the order of
// CaseChangeKind), then by case_id.
BaselineDiff diff_conformance(const RunResults& baseline, const RunResults& contender);

// Sorts `perf` by how far the median moved (|log ratio|, largest first) and stores it.
void set_perf_changes(BaselineDiff& diff, std::vector<PerfChange> perf);

nlohmann::json to_json(const BaselineDiff& diff);

// "[0.981, 1.072]": the ratio's confidence interval, or "—" when there is none.
std::string ratio_interval_text(const PerfChange& change);

// A Markdown summary sized for a pull-request comment: counts first, then regressions, then
// improvements, largest changes first; rows beyond `max_bytes` are counted, not listed.
std::string diff_markdown(const BaselineDiff& diff, size_t max_bytes = 60000);

}  // namespace hwcert::reports
