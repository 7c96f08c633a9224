#include "hwcert/reports/target_class.hpp"

#include <fmt/format.h>

#include <algorithm>

namespace hwcert::reports {

std::string TargetClass::first_level_requiring(std::string_view op, std::string_view dtype) const {
  for (const ClassLevel& level : levels) {
    const bool required =
        std::any_of(level.requirements.begin(), level.requirements.end(),
                    [&](const ClassRequirement& r) { return r.op == op && r.dtype == dtype; });
    if (required) return level.name;
  }
  return "";
}

std::optional<double> ClassFraction::fraction() const {
  if (!achieved || class_value <= 0) return std::nullopt;
  return *achieved / class_value;
}

namespace {

// The best value of `metric` over the measured cases `matches` accepts.
template <typename Matches, typename Metric>
void best_case(ClassFraction& f, const std::vector<results::PerfRecord>& perf, Matches matches,
               Metric metric) {
  for (const results::PerfRecord& r : perf) {
    if (!r.measured() || !matches(r)) continue;
    const double value = metric(r);
    if (value <= 0) continue;  // not a figure of this kind (no bytes or no flops counted)
    if (!f.achieved || value > *f.achieved) {
      f.achieved = value;
      f.case_id = r.case_id;
    }
  }
}

}  // namespace

std::vector<ClassFraction> class_fractions(const TargetClass& target_class,
                                           const std::vector<results::PerfRecord>& perf) {
  std::vector<ClassFraction> out;
  for (const ClassPeak& peak : target_class.peaks) {
    ClassFraction f;
    f.figure = peak.math_mode == "strict" ? fmt::format("{} peak", peak.dtype)
                                          : fmt::format("{} {} peak", peak.dtype, peak.math_mode);
    f.unit = "TFLOP/s";
    f.class_value = peak.tflops.value;
    best_case(
        f, perf,
        [&](const results::PerfRecord& r) {
          return r.compute_bound() && r.dtype == peak.dtype && r.math_mode == peak.math_mode;
        },
        [](const results::PerfRecord& r) { return r.tflops; });
    out.push_back(std::move(f));
  }
  if (target_class.bandwidth_gbps) {
    ClassFraction f{"memory bandwidth", "GB/s", target_class.bandwidth_gbps->value, {}, {}};
    best_case(
        f, perf, [](const results::PerfRecord&) { return true; },
        [](const results::PerfRecord& r) { return r.gbps; });
    out.push_back(std::move(f));
  }
  return out;
}

}  // namespace hwcert::reports
