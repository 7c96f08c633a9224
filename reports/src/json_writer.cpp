#include "class_json.hpp"
#include "hwcert/reports/writers.hpp"
#include "hwcert/results/json_io.hpp"

namespace hwcert::reports {

inline constexpr int kReportSchemaVersion = 1;

nlohmann::json report_json(const Comparison& c) {
  using nlohmann::json;
  json devices = json::array();
  for (const DeviceColumn& col : c.columns) {
    const results::BundleResults& b = *col.bundle;
    json conformance = json::array();
    for (const auto& r : b.conformance) conformance.push_back(to_json(r));
    json perf = json::array();
    for (const auto& r : b.perf) perf.push_back(to_json(r, results::PerfFields::kSummary));
    json waivers = json::array();
    for (const auto& w : b.waivers) waivers.push_back(to_json(w));
    const TargetClass* target_class = c.find_class(col.target);
    devices.push_back({{"id", col.id},
                       {"placeholder", col.placeholder},
                       {"label", col.label},
                       {"target", col.target},
                       {"bundle", b.path.string()},
                       {"system", to_json(b.system)},
                       {"summary", b.summary ? to_json(*b.summary) : json(nullptr)},
                       {"waivers", waivers},
                       {"conformance", conformance},
                       {"perf", perf},
                       {"stability", b.stability ? to_json(*b.stability) : json(nullptr)},
                       {"class_fractions", target_class ? detail::fractions_json(class_fractions(
                                                              *target_class, b.perf))
                                                        : json::array()}});
  }
  json matrix = json::array();
  for (const Row& row : c.rows) {
    json cells = json::array();
    for (size_t i = 0; i < row.cells.size(); ++i) {
      const Cell& cell = row.cells[i];
      if (!cell.present) {
        cells.push_back({{"device", c.columns[i].id}, {"present", false}, {"status", "no result"}});
        continue;
      }
      json counts = json::object();
      for (int s = 0; s < results::kCaseStatusCount; ++s) {
        if (cell.counts[s] > 0)
          counts[std::string(to_string(static_cast<results::CaseStatus>(s)))] = cell.counts[s];
      }
      cells.push_back({{"device", c.columns[i].id},
                       {"present", true},
                       {"status", std::string(to_string(cell.worst))},
                       {"counts", counts},
                       {"max_abs_error", cell.max_abs_error},
                       {"max_rel_error", cell.max_rel_error},
                       {"max_ulp_error", cell.max_ulp_error},
                       {"math_modes", cell.math_modes}});
    }
    matrix.push_back({{"op", row.op}, {"dtype", row.dtype}, {"cells", cells}});
  }
  json since_baseline = json::array();
  for (const BaselineDiff& d : c.since_baseline) since_baseline.push_back(to_json(d));
  json classes = json::array();
  for (const TargetClass& t : c.target_classes) classes.push_back(detail::class_json(t));
  return json{{"schema_version", kReportSchemaVersion},
              {"generated_at", c.generated_at},
              {"hwcert_version", c.hwcert_version},
              {"devices", devices},
              {"matrix", matrix},
              {"since_baseline", since_baseline},
              {"baseline_notes", c.baseline_notes},
              {"target_classes", classes},
              {"class_notes", c.class_notes},
              {"certified", detail::certified_json(c.certified)}};
}

}  // namespace hwcert::reports
