// Roofline plots: a device's perf cases placed by arithmetic intensity and TFLOP/s under the
// ceilings of its class (solid) and its own best measured rates (dashed).
#include <fmt/format.h>

#include <algorithm>
#include <cmath>

#include "svg_chart.hpp"

namespace hwcert::reports::detail {
namespace {

constexpr PlotFrame kRooflineFrame{64, 30, 520, 300, 260};

// Decades spanned by the plot, both axes.
struct Axes {
  double x_lo, x_hi, y_lo, y_hi;  // log10
  double x(double intensity) const {
    return kRooflineFrame.left +
           (std::log10(intensity) - x_lo) / (x_hi - x_lo) * kRooflineFrame.width;
  }
  double y(double tflops) const {
    return kRooflineFrame.top + kRooflineFrame.height -
           (std::log10(tflops) - y_lo) / (y_hi - y_lo) * kRooflineFrame.height;
  }
};

Axes axes_of(const Roofline& p) {
  double x_min = 1e300, x_max = 0, y_min = 1e300, y_max = 0;
  for (const RooflinePoint& q : p.points) {
    x_min = std::min(x_min, q.intensity), x_max = std::max(x_max, q.intensity);
    y_min = std::min(y_min, q.tflops), y_max = std::max(y_max, q.tflops);
  }
  for (const RooflineCeiling& c : p.ceilings) y_max = std::max(y_max, c.tflops);
  if (x_max <= 0) x_min = 0.1, x_max = 100;
  if (y_max <= 0) y_min = 1e-3, y_max = 1;
  return {std::floor(std::log10(x_min)), std::ceil(std::log10(x_max) + 1e-9),
          std::floor(std::log10(std::min(y_min, y_max))), std::ceil(std::log10(y_max) + 1e-9)};
}

std::string grid(const Axes& a) {
  std::string svg;
  for (double d = a.x_lo; d <= a.x_hi; d += 1) {
    const double x = a.x(std::pow(10.0, d));
    svg +=
        svg::line(x, kRooflineFrame.top, x, kRooflineFrame.top + kRooflineFrame.height, "gridline");
    svg += svg::text(x, kRooflineFrame.top + kRooflineFrame.height + 14,
                     fmt::format("{:g}", std::pow(10.0, d)), "axis-label", "middle");
  }
  for (double d = a.y_lo; d <= a.y_hi; d += 1) {
    const double y = a.y(std::pow(10.0, d));
    svg += svg::line(kRooflineFrame.left, y, kRooflineFrame.left + kRooflineFrame.width, y,
                     "gridline");
    svg += svg::text(kRooflineFrame.left - 4, y + 4, fmt::format("{:g}", std::pow(10.0, d)),
                     "axis-label", "end");
  }
  svg += svg::text(kRooflineFrame.left + kRooflineFrame.width / 2.0,
                   kRooflineFrame.top + kRooflineFrame.height + 30,
                   "arithmetic intensity (flop per byte)", "axis-label", "middle");
  svg += svg::text(4, kRooflineFrame.top - 8, "TFLOP/s", "axis-label");
  return svg;
}

std::string roofs(const Roofline& p, const Axes& a) {
  std::string svg;
  const double x0 = std::pow(10.0, a.x_lo), x1 = std::pow(10.0, a.x_hi);
  for (const RooflineCeiling& c : p.ceilings) {
    const double y = a.y(c.tflops);
    svg += svg::line(kRooflineFrame.left, y, kRooflineFrame.left + kRooflineFrame.width, y,
                     c.measured ? "roof measured" : "roof");
    svg += svg::text(kRooflineFrame.left + kRooflineFrame.width - 2, y - 3, c.label, "roof-label",
                     "end");
  }
  for (const Roofline::Slope& s : p.bandwidths) {
    // TFLOP/s = GB/s x intensity / 1000, clipped to the plot's top.
    const double top = std::pow(10.0, a.y_hi);
    const double x_end = std::min(x1, top * 1000.0 / s.gbps);
    const double x_start = std::max(x0, std::pow(10.0, a.y_lo) * 1000.0 / s.gbps);
    if (x_start >= x_end) continue;
    svg += svg::line(a.x(x_start), a.y(s.gbps * x_start / 1000), a.x(x_end),
                     a.y(s.gbps * x_end / 1000), s.measured ? "roof measured" : "roof");
    svg += svg::text(a.x(x_start) + 4, a.y(s.gbps * x_start / 1000) - 4, s.label, "roof-label");
  }
  return svg;
}

std::string points_and_legend(const Roofline& p, const Axes& a) {
  std::vector<std::string> groups;
  for (const RooflinePoint& q : p.points) {
    if (std::find(groups.begin(), groups.end(), q.group) == groups.end()) groups.push_back(q.group);
  }
  std::string svg;
  for (const RooflinePoint& q : p.points) {
    const size_t g =
        static_cast<size_t>(std::find(groups.begin(), groups.end(), q.group) - groups.begin());
    svg += svg::circle(
        a.x(q.intensity), a.y(q.tflops), 4, svg::palette(g),
        fmt::format("{}: {:.4g} TFLOP/s at {:.3g} flop/byte", q.label, q.tflops, q.intensity));
  }
  const int lx = kRooflineFrame.left + kRooflineFrame.width + 16;
  for (size_t g = 0; g < groups.size(); ++g) {
    const int y = kRooflineFrame.top + static_cast<int>(g) * 18;
    svg += svg::circle(lx + 5, y + 6, 5, svg::palette(g), groups[g]);
    svg += svg::text(lx + 16, y + 10, groups[g], "legend");
  }
  return svg;
}

}  // namespace

std::string render_svg(const Roofline& p) {
  const Axes a = axes_of(p);
  std::string svg = kRooflineFrame.open(40, p.title);
  svg += grid(a) + roofs(p, a) + points_and_legend(p, a);
  return svg + std::string(svg::kClose);
}

}  // namespace hwcert::reports::detail
