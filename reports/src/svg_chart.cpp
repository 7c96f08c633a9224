#include "svg_chart.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <array>

#include "hwcert/reports/escape.hpp"

namespace hwcert::reports::detail {

namespace svg {

std::string_view palette(size_t index) {
  static constexpr std::array<std::string_view, 8> kPalette = {
      "#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b", "#e377c2", "#17becf"};
  return kPalette[index % kPalette.size()];
}

std::string clip(const std::string& text, size_t max_chars) {
  size_t chars = 0;
  for (size_t i = 0; i < text.size(); ++i) {
    if ((static_cast<unsigned char>(text[i]) & 0xC0) == 0x80) continue;
    if (++chars > max_chars) return text.substr(0, i) + "…";
  }
  return text;
}

std::string open(int width, int height, std::string_view label) {
  return fmt::format(
      "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"chart\" width=\"{}\" height=\"{}\" "
      "viewBox=\"0 0 {} {}\" role=\"img\" aria-label=\"{}\">\n"
      "<text x=\"0\" y=\"16\" class=\"chart-title\">{}</text>\n",
      width, height, width, height, html_escape(label), html_escape(label));
}

std::string text(double x, double y, std::string_view text, std::string_view css_class,
                 std::string_view anchor, std::string_view tooltip) {
  return fmt::format("<text x=\"{:.1f}\" y=\"{:.1f}\" class=\"{}\"{}>{}{}</text>\n", x, y,
                     css_class, anchor.empty() ? "" : fmt::format(" text-anchor=\"{}\"", anchor),
                     tooltip.empty() ? "" : "<title>" + html_escape(tooltip) + "</title>",
                     html_escape(text));
}

std::string rect(double x, double y, double w, double h, std::string_view fill,
                 std::string_view tooltip) {
  if (tooltip.empty()) {
    return fmt::format(
        "<rect x=\"{:.1f}\" y=\"{:.1f}\" width=\"{:.1f}\" height=\"{:.1f}\" "
        "fill=\"{}\"/>\n",
        x, y, w, h, fill);
  }
  return fmt::format(
      "<rect x=\"{:.1f}\" y=\"{:.1f}\" width=\"{:.1f}\" height=\"{:.1f}\" fill=\"{}\">"
      "<title>{}</title></rect>\n",
      x, y, w, h, fill, html_escape(tooltip));
}

std::string line(double x1, double y1, double x2, double y2, std::string_view css_class) {
  return fmt::format(
      "<line x1=\"{:.1f}\" y1=\"{:.1f}\" x2=\"{:.1f}\" y2=\"{:.1f}\" class=\"{}\"/>\n", x1, y1, x2,
      y2, css_class);
}

std::string circle(double cx, double cy, double r, std::string_view fill,
                   std::string_view tooltip) {
  return fmt::format(
      "<circle cx=\"{:.1f}\" cy=\"{:.1f}\" r=\"{:.1f}\" fill=\"{}\"><title>{}</title></circle>\n",
      cx, cy, r, fill, html_escape(tooltip));
}

}  // namespace svg

namespace {

constexpr int kLabelWidth = 260;
constexpr int kPlotWidth = 420;
constexpr int kValueWidth = 110;
constexpr int kBarHeight = 14;
constexpr int kGroupGap = 10;
constexpr int kTop = 28;
constexpr size_t kMaxLabelChars = 40;
constexpr size_t kMaxLegendChars = 80;

std::string value_text(double v, const BarChart& chart) {
  if (chart.percent) return fmt::format("{:.1f}%", v * 100.0);
  return fmt::format("{:.4g} {}", v, chart.unit);
}

// The bars of one group, or the note of a missing value.
std::string group_bars(const BarChart& chart, const BarGroup& g, int y0, double max_value) {
  std::string svg;
  const size_t series = std::max<size_t>(chart.series.size(), 1);
  for (size_t si = 0; si < series && si < g.values.size(); ++si) {
    const int y = y0 + static_cast<int>(si) * kBarHeight;
    const auto& v = g.values[si];
    if (!v) {
      const std::string note =
          si < g.notes.size() && !g.notes[si].empty() ? g.notes[si] : "no result";
      svg += svg::text(kLabelWidth + 4, y + kBarHeight - 3, note, "bar-missing");
      continue;
    }
    const double w = std::max(1.0, *v / max_value * kPlotWidth);
    const std::string value = value_text(*v, chart);
    svg += svg::rect(kLabelWidth, y + 1, w, kBarHeight - 2, svg::palette(si),
                     chart.series[si] + ": " + value);
    svg += svg::text(kLabelWidth + w + 4, y + kBarHeight - 3, value, "bar-value");
  }
  return svg;
}

}  // namespace

std::string render_svg(const BarChart& chart) {
  double max_value = chart.reference.value_or(0);
  for (const auto& g : chart.groups) {
    for (const auto& v : g.values) {
      if (v) max_value = std::max(max_value, *v);
    }
  }
  if (max_value <= 0) max_value = 1;
  const int series = static_cast<int>(std::max<size_t>(chart.series.size(), 1));
  const int group_height = series * kBarHeight + kGroupGap;
  const int legend_top = kTop + static_cast<int>(chart.groups.size()) * group_height + 8;
  std::string svg =
      svg::open(kLabelWidth + kPlotWidth + kValueWidth, legend_top + series * 18 + 8, chart.title);
  for (size_t gi = 0; gi < chart.groups.size(); ++gi) {
    const BarGroup& g = chart.groups[gi];
    const int y0 = kTop + static_cast<int>(gi) * group_height;
    svg += svg::text(kLabelWidth - 6, y0 + series * kBarHeight / 2 + 4,
                     svg::clip(g.label, kMaxLabelChars), "bar-label", "end", g.label);
    svg += group_bars(chart, g, y0, max_value);
  }
  if (chart.reference) {
    const double x = kLabelWidth + *chart.reference / max_value * kPlotWidth;
    svg += svg::line(x, kTop - 4, x, legend_top - 4, "reference");
  }
  for (size_t si = 0; si < chart.series.size(); ++si) {
    const int y = legend_top + static_cast<int>(si) * 18;
    svg += svg::rect(kLabelWidth, y, 12, 12, svg::palette(si));
    svg += svg::text(kLabelWidth + 18, y + 10, svg::clip(chart.series[si], kMaxLegendChars),
                     "legend", "", chart.series[si]);
  }
  return svg + std::string(svg::kClose);
}

}  // namespace hwcert::reports::detail
