#include "report_classes.hpp"

#include <fmt/format.h>

#include <algorithm>

#include "hwcert/profile/load_profile.hpp"

namespace hwcert::cli {
namespace {

reports::ClassFigure to_figure(const profile::SourcedFigure& f) {
  return {f.value,    f.source,       std::string(profile::to_string(f.basis)),
          f.disputed, f.alternatives, f.note};
}

std::vector<reports::ClassLevel> to_levels(const std::vector<profile::Level>& levels) {
  std::vector<reports::ClassLevel> out;
  for (const profile::Level& l : levels) {
    reports::ClassLevel level{l.name, l.description, l.extends, {}};
    for (const profile::Requirement& r : l.requirements)
      level.requirements.push_back({r.op, r.dtype});
    out.push_back(std::move(level));
  }
  return out;
}

std::vector<reports::ClassFloor> to_floors(const std::vector<profile::PerfFloor>& floors) {
  std::vector<reports::ClassFloor> out;
  for (const profile::PerfFloor& f : floors) {
    out.push_back({f.level, f.op, f.dtype, f.math_mode, std::string(profile::to_string(f.basis)),
                   f.min_fraction, f.advisory, f.note});
  }
  return out;
}

}  // namespace

reports::TargetClass to_report_class(const profile::TargetProfile& p) {
  reports::TargetClass t;
  t.id = p.id;
  t.name = p.name;
  t.vendor = p.vendor;
  t.device_class = p.device_class;
  t.chips_per_card = p.chips_per_card;
  t.native_dtypes = p.native_dtypes;
  for (const profile::Peak& peak : p.peaks)
    t.peaks.push_back({peak.dtype, peak.math_mode, to_figure(peak.tflops)});
  t.memory_bytes = p.memory.size_bytes;
  t.memory_type = p.memory.type;
  t.memory_source = p.memory.size_source;
  if (p.memory.bandwidth_gbps) t.bandwidth_gbps = to_figure(*p.memory.bandwidth_gbps);
  t.overflow = p.overflow;
  t.math_modes = p.math_modes.expected;
  t.forbidden_silent = p.math_modes.forbidden_silent;
  t.levels = to_levels(p.levels);
  t.floors = to_floors(p.floors);
  return t;
}

void add_target_classes(reports::Comparison& comparison,
                        const std::vector<std::string>& expected_targets,
                        const std::filesystem::path& dir) {
  std::vector<std::string> ids;  // each target once, the bundles' first
  auto add = [&](const std::string& id) {
    if (!id.empty() && std::find(ids.begin(), ids.end(), id) == ids.end()) ids.push_back(id);
  };
  for (const reports::DeviceColumn& col : comparison.columns) add(col.target);
  for (const std::string& id : expected_targets) add(id);
  for (const std::string& id : ids) {
    const profile::ProfileLoad loaded = profile::load_profile(dir / (id + ".toml"));
    if (!loaded.ok()) {
      comparison.class_notes.push_back(
          fmt::format("target '{}': no readable profile in {}", id, dir.string()));
      continue;
    }
    comparison.target_classes.push_back(to_report_class(*loaded.profile));
  }
}

}  // namespace hwcert::cli
