#include "hwcert/perfsuite/compare.hpp"

#include <cmath>
#include <map>

#include "hwcert/perfsuite/mann_whitney.hpp"
#include "hwcert/perfsuite/statistics.hpp"
#include "hwcert/results/json_io.hpp"

namespace hwcert::perf {
namespace {

struct Samples {
  std::vector<double> values;
  std::string status;
};

std::map<std::string, Samples> samples_by_case(const nlohmann::json& doc,
                                               std::vector<std::string>* order) {
  std::map<std::string, Samples> out;
  if (!doc.contains("cases") || !doc["cases"].is_array()) return out;
  for (const auto& record : doc["cases"]) {
    if (!record.contains("case_id")) continue;
    const std::string id = record["case_id"].get<std::string>();
    Samples s;
    s.status = record.value("status", std::string("ok"));
    if (record.contains("samples_ns") && record["samples_ns"].is_array()) {
      for (const auto& v : record["samples_ns"]) {
        if (v.is_number()) s.values.push_back(v.get<double>());
      }
    }
    if (order != nullptr && out.count(id) == 0) order->push_back(id);
    out[id] = std::move(s);
  }
  return out;
}

std::vector<double> logs_of(const std::vector<double>& values) {
  std::vector<double> logs;
  for (double v : values) {
    if (v > 0) logs.push_back(std::log(v));
  }
  return logs;
}

void set_ratio_interval(CaseComparison& c, const std::vector<double>& baseline,
                        const std::vector<double>& contender, double confidence) {
  c.confidence = confidence;
  const auto shift = shift_confidence_interval(logs_of(baseline), logs_of(contender), confidence);
  if (!shift) return;
  c.ratio_ci_low = std::exp(shift->low);
  c.ratio_ci_high = std::exp(shift->high);
}

}  // namespace

Comparison compare_results(const nlohmann::json& baseline, const nlohmann::json& contender,
                           const CompareOptions& options) {
  Comparison comparison;
  std::vector<std::string> order, contender_order;
  const auto base = samples_by_case(baseline, &order);
  const auto other = samples_by_case(contender, &contender_order);
  for (const auto& id : order) {
    auto found = other.find(id);
    if (found == other.end()) {
      comparison.only_in_baseline.push_back(id);
      continue;
    }
    const Samples& a = base.at(id);
    const Samples& b = found->second;
    CaseComparison c;
    c.case_id = id;
    c.n_baseline = a.values.size();
    c.n_contender = b.values.size();
    c.baseline_median_ns = median_of(a.values);
    c.contender_median_ns = median_of(b.values);
    c.median_ratio = c.baseline_median_ns > 0 ? c.contender_median_ns / c.baseline_median_ns : 0;
    set_ratio_interval(c, a.values, b.values, 1 - options.alpha);
    if (a.values.empty() || b.values.empty()) {
      c.note = "no samples (status " + (a.values.empty() ? a.status : b.status) + ")";
    } else if (minimum_p_value(c.n_baseline, c.n_contender) >= options.alpha) {
      c.note = "too few repetitions for the U test to decide at this alpha";
    } else {
      const UTestResult u = mann_whitney_u(a.values, b.values);
      c.p_value = u.p_value;
      if (u.p_value >= options.alpha) {
        c.verdict = Verdict::kSame;
      } else if (std::abs(c.median_ratio - 1.0) < options.min_relative_change) {
        c.verdict = Verdict::kSame;
        c.note = "significant but below the minimum relative change";
      } else {
        // Medians and ranks agree on the direction when the difference is significant;
        // should they not, the data cannot say.
        const bool slower_by_rank = u.u2 > u.u1;  // contender values rank higher
        const bool slower_by_median = c.median_ratio > 1.0;
        if (slower_by_rank != slower_by_median) {
          c.note = "ranks and medians disagree";
        } else {
          c.verdict = slower_by_median ? Verdict::kSlower : Verdict::kFaster;
        }
      }
    }
    comparison.cases.push_back(std::move(c));
  }
  for (const auto& id : contender_order) {
    if (base.count(id) == 0) comparison.only_in_contender.push_back(id);
  }
  return comparison;
}

nlohmann::json to_json(const Comparison& comparison) {
  nlohmann::json j;
  j["cases"] = nlohmann::json::array();
  for (const auto& c : comparison.cases) {
    j["cases"].push_back(results::to_json(c));
  }
  j["only_in_baseline"] = comparison.only_in_baseline;
  j["only_in_contender"] = comparison.only_in_contender;
  return j;
}

}  // namespace hwcert::perf
