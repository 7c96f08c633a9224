#include "svg_chart.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <array>

#include "hwcert/reports/escape.hpp"

namespace hwcert::reports::detail {
namespace {

constexpr std::array<std::string_view, 8> kPalette = {"#1f77b4", "#ff7f0e", "#2ca02c", "#d62728",
                                                      "#9467bd", "#8c564b", "#e377c2", "#17becf"};
constexpr int kLabelWidth = 260;
constexpr int kPlotWidth = 420;
constexpr int kValueWidth = 110;
constexpr int kBarHeight = 14;
constexpr int kGroupGap = 10;
constexpr int kTop = 28;

// At most `max_chars` code points, with an ellipsis when cut (the full text goes in <title>).
std::string clip(const std::string& text, size_t max_chars) {
  size_t chars = 0;
  for (size_t i = 0; i < text.size(); ++i) {
    if ((static_cast<unsigned char>(text[i]) & 0xC0) == 0x80) continue;
    if (++chars > max_chars) return text.substr(0, i) + "…";
  }
  return text;
}

constexpr size_t kMaxLabelChars = 40;
constexpr size_t kMaxLegendChars = 80;

std::string value_text(double v, const BarChart& chart) {
  if (chart.percent) return fmt::format("{:.1f}%", v * 100.0);
  return fmt::format("{:.4g} {}", v, chart.unit);
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
  const int height = legend_top + series * 18 + 8;
  const int width = kLabelWidth + kPlotWidth + kValueWidth;

  std::string svg = fmt::format(
      "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"chart\" width=\"{}\" height=\"{}\" "
      "viewBox=\"0 0 {} {}\" role=\"img\" aria-label=\"{}\">\n",
      width, height, width, height, html_escape(chart.title));
  svg += fmt::format("<text x=\"0\" y=\"16\" class=\"chart-title\">{}</text>\n",
                     html_escape(chart.title));
  auto x_of = [&](double v) { return kLabelWidth + v / max_value * kPlotWidth; };
  for (size_t gi = 0; gi < chart.groups.size(); ++gi) {
    const BarGroup& g = chart.groups[gi];
    const int y0 = kTop + static_cast<int>(gi) * group_height;
    svg += fmt::format(
        "<text x=\"{}\" y=\"{}\" class=\"bar-label\" "
        "text-anchor=\"end\"><title>{}</title>{}</text>\n",
        kLabelWidth - 6, y0 + series * kBarHeight / 2 + 4, html_escape(g.label),
        html_escape(clip(g.label, kMaxLabelChars)));
    for (int si = 0; si < series && si < static_cast<int>(g.values.size()); ++si) {
      const int y = y0 + si * kBarHeight;
      const auto& v = g.values[static_cast<size_t>(si)];
      if (!v) {
        const std::string note = static_cast<size_t>(si) < g.notes.size() && !g.notes[si].empty()
                                     ? g.notes[si]
                                     : "no result";
        svg += fmt::format("<text x=\"{}\" y=\"{}\" class=\"bar-missing\">{}</text>\n",
                           kLabelWidth + 4, y + kBarHeight - 3, html_escape(note));
        continue;
      }
      const double w = std::max(1.0, x_of(*v) - kLabelWidth);
      svg += fmt::format(
          "<rect x=\"{}\" y=\"{}\" width=\"{:.1f}\" height=\"{}\" fill=\"{}\"><title>{}: "
          "{}</title></rect>\n",
          kLabelWidth, y + 1, w, kBarHeight - 2,
          kPalette[static_cast<size_t>(si) % kPalette.size()],
          html_escape(chart.series[static_cast<size_t>(si)]), html_escape(value_text(*v, chart)));
      svg +=
          fmt::format("<text x=\"{:.1f}\" y=\"{}\" class=\"bar-value\">{}</text>\n",
                      kLabelWidth + w + 4, y + kBarHeight - 3, html_escape(value_text(*v, chart)));
    }
  }
  if (chart.reference) {
    const double x = x_of(*chart.reference);
    svg +=
        fmt::format("<line x1=\"{:.1f}\" y1=\"{}\" x2=\"{:.1f}\" y2=\"{}\" class=\"reference\"/>\n",
                    x, kTop - 4, x, legend_top - 4);
  }
  for (int si = 0; si < static_cast<int>(chart.series.size()); ++si) {
    const int y = legend_top + si * 18;
    svg += fmt::format(
        "<rect x=\"{}\" y=\"{}\" width=\"12\" height=\"12\" fill=\"{}\"/>"
        "<text x=\"{}\" y=\"{}\" class=\"legend\"><title>{}</title>{}</text>\n",
        kLabelWidth, y, kPalette[static_cast<size_t>(si) % kPalette.size()], kLabelWidth + 18,
        y + 10, html_escape(chart.series[static_cast<size_t>(si)]),
        html_escape(clip(chart.series[static_cast<size_t>(si)], kMaxLegendChars)));
  }
  svg += "</svg>\n";
  return svg;
}

}  // namespace hwcert::reports::detail
