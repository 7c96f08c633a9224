// Every SVG the HTML report draws, inline and self-contained (private to hwcert_reports): the
// drawing primitives (each escapes its text) and the three charts built on them: grouped bars,
// tile grids (the summary and the op x dtype heat maps), roofline plots and line charts.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace hwcert::reports::detail {

// --- primitives: one element each; text and tooltips are plain text, escaped here ---
namespace svg {
std::string_view palette(size_t index);  // a colour per series, repeating
// At most `max_chars` code points, with an ellipsis when cut.
std::string clip(const std::string& text, size_t max_chars);
std::string open(int width, int height, std::string_view label);  // <svg ...> and its title
std::string text(double x, double y, std::string_view text, std::string_view css_class,
                 std::string_view anchor = "", std::string_view tooltip = "");
std::string rect(double x, double y, double w, double h, std::string_view fill,
                 std::string_view tooltip = "");
std::string line(double x1, double y1, double x2, double y2, std::string_view css_class);
std::string circle(double cx, double cy, double r, std::string_view fill, std::string_view tooltip);
inline constexpr std::string_view kClose = "</svg>\n";
}  // namespace svg

// The plot area of a chart with axes (line charts, rooflines): its top-left corner in the
// SVG, its size, and the legend column to its right.
struct PlotFrame {
  int left, top, width, height, legend_width;
  // An <svg> element holding the frame, with `bottom` pixels below the plot for axis labels.
  std::string open(int bottom, std::string_view title) const {
    return svg::open(left + width + legend_width, top + height + bottom, title);
  }
};

// --- grouped horizontal bars ---
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

// --- a grid of coloured tiles: rows x columns, each with an optional text and a tooltip ---
struct Tile {
  std::string fill;     // a CSS colour
  std::string text;     // shown in the tile; may be empty
  std::string tooltip;  // plain text
};

struct TileGrid {
  std::string title;
  std::vector<std::string> row_labels;
  std::vector<std::string> column_labels;
  std::vector<std::vector<Tile>> tiles;  // [row][column]
  int tile_width = 12;
  int tile_height = 12;
  int label_width = 90;
  bool vertical_column_labels = true;  // for many narrow columns (a heat map)
};

std::string render_svg(const TileGrid& grid);

// --- a roofline plot: TFLOP/s over arithmetic intensity (flop per byte), both logarithmic ---
struct RooflinePoint {
  std::string label;  // tooltip: the case
  std::string group;  // legend entry (the dtype); one colour each
  double intensity = 0;
  double tflops = 0;
};

struct RooflineCeiling {
  std::string label;  // "f16 peak 989 TFLOP/s"
  double tflops = 0;
  bool measured = false;  // the device's own best (dashed) rather than a published figure
};

struct Roofline {
  std::string title;
  std::vector<RooflineCeiling> ceilings;  // horizontal
  struct Slope {
    std::string label;
    double gbps = 0;
    bool measured = false;
  };
  std::vector<Slope> bandwidths;  // diagonal: TFLOP/s = GB/s x intensity / 1000
  std::vector<RooflinePoint> points;
};

std::string render_svg(const Roofline& plot);

// --- a line chart: one or more series of (x, y) points over linear axes (svg_line.cpp) ---
struct LineSeries {
  std::string name;  // legend entry, plain text
  std::vector<std::pair<double, double>> points;
};

struct LineChart {
  std::string title;
  std::string x_unit;  // "s"
  std::string y_unit;  // "launches/s", "MiB"
  std::vector<LineSeries> series;
};

std::string render_svg(const LineChart& chart);

}  // namespace hwcert::reports::detail
