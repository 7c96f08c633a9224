#include "hwcert/reports/comparison.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <map>
#include <numeric>

namespace hwcert::reports {

int64_t Cell::total() const {
  return std::accumulate(counts.begin(), counts.end(), int64_t{0});
}

const TargetClass* Comparison::find_class(std::string_view id) const {
  auto it = std::find_if(target_classes.begin(), target_classes.end(),
                         [&](const TargetClass& t) { return t.id == id; });
  return it == target_classes.end() ? nullptr : &*it;
}

namespace {

const results::BundleResults& no_results() {
  static const results::BundleResults kEmpty{};
  return kEmpty;
}

}  // namespace

Comparison build_comparison(const std::vector<results::BundleResults>& bundles,
                            std::string generated_at, std::string hwcert_version,
                            const std::vector<std::string>& expected_targets) {
  Comparison c;
  c.generated_at = std::move(generated_at);
  c.hwcert_version = std::move(hwcert_version);
  for (size_t i = 0; i < bundles.size(); ++i) {
    const results::BundleResults& b = bundles[i];
    DeviceColumn col;
    col.id = fmt::format("d{}", i);
    col.label = fmt::format("{} ({} {})", b.system.device.name, b.system.plugin.name,
                            b.system.plugin.version);
    col.target = b.summary ? b.summary->target : "";
    col.bundle = &b;
    c.columns.push_back(std::move(col));
  }
  for (const std::string& target : expected_targets) {
    const bool covered = std::any_of(c.columns.begin(), c.columns.end(),
                                     [&](const DeviceColumn& col) { return col.target == target; });
    if (covered) continue;
    DeviceColumn col;
    col.id = fmt::format("d{}", c.columns.size());
    col.label = fmt::format("{} (no result)", target);
    col.target = target;
    col.bundle = &no_results();
    col.placeholder = true;
    c.columns.push_back(std::move(col));
  }

  std::map<std::pair<std::string, std::string>, Row> rows;
  for (size_t i = 0; i < bundles.size(); ++i) {
    for (const results::CaseResult& r : bundles[i].conformance) {
      auto key = std::make_pair(r.op, r.primary_dtype());
      auto [it, inserted] = rows.try_emplace(key);
      if (inserted) {
        it->second.op = key.first;
        it->second.dtype = key.second;
        it->second.cells.resize(c.columns.size());
      }
      Cell& cell = it->second.cells[i];
      if (!cell.present || results::severity(r.status) > results::severity(cell.worst))
        cell.worst = r.status;
      cell.present = true;
      cell.counts[static_cast<size_t>(r.status)] += 1;
      if (r.status != results::CaseStatus::kUnsupported) {
        cell.max_abs_error = std::max(cell.max_abs_error, r.max_abs_error);
        cell.max_rel_error = std::max(cell.max_rel_error, r.max_rel_error);
        cell.max_ulp_error = std::max(cell.max_ulp_error, r.max_ulp_error);
        if (std::find(cell.math_modes.begin(), cell.math_modes.end(), r.math_mode) ==
            cell.math_modes.end()) {
          cell.math_modes.push_back(r.math_mode);
          std::sort(cell.math_modes.begin(), cell.math_modes.end());
        }
      }
    }
  }
  for (auto& [key, row] : rows) c.rows.push_back(std::move(row));
  return c;
}

}  // namespace hwcert::reports
