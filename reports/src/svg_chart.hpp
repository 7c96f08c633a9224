// Horizontal grouped bar charts as inline SVG (private to hwcert_reports).
#pragma once

#include <optional>
#include <string>
#include <vector>

namespace hwcert::reports::detail {

struct BarGroup {
  std::string label;                          // plain text; the chart escapes it
  std::vector<std::optional<double>> values;  // one per series; empty = no result
  std::vector<std::string> notes;             // per series, shown instead of a missing value
};

struct BarChart {
  std::string title;
  std::string unit;                 // "TFLOP/s", "GB/s", "of peak"
  std::vector<std::string> series;  // legend entries (device labels), plain text
  std::vector<BarGroup> groups;
  std::optional<double> reference;  // a dashed vertical line (e.g. 1.0 = the peak)
  bool percent = false;             // values are fractions, shown as percentages
};

// One <svg> element, sized to its content.
std::string render_svg(const BarChart& chart);

}  // namespace hwcert::reports::detail
