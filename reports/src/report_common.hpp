// Helpers shared by the report writers (private to hwcert_reports).
#pragma once

#include <fmt/format.h>

#include <string>
#include <vector>

#include "hwcert/reports/comparison.hpp"

namespace hwcert::reports::detail {

struct CaseRef {
  const DeviceColumn* column;
  const results::CaseResult* record;
};

// Every case whose status is a failure (is_failure), in column order then file order.
inline std::vector<CaseRef> failures(const Comparison& c) {
  std::vector<CaseRef> out;
  for (const DeviceColumn& col : c.columns) {
    for (const results::CaseResult& r : col.bundle->conformance) {
      if (results::is_failure(r.status)) out.push_back({&col, &r});
    }
  }
  return out;
}

// "2 bundle(s)" or "2 bundle(s), 5 target(s) without a result": placeholder columns are
// targets named for comparison, not bundles.
inline std::string column_count_text(const Comparison& c) {
  size_t placeholders = 0;
  for (const DeviceColumn& col : c.columns) placeholders += col.placeholder ? 1 : 0;
  std::string text = fmt::format("{} bundle(s)", c.columns.size() - placeholders);
  if (placeholders > 0) text += fmt::format(", {} target(s) without a result", placeholders);
  return text;
}

inline std::string short_number(double v) {
  return fmt::format("{:.3g}", v);
}

// "pass 12/12", "fail 2/12", "unsupported", "waived 1/3", "no result".
inline std::string cell_status_text(const Cell& cell) {
  if (!cell.present) return "no result";
  const int64_t total = cell.total();
  if (cell.worst == results::CaseStatus::kUnsupported &&
      cell.count(results::CaseStatus::kUnsupported) == total) {
    return "unsupported";
  }
  if (cell.worst == results::CaseStatus::kPass) return fmt::format("pass {}/{}", total, total);
  return fmt::format("{} {}/{}", to_string(cell.worst), cell.count(cell.worst), total);
}

// The largest error of a cell in the most telling unit.
inline std::string cell_error_text(const Cell& cell) {
  if (!cell.present || cell.worst == results::CaseStatus::kUnsupported) return "";
  if (cell.max_ulp_error > 0) return fmt::format("max {} ulp", short_number(cell.max_ulp_error));
  if (cell.max_rel_error > 0) return fmt::format("max rel {}", short_number(cell.max_rel_error));
  if (cell.max_abs_error > 0) return fmt::format("max abs {}", short_number(cell.max_abs_error));
  return "exact";
}

// "certified", "not certified", "not evaluated", or "no result" (placeholder column).
inline std::string level_status(const DeviceColumn& col, const std::string& level) {
  if (col.placeholder) return "no result";
  if (!col.bundle->summary) return "not evaluated";
  for (const results::LevelResult& l : col.bundle->summary->levels) {
    if (l.level == level) return l.status == "certified" ? "certified" : "not certified";
  }
  return "not evaluated";
}

inline const results::LevelResult* find_level(const DeviceColumn& col, const std::string& level) {
  if (!col.bundle->summary) return nullptr;
  for (const results::LevelResult& l : col.bundle->summary->levels) {
    if (l.level == level) return &l;
  }
  return nullptr;
}

// Every level name any bundle evaluated, "core" and "full" first.
inline std::vector<std::string> level_names(const Comparison& c) {
  std::vector<std::string> names = {"core", "full"};
  for (const DeviceColumn& col : c.columns) {
    if (!col.bundle->summary) continue;
    for (const results::LevelResult& l : col.bundle->summary->levels) {
      if (std::find(names.begin(), names.end(), l.level) == names.end()) names.push_back(l.level);
    }
  }
  return names;
}

}  // namespace hwcert::reports::detail
