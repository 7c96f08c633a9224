// Bundles from any number of machines merged into one comparison: one column per device
// (bundle), one row per op x dtype. No aggregate score: every cell keeps its counts.
#pragma once

#include <array>
#include <optional>
#include <string>
#include <vector>

#include "hwcert/reports/baseline_diff.hpp"
#include "hwcert/reports/target_class.hpp"
#include "hwcert/results/bundle.hpp"
#include "hwcert/results/certified_entry.hpp"

namespace hwcert::reports {

// One compared device: a bundle's device, plugin and target. A placeholder column stands for
// an expected target no bundle covers: every cell of it reads "no result".
struct DeviceColumn {
  std::string id;     // unique within a report: "d0", "d1", ...
  std::string label;  // "<device name> (<plugin> <version>)", from plugin-supplied strings
  std::string target;
  const results::BundleResults* bundle = nullptr;  // never null (a placeholder's is empty)
  bool placeholder = false;
};

// The cases of one op x dtype on one device.
struct Cell {
  bool present = false;  // false: "no result" (the device never ran this op x dtype)
  std::array<int64_t, results::kCaseStatusCount> counts{};
  results::CaseStatus worst = results::CaseStatus::kPass;
  double max_abs_error = 0;
  double max_rel_error = 0;
  double max_ulp_error = 0;
  std::vector<std::string> math_modes;  // sorted, unique

  int64_t total() const;
  int64_t count(results::CaseStatus s) const { return counts[static_cast<size_t>(s)]; }
};

struct Row {
  std::string op;
  std::string dtype;
  std::vector<Cell> cells;  // one per column
};

struct Comparison {
  std::string generated_at;    // ISO 8601 UTC
  std::string hwcert_version;  // the tool that wrote the report: "hwcert 0.1.0 (...)"
  std::vector<DeviceColumn> columns;
  std::vector<Row> rows;  // sorted by op, then dtype
  // `hwcert report --baseline`: what changed per device since the baseline run, and a line
  // for each device the baseline held no run of.
  std::vector<BaselineDiff> since_baseline;
  std::vector<std::string> baseline_notes;
  // The target classes compared side by side (the bundles' targets and the expected ones), as
  // the caller read them from their profiles; a line for each it could not read.
  std::vector<TargetClass> target_classes;
  std::vector<std::string> class_notes;

  const TargetClass* find_class(std::string_view id) const;  // null if not given
  // `hwcert report --registry`: the certified list, checked by the caller.
  std::vector<results::CertifiedEntry> certified;
};

// `bundles` must outlive the comparison (columns point into it). Every id in
// `expected_targets` that no bundle was evaluated against gets a placeholder column.
Comparison build_comparison(const std::vector<results::BundleResults>& bundles,
                            std::string generated_at, std::string hwcert_version,
                            const std::vector<std::string>& expected_targets = {});

}  // namespace hwcert::reports
