#include "hwcert/profile/evaluate.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <set>

#include "hwcert/catalogue/op_schema.hpp"
#include "hwcert/support/glob.hpp"

namespace hwcert::profile {
namespace {

using results::CaseResult;
using results::CaseStatus;
using results::PerfRecord;

bool passed(CaseStatus s) {
  return s == CaseStatus::kPass || s == CaseStatus::kXPass;
}

// True when level `name` is `base` or extends it, directly or through other levels.
bool level_includes(const TargetProfile& p, const std::string& name, const std::string& base) {
  std::set<std::string> seen;
  for (const Level* l = p.find_level(name); l != nullptr && seen.insert(l->name).second;
       l = l->extends.empty() ? nullptr : p.find_level(l->extends)) {
    if (l->name == base) return true;
  }
  return false;
}

results::FloorResult judge_floor(const TargetProfile& p, const PerfFloor& f,
                                 const std::vector<PerfRecord>& perf, bool per_chip) {
  results::FloorResult out;
  out.op = f.op;
  out.dtype = f.dtype;
  out.math_mode = f.math_mode;
  out.basis = std::string(to_string(f.basis));
  out.min_fraction = f.min_fraction;
  out.advisory = f.advisory;
  const auto peak = p.reference_peak(f.op, f.dtype, f.math_mode, per_chip);
  for (const PerfRecord& r : perf) {
    // A floor that names its cases selects them by id (perfsuite's ids carry the mode, e.g.
    // "matmul_tf32/f32/..."; its records carry no math_mode); otherwise the mode must match.
    const bool named = f.case_pattern != "*";
    if (!r.measured() || r.op != f.op || r.dtype != f.dtype ||
        (!named && r.math_mode != f.math_mode) || !support::glob_match(f.case_pattern, r.case_id)) {
      continue;
    }
    std::optional<double> fraction;
    if (f.basis == FloorBasis::kRoofline) {
      fraction = r.roofline_fraction;
    } else if (peak && *peak > 0) {
      fraction = (catalogue::is_compute_bound(f.op) ? r.tflops : r.gbps) / *peak;
    }
    if (fraction && (!out.achieved || *fraction > *out.achieved)) {
      out.achieved = fraction;
      out.case_id = r.case_id;
    }
  }
  out.met = out.achieved && *out.achieved >= f.min_fraction;
  return out;
}

// Every perf case whose timed launch gave a wrong result (hwcert perf's output check): a
// plugin that is wrong under load is wrong, whatever its conformance run said, so each one
// fails every level.
std::vector<std::string> wrong_perf_results(const std::vector<PerfRecord>& perf) {
  std::vector<std::string> reasons;
  for (const PerfRecord& p : perf) {
    if (p.output_check != "fail") continue;
    reasons.push_back(fmt::format("perf {}: wrong result in a timed launch: {}", p.case_id,
                                  p.output_check_note));
  }
  return reasons;
}

}  // namespace

results::BundleSummary evaluate(const TargetProfile& profile,
                                const std::vector<CaseResult>& conformance,
                                const std::vector<PerfRecord>& perf,
                                const EvaluateOptions& options) {
  results::BundleSummary summary;
  summary.target = profile.id;
  summary.target_name = profile.name;
  summary.date = options.date;

  std::set<std::string> modes_used;
  for (const CaseResult& r : conformance) {
    summary.counts[std::string(results::to_string(r.status))] += 1;
    if (r.status != CaseStatus::kUnsupported && r.math_mode != "strict" && !r.math_mode.empty()) {
      modes_used.insert(fmt::format("{} {}", r.op, r.math_mode));
    }
  }
  summary.math_modes_used.assign(modes_used.begin(), modes_used.end());

  const std::vector<std::string> wrong_in_perf = wrong_perf_results(perf);
  for (const Level& level : profile.levels) {
    results::LevelResult result;
    result.level = level.name;
    result.failing = wrong_in_perf;
    std::set<std::string> required_ops;
    for (const Requirement& req : level.requirements) {
      required_ops.insert(req.op);
      size_t total = 0, bad = 0;
      for (const CaseResult& r : conformance) {
        if (r.op != req.op || r.primary_dtype() != req.dtype) continue;
        ++total;
        bad += passed(r.status) ? 0 : 1;
      }
      const std::string name = fmt::format("{} {}", req.op, req.dtype);
      if (total == 0) {
        result.missing.push_back(name);
      } else if (bad > 0) {
        result.failing.push_back(fmt::format("{}: {} of {} cases did not pass", name, bad, total));
      }
    }
    for (const auto& [op, modes] : profile.math_modes.expected) {
      if (!required_ops.count(op)) continue;
      for (const std::string& mode : modes) {
        const bool ok =
            std::any_of(conformance.begin(), conformance.end(), [&, &op = op](const auto& r) {
              return r.op == op && r.math_mode == mode && passed(r.status);
            });
        if (!ok) result.math_mode_gaps.push_back(fmt::format("{} {}", op, mode));
      }
    }
    bool floors_ok = true;
    for (const PerfFloor& f : profile.floors) {
      if (!level_includes(profile, level.name, f.level)) continue;
      results::FloorResult fr = judge_floor(profile, f, perf, options.per_chip);
      floors_ok = floors_ok && (fr.met || fr.advisory);
      result.floors.push_back(std::move(fr));
    }
    const bool certified = result.missing.empty() && result.failing.empty() &&
                           result.math_mode_gaps.empty() && floors_ok;
    result.status = certified ? "certified" : "not_certified";
    summary.levels.push_back(std::move(result));
  }
  return summary;
}

}  // namespace hwcert::profile
