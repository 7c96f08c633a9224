// The target classes side by side: the class table, the fractions of a class's figures, and
// placeholder columns that show what their class requires instead of "no result".
#include <gtest/gtest.h>

#include "hwcert/reports/comparison.hpp"
#include "hwcert/reports/writers.hpp"
#include "sample_bundles.hpp"

namespace hwcert::reports {
namespace {

using testing::count;

class TargetClasses : public ::testing::Test {
 protected:
  void SetUp() override {
    bundles_ = testing::sample_bundles();
    comparison_ = build_comparison(bundles_, "t", "v", {"a100", "h100"});
    comparison_.target_classes = testing::sample_classes();
    html_ = report_html(comparison_);
    section_ = html_.substr(html_.find("id=\"classes\""));
    section_ = section_.substr(0, section_.find("<h2", 1));
  }
  std::vector<results::BundleResults> bundles_;
  Comparison comparison_;
  std::string html_;
  std::string section_;  // the class section alone
};

TEST_F(TargetClasses, FractionsAreTheBestCaseOverTheClassFigure) {
  const auto f = class_fractions(comparison_.target_classes[0], bundles_[0].perf);
  ASSERT_EQ(f.size(), 3u);  // two peaks, then the bandwidth
  EXPECT_EQ(f[0].figure, "f16 peak");
  EXPECT_EQ(f[0].case_id, "matmul.f16.4096");
  EXPECT_NEAR(*f[0].fraction(), 250.0 / 312.0, 1e-12);
  EXPECT_EQ(f[1].figure, "f32 tf32 peak");
  EXPECT_FALSE(f[1].achieved);
  EXPECT_FALSE(f[1].fraction());
  EXPECT_EQ(f[2].figure, "memory bandwidth");
  EXPECT_NEAR(*f[2].fraction(), 1800.0 / 2039.0, 1e-12);
  // A skipped case never counts.
  EXPECT_FALSE(class_fractions(comparison_.target_classes[0], bundles_[1].perf)[2].achieved);
}

TEST_F(TargetClasses, OneColumnPerClassWithItsOwnFigures) {
  EXPECT_EQ(count(section_, "<small>a100</small></th>"), 1u);
  EXPECT_EQ(count(section_, "<small>h100</small></th>"), 1u);
  EXPECT_NE(section_.find("<tr><th>peak f16</th><td>312 TFLOP/s</td><td>989 TFLOP/s</td></tr>"),
            std::string::npos)
      << section_;
  EXPECT_NE(section_.find("<tr><th>peak f8e4m3</th><td>—</td><td>1979 TFLOP/s</td></tr>"),
            std::string::npos);
  EXPECT_NE(section_.find("<tr><th>memory</th><td>80 GB HBM2e</td>"), std::string::npos);
  EXPECT_NE(section_.find("2039 GB/s <small>(third-party)</small> <span class=\"disputed\" "
                          "title=\"also published: 1935\">disputed</span>"),
            std::string::npos);
  EXPECT_NE(section_.find("<details><summary>3 op × dtype</summary>"), std::string::npos);
  EXPECT_NE(section_.find("matmul f16 ≥ 60% of peak (full)"), std::string::npos);
  // The measured device against its class, the class without a bundle said so.
  EXPECT_NE(section_.find("<td rowspan=\"3\">a100</td><td>f16 peak</td><td>312 TFLOP/s</td>"
                          "<td>250 TFLOP/s</td><td>80.1%"),
            std::string::npos);
  EXPECT_NE(section_.find("no bundle: the class's figures only"), std::string::npos);
}

TEST_F(TargetClasses, ReportJsonCarriesTheClassesTheirFractionsAndTheCertifiedList) {
  results::CertifiedEntry entry;
  entry.device = "A100";
  entry.target = "a100";
  entry.levels = {"core"};
  comparison_.certified = {entry};
  const auto j = report_json(comparison_);
  ASSERT_EQ(j["target_classes"].size(), 2u);
  EXPECT_EQ(j["target_classes"][0]["id"], "a100");
  EXPECT_EQ(j["target_classes"][0]["peaks"][0]["tflops"]["value"], 312.0);
  EXPECT_EQ(j["target_classes"][0]["bandwidth_gbps"]["alternatives"][0], 1935.0);
  EXPECT_TRUE(j["target_classes"][0]["bandwidth_gbps"]["disputed"].get<bool>());
  // h100's core level: a100's two requirements and its own matmul f8e4m3.
  ASSERT_EQ(j["target_classes"][1]["levels"][0]["requirements"].size(), 3u);
  EXPECT_EQ(j["target_classes"][1]["levels"][0]["requirements"][2]["dtype"], "f8e4m3");
  // The a100 device's fractions, as the HTML shows them; a device without a class has none.
  const auto& fractions = j["devices"][0]["class_fractions"];
  ASSERT_EQ(fractions.size(), 3u);
  EXPECT_EQ(fractions[0]["case_id"], "matmul.f16.4096");
  EXPECT_NEAR(fractions[0]["fraction"].get<double>(), 250.0 / 312.0, 1e-12);
  EXPECT_TRUE(fractions[1]["fraction"].is_null());
  EXPECT_TRUE(j["devices"][1]["class_fractions"].empty());
  EXPECT_EQ(j["certified"][0]["levels"][0], "core");
  // The second sample bundle holds a stability run; the first none.
  EXPECT_TRUE(j["devices"][0]["stability"].is_null());
  EXPECT_EQ(j["devices"][1]["stability"]["streams"], 4);
}

TEST_F(TargetClasses, PlaceholderColumnsShowRequirementsNotNoResult) {
  const std::string matrix = html_.substr(html_.find("id=\"conformance\""));
  // h100 (no bundle) requires add f32 and matmul f32 at core, add f64 at full only.
  EXPECT_GE(count(matrix, "<td class=\"required\">required: core</td></tr>"), 2u);
  EXPECT_EQ(count(matrix, "<td class=\"required\">required: full</td></tr>"), 1u);
  EXPECT_GE(count(matrix, "<td class=\"muted\">not required</td></tr>"), 1u);
  EXPECT_EQ(count(matrix, "<td class=\"noresult\">no result</td></tr>"), 0u);
  // Its certification row names what the class requires, its devices row points to the class.
  EXPECT_NE(html_.find("<td class=\"noresult\">no bundle; the class requires 3 op × dtype</td>"),
            std::string::npos);
  EXPECT_NE(html_.find("no bundle: the class's figures and requirements are under"),
            std::string::npos);
  const size_t certification = html_.find("id=\"certification\"");
  EXPECT_EQ(html_.substr(0, html_.find("id=\"classes\"")).find(">no result</td>", certification),
            std::string::npos);
}

TEST_F(TargetClasses, ProfileStringsAreEscaped) {
  EXPECT_EQ(html_.find("<i>post</i>"), std::string::npos);
  EXPECT_NE(section_.find("forum &lt;i&gt;post&lt;/i&gt;"), std::string::npos);
}

TEST_F(TargetClasses, UnreadableClassesAreNamed) {
  comparison_.target_classes.clear();
  comparison_.class_notes = {"target 'x<y': no readable profile in /t"};
  const std::string html = report_html(comparison_);
  EXPECT_NE(html.find("<p>target &#39;x&lt;y&#39;: no readable profile in /t</p>"),
            std::string::npos);
  EXPECT_EQ(html.find("<table class=\"classes\">"), std::string::npos);
}

}  // namespace
}  // namespace hwcert::reports
