// Tile grids: the report's one-screen summary (wide tiles with text) and the op x dtype heat
// maps (small tiles, column labels written upwards).
#include <fmt/format.h>

#include <algorithm>

#include "svg_chart.hpp"

namespace hwcert::reports::detail {
namespace {

constexpr int kTitleHeight = 26;
constexpr size_t kMaxRowLabelChars = 48;

int column_label_height(const TileGrid& g) {
  if (!g.vertical_column_labels) return 18;
  size_t longest = 0;
  for (const std::string& l : g.column_labels) longest = std::max(longest, l.size());
  return static_cast<int>(std::min<size_t>(longest, 24)) * 6 + 8;
}

std::string column_labels(const TileGrid& g, int top) {
  std::string svg;
  for (size_t c = 0; c < g.column_labels.size(); ++c) {
    const double x = g.label_width + static_cast<double>(c) * g.tile_width + g.tile_width / 2.0;
    if (!g.vertical_column_labels) {
      svg += svg::text(x, top - 5, svg::clip(g.column_labels[c], 20), "grid-label", "middle",
                       g.column_labels[c]);
      continue;
    }
    // Written upwards, ending just above its column.
    svg += fmt::format("<g transform=\"translate({:.1f},{}) rotate(-90)\">", x + 4, top - 4);
    svg += svg::text(0, 0, svg::clip(g.column_labels[c], 24), "grid-label", "", g.column_labels[c]);
    svg += "</g>\n";
  }
  return svg;
}

}  // namespace

std::string render_svg(const TileGrid& g) {
  const int top = kTitleHeight + column_label_height(g);
  constexpr int kMinWidth = 480;  // room for the title
  const int width = std::max(
      kMinWidth, g.label_width + static_cast<int>(g.column_labels.size()) * g.tile_width + 4);
  const int height = top + static_cast<int>(g.row_labels.size()) * g.tile_height + 4;
  std::string svg = svg::open(width, height, g.title) + column_labels(g, top);
  for (size_t r = 0; r < g.row_labels.size() && r < g.tiles.size(); ++r) {
    const double y = top + static_cast<double>(r) * g.tile_height;
    svg += svg::text(g.label_width - 6, y + g.tile_height / 2.0 + 4,
                     svg::clip(g.row_labels[r], kMaxRowLabelChars), "grid-label", "end",
                     g.row_labels[r]);
    for (size_t c = 0; c < g.tiles[r].size() && c < g.column_labels.size(); ++c) {
      const Tile& t = g.tiles[r][c];
      const double x = g.label_width + static_cast<double>(c) * g.tile_width;
      svg += svg::rect(x + 1, y + 1, g.tile_width - 2, g.tile_height - 2, t.fill, t.tooltip);
      if (!t.text.empty()) {
        svg += svg::text(x + g.tile_width / 2.0, y + g.tile_height / 2.0 + 4, t.text, "tile-text",
                         "middle");
      }
    }
  }
  return svg + std::string(svg::kClose);
}

}  // namespace hwcert::reports::detail
