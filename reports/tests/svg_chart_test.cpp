// The SVG drawing: every chart is well-formed, escapes its text, and draws what it is given.
#include "svg_chart.hpp"

#include <gtest/gtest.h>

#include <regex>

#include "hwcert/reports/comparison.hpp"
#include "hwcert/reports/writers.hpp"
#include "sample_bundles.hpp"

namespace hwcert::reports::detail {
namespace {

using testing::count;

// Tags balance and nest (self-closing ones aside), and no '<' or '&' stands raw in text: what
// an XML parser needs of this subset.
::testing::AssertionResult well_formed(const std::string& svg) {
  std::vector<std::string> open;
  static const std::regex kTag("<(/?)([a-zA-Z]+)[^<>]*?(/?)>|<|&(?!(lt|gt|amp|quot|#39);)");
  for (auto it = std::sregex_iterator(svg.begin(), svg.end(), kTag); it != std::sregex_iterator();
       ++it) {
    const std::smatch& m = *it;
    if (!m[2].matched)
      return ::testing::AssertionFailure() << "raw " << m.str() << " at " << m.position();
    if (m[3].length() > 0) continue;  // self-closing
    if (m[1].length() == 0) {
      open.push_back(m[2]);
    } else if (open.empty() || open.back() != m[2]) {
      return ::testing::AssertionFailure()
             << "</" << m[2] << "> closes nothing at " << m.position();
    } else {
      open.pop_back();
    }
  }
  if (!open.empty()) return ::testing::AssertionFailure() << "<" << open.back() << "> left open";
  return ::testing::AssertionSuccess();
}

TEST(SvgChart, TheCheckCatchesBrokenMarkup) {
  EXPECT_FALSE(well_formed("<svg><text>a</svg>"));
  EXPECT_FALSE(well_formed("<svg><text>a < b</text></svg>"));
  EXPECT_FALSE(well_formed("<svg><text>a & b</text></svg>"));
  EXPECT_TRUE(well_formed("<svg><rect/><text>a &lt; b</text></svg>"));
}

TEST(SvgChart, TileGridDrawsEveryTileAndEscapes) {
  TileGrid g{"grid <1>", {"f32", "f16"}, {"add", "mat<mul>"}, {}, 12, 12, 70, true};
  g.tiles = {{{"#fff", "", "a & b"}, {"#000", "x<y", "t"}}, {{"#fff", "", "c"}, {"#fff", "", "d"}}};
  const std::string svg = render_svg(g);
  EXPECT_TRUE(well_formed(svg)) << svg;
  EXPECT_EQ(count(svg, "<rect "), 4u);
  EXPECT_NE(svg.find("<title>a &amp; b</title>"), std::string::npos);
  EXPECT_NE(svg.find(">x&lt;y</text>"), std::string::npos);
  EXPECT_NE(svg.find("mat&lt;mul&gt;"), std::string::npos);
  EXPECT_EQ(svg.find("<1>"), std::string::npos);
}

TEST(SvgChart, RooflinePlacesEveryPointInsideThePlot) {
  Roofline plot{"roof <a>",
                {{"f16 peak 989", 989, false}, {"best", 400, true}},
                {{"3350 GB/s", 3350, false}},
                {{"matmul/f16/<1>", "f16", 1365.3, 400},
                 {"add/f32", "f32", 0.083, 0.2},
                 {"softmax/f32", "f32", 0.5, 0.9}}};
  const std::string svg = render_svg(plot);
  EXPECT_TRUE(well_formed(svg)) << svg;
  EXPECT_EQ(count(svg, "<circle "), 3u + 2u);  // the points and a legend dot per dtype
  EXPECT_EQ(count(svg, "class=\"roof\""), 2u);
  EXPECT_EQ(count(svg, "class=\"roof measured\""), 1u);
  EXPECT_NE(svg.find("matmul/f16/&lt;1&gt;: 400 TFLOP/s"), std::string::npos);
  static const std::regex kCircle("<circle cx=\"([0-9.]+)\" cy=\"([0-9.]+)\"");
  for (auto it = std::sregex_iterator(svg.begin(), svg.end(), kCircle);
       it != std::sregex_iterator(); ++it) {
    const double cx = std::stod((*it)[1]), cy = std::stod((*it)[2]);
    EXPECT_GE(cx, 64.0);
    EXPECT_LE(cx, 64.0 + 520 + 260);
    EXPECT_GE(cy, 30.0);
    EXPECT_LE(cy, 330.0);
  }
}

TEST(SvgChart, EveryChartOfTheReportIsWellFormed) {
  const auto bundles = reports::testing::sample_bundles();
  Comparison c = build_comparison(bundles, "t", "v", {"a100", "h100"});
  c.target_classes = reports::testing::sample_classes();
  const std::string html = report_html(c);
  size_t charts = 0;
  for (size_t at = html.find("<svg "); at != std::string::npos; at = html.find("<svg ", at + 1)) {
    const size_t end = html.find("</svg>", at);
    ASSERT_NE(end, std::string::npos);
    EXPECT_TRUE(well_formed(html.substr(at, end + 6 - at))) << charts;
    ++charts;
  }
  // Nine before the stability section, and the stability run's two line charts.
  EXPECT_EQ(charts, 11u);
  // The summary: a row per column, the best fractions of the class's figures.
  const std::string summary = html.substr(html.find("id=\"summary\""));
  EXPECT_NE(summary.find(">80.1% f16</text>"), std::string::npos);
  EXPECT_NE(summary.find(">88.3% memory</text>"), std::string::npos);
  EXPECT_NE(summary.find(">no bundle</text>"), std::string::npos);
  EXPECT_EQ(summary.find("<script"), std::string::npos);
}

}  // namespace
}  // namespace hwcert::reports::detail
