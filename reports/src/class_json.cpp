// report.json's target classes: each profile's published figures, requirements and floors as a
// report shows them (reports/include/hwcert/reports/target_class.hpp), and a device's fractions
// of its class's figures.
#include "class_json.hpp"

#include "hwcert/results/json_io.hpp"

namespace hwcert::reports::detail {
namespace {

using nlohmann::json;

json figure_json(const ClassFigure& f) {
  return {{"value", f.value},
          {"source", f.source},
          {"basis", f.basis},
          {"disputed", f.disputed},
          {"alternatives", f.alternatives},
          {"note", f.note}};
}

json levels_json(const std::vector<ClassLevel>& levels) {
  json out = json::array();
  for (const ClassLevel& l : levels) {
    json requirements = json::array();
    for (const ClassRequirement& r : l.requirements) {
      requirements.push_back({{"op", r.op}, {"dtype", r.dtype}});
    }
    out.push_back({{"name", l.name},
                   {"description", l.description},
                   {"extends", l.extends},
                   {"requirements", requirements}});
  }
  return out;
}

json floors_json(const std::vector<ClassFloor>& floors) {
  json out = json::array();
  for (const ClassFloor& f : floors) {
    out.push_back({{"level", f.level},
                   {"op", f.op},
                   {"dtype", f.dtype},
                   {"math_mode", f.math_mode},
                   {"basis", f.basis},
                   {"min_fraction", f.min_fraction},
                   {"advisory", f.advisory},
                   {"note", f.note}});
  }
  return out;
}

}  // namespace

json class_json(const TargetClass& c) {
  json peaks = json::array();
  for (const ClassPeak& p : c.peaks) {
    peaks.push_back(
        {{"dtype", p.dtype}, {"math_mode", p.math_mode}, {"tflops", figure_json(p.tflops)}});
  }
  return {{"id", c.id},
          {"name", c.name},
          {"vendor", c.vendor},
          {"device_class", c.device_class},
          {"chips_per_card", c.chips_per_card},
          {"native_dtypes", c.native_dtypes},
          {"peaks", peaks},
          {"memory_bytes", c.memory_bytes ? json(*c.memory_bytes) : json(nullptr)},
          {"memory_type", c.memory_type},
          {"memory_source", c.memory_source},
          {"bandwidth_gbps", c.bandwidth_gbps ? figure_json(*c.bandwidth_gbps) : json(nullptr)},
          {"overflow", c.overflow},
          {"math_modes", c.math_modes},
          {"forbidden_silent", c.forbidden_silent},
          {"levels", levels_json(c.levels)},
          {"floors", floors_json(c.floors)}};
}

json fractions_json(const std::vector<ClassFraction>& fractions) {
  json out = json::array();
  for (const ClassFraction& f : fractions) {
    const std::optional<double> fraction = f.fraction();
    out.push_back({{"figure", f.figure},
                   {"unit", f.unit},
                   {"class_value", f.class_value},
                   {"achieved", f.achieved ? json(*f.achieved) : json(nullptr)},
                   {"case_id", f.case_id},
                   {"fraction", fraction ? json(*fraction) : json(nullptr)}});
  }
  return out;
}

json certified_json(const std::vector<results::CertifiedEntry>& entries) {
  json out = json::array();
  for (const results::CertifiedEntry& e : entries) out.push_back(results::to_json(e));
  return out;
}

}  // namespace hwcert::reports::detail
