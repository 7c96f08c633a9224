// Line charts: time series (a stability run's throughput and memory) over linear axes from 0.
#include <fmt/format.h>

#include <algorithm>
#include <cmath>

#include "svg_chart.hpp"

namespace hwcert::reports::detail {
namespace {

constexpr PlotFrame kLineFrame{64, 30, 420, 160, 160};
constexpr int kTicks = 4;

// 1, 2 or 5 times a power of ten, at least `value` (the top of an axis).
double nice_ceiling(double value) {
  if (!(value > 0)) return 1;
  const double decade = std::pow(10.0, std::floor(std::log10(value)));
  for (double step : {1.0, 2.0, 5.0, 10.0}) {
    if (step * decade >= value) return step * decade;
  }
  return 10 * decade;
}

struct Scale {
  double x_max, y_max;
  double x(double v) const { return kLineFrame.left + v / x_max * kLineFrame.width; }
  double y(double v) const {
    return kLineFrame.top + kLineFrame.height - v / y_max * kLineFrame.height;
  }
};

Scale scale_of(const LineChart& chart) {
  double x_max = 0, y_max = 0;
  for (const LineSeries& s : chart.series) {
    for (const auto& [x, y] : s.points) x_max = std::max(x_max, x), y_max = std::max(y_max, y);
  }
  return {nice_ceiling(x_max), nice_ceiling(y_max)};
}

std::string axes(const LineChart& chart, const Scale& s) {
  std::string svg;
  for (int i = 0; i <= kTicks; ++i) {
    const double y = s.y_max * i / kTicks;
    const double x = s.x_max * i / kTicks;
    svg +=
        svg::line(kLineFrame.left, s.y(y), kLineFrame.left + kLineFrame.width, s.y(y), "gridline");
    svg += svg::text(kLineFrame.left - 4, s.y(y) + 3, fmt::format("{:g}", y), "grid-label", "end");
    svg += svg::text(s.x(x), kLineFrame.top + kLineFrame.height + 14, fmt::format("{:g}", x),
                     "grid-label", "middle");
  }
  svg += svg::text(kLineFrame.left + kLineFrame.width / 2.0,
                   kLineFrame.top + kLineFrame.height + 28, chart.x_unit, "axis-label", "middle");
  svg += svg::text(kLineFrame.left, kLineFrame.top - 8, chart.y_unit, "axis-label");
  return svg;
}

}  // namespace

std::string render_svg(const LineChart& chart) {
  const Scale s = scale_of(chart);
  std::string svg = kLineFrame.open(36, chart.title);
  svg += axes(chart, s);
  for (size_t i = 0; i < chart.series.size(); ++i) {
    const LineSeries& series = chart.series[i];
    std::string points;
    for (const auto& [x, y] : series.points)
      points += fmt::format("{:.1f},{:.1f} ", s.x(x), s.y(y));
    svg +=
        fmt::format("<polyline fill=\"none\" stroke=\"{}\" stroke-width=\"1.5\" points=\"{}\"/>\n",
                    svg::palette(i), points);
    const double legend_y = kLineFrame.top + 12 + 16.0 * static_cast<double>(i);
    svg +=
        svg::rect(kLineFrame.left + kLineFrame.width + 12, legend_y - 8, 10, 10, svg::palette(i));
    svg += svg::text(kLineFrame.left + kLineFrame.width + 26, legend_y, svg::clip(series.name, 22),
                     "axis-label", "", series.name);
  }
  return svg + std::string(svg::kClose);
}

}  // namespace hwcert::reports::detail
