#include "hwcert/reports/baseline_diff.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <map>

#include <fmt/format.h>

#include "hwcert/results/json_io.hpp"
#include "hwcert/support/enum_names.hpp"

namespace hwcert::reports {
namespace {

using results::CaseResult;
using results::CaseStatus;

bool passes(CaseStatus s) {
  return s == CaseStatus::kPass || s == CaseStatus::kWaived || s == CaseStatus::kXPass;
}

// What a case present on both sides with different statuses became.
CaseChangeKind classify(CaseStatus before, CaseStatus after) {
  if (results::is_failure(after) && !results::is_failure(before)) {
    return CaseChangeKind::kNewFailure;
  }
  if (after == CaseStatus::kUnsupported) return CaseChangeKind::kNewlyUnsupported;
  if (after == CaseStatus::kXPass) return CaseChangeKind::kNewXPass;
  if (results::is_failure(before) && passes(after)) return CaseChangeKind::kFixed;
  if (before == CaseStatus::kUnsupported && passes(after)) return CaseChangeKind::kNewlySupported;
  return CaseChangeKind::kOtherChange;
}

CaseChange change_of(CaseChangeKind kind, const CaseResult& shown, std::optional<CaseStatus> before,
                     std::optional<CaseStatus> after) {
  return {kind,   shown.case_id, shown.op,      shown.dtypes,
          before, after,         shown.message, after ? shown.reproducer : std::string()};
}

}  // namespace

std::string_view to_string(CaseChangeKind kind) {
  static constexpr std::array<std::string_view, 8> kNames = {
      "new_failure",     "newly_unsupported", "new_xpass", "fixed",
      "newly_supported", "other_change",      "added",     "removed"};
  return support::enum_name(kNames, kind, "other_change");
}

size_t BaselineDiff::count(CaseChangeKind kind) const {
  return static_cast<size_t>(std::count_if(cases.begin(), cases.end(),
                                           [&](const CaseChange& c) { return c.kind == kind; }));
}

size_t BaselineDiff::perf_count(PerfVerdict verdict) const {
  return static_cast<size_t>(std::count_if(
      perf.begin(), perf.end(), [&](const PerfChange& p) { return p.verdict == verdict; }));
}

bool BaselineDiff::regressed() const {
  return count(CaseChangeKind::kNewFailure) > 0 || count(CaseChangeKind::kNewlyUnsupported) > 0 ||
         perf_count(PerfVerdict::kSlower) > 0;
}

BaselineDiff diff_conformance(const RunResults& baseline, const RunResults& contender) {
  BaselineDiff diff;
  diff.baseline = baseline.label;
  diff.contender = contender.label;
  std::map<std::string, const CaseResult*> before;
  for (const CaseResult& r : baseline.conformance) before[r.case_id] = &r;
  for (const CaseResult& r : contender.conformance) {
    auto found = before.find(r.case_id);
    if (found == before.end()) {
      const auto kind =
          results::is_failure(r.status) ? CaseChangeKind::kNewFailure : CaseChangeKind::kAdded;
      diff.cases.push_back(change_of(kind, r, std::nullopt, r.status));
      continue;
    }
    const CaseStatus was = found->second->status;
    before.erase(found);
    ++diff.cases_compared;
    if (was != r.status) diff.cases.push_back(change_of(classify(was, r.status), r, was, r.status));
  }
  for (const auto& [id, r] : before) {
    diff.cases.push_back(change_of(CaseChangeKind::kRemoved, *r, r->status, std::nullopt));
  }
  std::stable_sort(diff.cases.begin(), diff.cases.end(), [](const auto& a, const auto& b) {
    return a.kind != b.kind ? a.kind < b.kind : a.case_id < b.case_id;
  });
  return diff;
}

void set_perf_changes(BaselineDiff& diff, std::vector<PerfChange> perf) {
  auto moved = [](const PerfChange& p) {
    return p.median_ratio > 0 ? std::abs(std::log(p.median_ratio)) : 0.0;
  };
  std::stable_sort(perf.begin(), perf.end(),
                   [&](const auto& a, const auto& b) { return moved(a) > moved(b); });
  diff.perf = std::move(perf);
}

std::string ratio_interval_text(const PerfChange& p) {
  if (!p.ratio_ci_low || !p.ratio_ci_high) return "—";
  return fmt::format("[{:.3f}, {:.3f}]", *p.ratio_ci_low, *p.ratio_ci_high);
}

nlohmann::json to_json(const BaselineDiff& diff) {
  using nlohmann::json;
  auto status = [](const std::optional<CaseStatus>& s) {
    return s ? json(std::string(results::to_string(*s))) : json(nullptr);
  };
  json cases = json::array();
  for (const CaseChange& c : diff.cases) {
    cases.push_back({{"change", std::string(to_string(c.kind))},
                     {"case_id", c.case_id},
                     {"op", c.op},
                     {"dtypes", c.dtypes},
                     {"before", status(c.before)},
                     {"after", status(c.after)},
                     {"message", c.message},
                     {"reproducer", c.reproducer}});
  }
  json perf = json::array();
  for (const PerfChange& p : diff.perf) {
    perf.push_back(results::to_json(p));
  }
  json counts = json::object();
  for (int k = 0; k <= static_cast<int>(CaseChangeKind::kRemoved); ++k) {
    const auto kind = static_cast<CaseChangeKind>(k);
    counts[std::string(to_string(kind))] = diff.count(kind);
  }
  for (const PerfVerdict verdict :
       {PerfVerdict::kSlower, PerfVerdict::kFaster, PerfVerdict::kSame, PerfVerdict::kAmbiguous}) {
    counts["perf_" + std::string(results::to_string(verdict))] = diff.perf_count(verdict);
  }
  return json{{"format", "hwcert-diff"},
              {"format_version", 1},
              {"baseline", diff.baseline},
              {"contender", diff.contender},
              {"regressed", diff.regressed()},
              {"cases_compared", diff.cases_compared},
              {"counts", counts},
              {"cases", cases},
              {"perf", perf},
              {"perf_only_in_baseline", diff.perf_only_in_baseline}};
}

}  // namespace hwcert::reports
