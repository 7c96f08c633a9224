// The four outputs: content, "no result" cells, and escaping of hostile plugin strings.
#include <gtest/gtest.h>

#include <algorithm>
#include <regex>
#include <sstream>

#include "hwcert/reports/comparison.hpp"
#include "hwcert/reports/writers.hpp"
#include "sample_bundles.hpp"

namespace hwcert::reports {
namespace {

using testing::count;

class Writers : public ::testing::Test {
 protected:
  void SetUp() override {
    bundles_ = testing::sample_bundles();
    comparison_ = build_comparison(bundles_, "2026-01-04T00:00:00Z", "hwcert 0.1.0 (test)");
  }
  std::vector<results::BundleResults> bundles_;
  Comparison comparison_;
};

TEST_F(Writers, ComparisonHasOneColumnPerBundleAndNoResultCells) {
  ASSERT_EQ(comparison_.columns.size(), 2u);
  auto row = [&](const std::string& op, const std::string& dtype) -> const Row& {
    auto it = std::find_if(comparison_.rows.begin(), comparison_.rows.end(),
                           [&](const Row& r) { return r.op == op && r.dtype == dtype; });
    EXPECT_NE(it, comparison_.rows.end()) << op << " " << dtype;
    return *it;
  };
  const Row& matmul = row("matmul", "f32");
  EXPECT_EQ(matmul.cells[0].worst, results::CaseStatus::kFail);
  EXPECT_DOUBLE_EQ(matmul.cells[0].max_ulp_error, 65536);
  EXPECT_EQ(matmul.cells[1].worst, results::CaseStatus::kPass);
  const Row& fp8 = row("matmul", "f8e4m3");  // keyed by the first input's dtype
  EXPECT_EQ(fp8.cells[0].worst, results::CaseStatus::kUnsupported);
  EXPECT_FALSE(fp8.cells[1].present);
  EXPECT_FALSE(row("add", "f64").cells[0].present);
  const Row& exp16 = row("exp", "f16");
  EXPECT_EQ(exp16.cells[0].worst, results::CaseStatus::kCrash);
}

TEST_F(Writers, HtmlIsSelfContainedAndEscapesPluginStrings) {
  const std::string html = report_html(comparison_);
  EXPECT_EQ(html.find("<script"), std::string::npos);
  EXPECT_NE(html.find("evil&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; ]]&gt; a|b"),
            std::string::npos);
  EXPECT_NE(html.find("Evil GPU &lt;b&gt;X&lt;/b&gt;"), std::string::npos);
  EXPECT_NE(html.find("&lt;/pre&gt;&lt;script&gt;alert(2)"), std::string::npos);
  // Nothing fetched from elsewhere: no external references at all.
  for (const char* external : {"src=", "<link", "@import", "url(", "<iframe", "<object", "<img"}) {
    EXPECT_EQ(html.find(external), std::string::npos) << external;
  }
  // The only URL is the SVG namespace (an identifier, never fetched) and the waiver link, as text.
  std::regex url("https?://[^\"<\\s]*");
  for (auto it = std::sregex_iterator(html.begin(), html.end(), url); it != std::sregex_iterator();
       ++it) {
    const std::string u = it->str();
    EXPECT_TRUE(u == "http://www.w3.org/2000/svg" || u == "https://example.invalid/12") << u;
  }
  // Sections: matrix with "no result", inline SVG charts, a drill-down per failure, catalogue.
  EXPECT_GE(count(html, "<td class=\"noresult\">no result</td>"), 3u);
  // The summary, a heat map per device, the TFLOP/s, GB/s and fraction-of-peak bars, and a
  // roofline per device with arithmetic cases, and the one stability run's throughput and
  // memory over time.
  EXPECT_EQ(count(html, "<svg "), 1u + 2u + 3u + 2u + 2u);
  const std::string stability = html.substr(html.find("id=\"stability\""));
  EXPECT_EQ(count(stability.substr(0, stability.find("<h2")), "<polyline "), 2u);
  EXPECT_NE(stability.find("<span class=\"fail\">FAIL</span>"), std::string::npos);
  EXPECT_NE(stability.find("throughput drift 90.0%"), std::string::npos);
  const std::string bars = html.substr(html.find("id=\"performance\""));
  EXPECT_EQ(count(bars.substr(0, bars.find("id=\"roofline\"")), "<svg "), 3u);
  EXPECT_NE(html.find("no published peak"), std::string::npos);
  EXPECT_NE(html.find("class=\"bar-missing\">skipped</text>"), std::string::npos);
  EXPECT_NE(html.find("(skipped: does not fit in device memory)"), std::string::npos);
  EXPECT_NE(html.find("<details><summary><span class=\"fail\">fail</span>"), std::string::npos);
  EXPECT_NE(html.find("<details><summary><span class=\"fail\">crash</span>"), std::string::npos);
  EXPECT_NE(html.find("hwcert run-op --plugin ref --op matmul --dtype f32 --seed 7"),
            std::string::npos);
  const auto catalogue = html.substr(html.find("id=\"catalogue\""));
  EXPECT_NE(catalogue.find("<td>core</td><td>2026-01-02T04:00:00Z</td>"), std::string::npos)
      << catalogue;
  EXPECT_NE(catalogue.find("1.2.3"), std::string::npos);
  EXPECT_NE(catalogue.find("0.1.0 (abc123)"), std::string::npos);
  EXPECT_EQ(catalogue.find("<td>full</td>"), std::string::npos);  // not certified
}

TEST_F(Writers, JunitHasOneTestcasePerCaseAndEscapesEverything) {
  const std::string xml = report_junit(comparison_);
  EXPECT_EQ(count(xml, "<testcase "), 8u);  // 5 + 3 cases
  EXPECT_EQ(count(xml, "<testsuite "), 2u);
  EXPECT_EQ(xml.find("<script"), std::string::npos);
  EXPECT_EQ(xml.find("]]>"), std::string::npos);
  EXPECT_EQ(xml.find('\x01'), std::string::npos);
  EXPECT_NE(xml.find("]]&gt;"), std::string::npos);
  EXPECT_NE(xml.find("\\x01"), std::string::npos);
  EXPECT_NE(xml.find("tests=\"8\" failures=\"1\" errors=\"1\" skipped=\"2\""), std::string::npos)
      << xml;
  EXPECT_NE(xml.find("<failure type=\"fail\""), std::string::npos);
  EXPECT_NE(xml.find("<error type=\"crash\""), std::string::npos);
  EXPECT_NE(xml.find("reproduce: hwcert run-op --plugin ref --op matmul"), std::string::npos);
  EXPECT_NE(xml.find("<property name=\"level.core\" value=\"certified\"/>"), std::string::npos);
}

TEST_F(Writers, MarkdownStatusTableSurvivesHostileNames) {
  const std::string md = report_markdown(comparison_);
  EXPECT_EQ(md.find("<script"), std::string::npos);
  EXPECT_NE(md.find("&lt;script&gt;"), std::string::npos);
  EXPECT_NE(md.find("a\\|b \\*c\\* \\_d\\_ \\`e\\` second line"), std::string::npos) << md;
  // Every table row has as many unescaped '|' as the header: no cell was split or broken.
  std::istringstream lines(md);
  std::string line;
  int header_pipes = -1;
  int rows = 0;
  while (std::getline(lines, line)) {
    if (line.empty() || line[0] != '|') continue;
    int pipes = 0;
    for (size_t i = 0; i < line.size(); ++i)
      pipes += (line[i] == '|' && (i == 0 || line[i - 1] != '\\'));
    if (header_pipes < 0) header_pipes = pipes;
    EXPECT_EQ(pipes, header_pipes) << line;
    ++rows;
  }
  EXPECT_EQ(rows, 4);  // header, separator, two devices
  EXPECT_NE(md.find("✅ certified"), std::string::npos);
  EXPECT_NE(md.find("❌ not certified (1 failing, 1 missing)"), std::string::npos) << md;
  EXPECT_NE(md.find("not evaluated"), std::string::npos);
  EXPECT_NE(md.find("## Failures (2)"), std::string::npos);
  EXPECT_NE(md.find("reproduce: ` hwcert run-op --plugin ref --op matmul --dtype f32 --seed 7 `"),
            std::string::npos);
}

TEST_F(Writers, MarkdownCapsTheFailureList) {
  const std::string md = report_markdown(comparison_, 1);
  EXPECT_NE(md.find("…and 1 more failures"), std::string::npos);
}

TEST_F(Writers, ExpectedTargetsWithoutBundlesShowNoResult) {
  const Comparison c = build_comparison(bundles_, "t", "v", {"a100", "h100"});
  ASSERT_EQ(c.columns.size(), 3u);  // a100 is covered by the first bundle
  EXPECT_TRUE(c.columns[2].placeholder);
  EXPECT_EQ(c.columns[2].target, "h100");
  for (const Row& row : c.rows) {
    ASSERT_EQ(row.cells.size(), 3u);
    EXPECT_FALSE(row.cells[2].present);
  }
  const std::string html = report_html(c);
  EXPECT_NE(html.find("<th>h100 (no result)</th>"), std::string::npos);
  EXPECT_GE(count(html, "<td class=\"noresult\">no result</td>"), c.rows.size());
  EXPECT_NE(html.find("<td class=\"noresult\">no result</td></tr>"), std::string::npos);
  const std::string md = report_markdown(c);
  EXPECT_NE(md.find("| h100 (no result) | h100 | no result | no result | — | — |"),
            std::string::npos)
      << md;
  // The header counts bundles, not the targets added for comparison.
  EXPECT_NE(md.find("from 2 bundle(s), 1 target(s) without a result."), std::string::npos) << md;
  EXPECT_NE(html.find("from 2 bundle(s), 1 target(s) without a result."), std::string::npos);
  EXPECT_NE(report_markdown(comparison_).find("from 2 bundle(s).\n"), std::string::npos);
  const auto j = report_json(c);
  EXPECT_TRUE(j["devices"][2]["placeholder"].get<bool>());
  EXPECT_EQ(j["matrix"][0]["cells"][2]["status"], "no result");
  EXPECT_NE(report_junit(c).find("name=\"h100 (no result)\" tests=\"0\""), std::string::npos);
}

TEST_F(Writers, LongChartLabelsAreClippedWithTheFullTextInATooltip) {
  const std::string long_id(60, 'x');
  bundles_[1].perf[0].case_id = long_id;
  const std::string html = report_html(build_comparison(bundles_, "t", "v"));
  EXPECT_NE(html.find("<title>" + long_id + "</title>" + std::string(40, 'x') + "…</text>"),
            std::string::npos);
}

TEST_F(Writers, JsonKeepsPluginStringsAsData) {
  const auto j = report_json(comparison_);
  const std::string label = j["devices"][0]["label"].get<std::string>();
  EXPECT_EQ(label.find("Evil GPU <b>X</b> (evil<script>alert('x')</script> ]]> a|b"), 0u);
  EXPECT_EQ(j["devices"][0]["system"]["plugin"]["name"].get<std::string>(), testing::kHostileName);
  EXPECT_EQ(j["matrix"].size(), comparison_.rows.size());
  // The dump never throws on the invalid UTF-8 byte.
  const std::string text = j.dump(2, ' ', false, nlohmann::json::error_handler_t::replace);
  EXPECT_NE(text.find("\\u0001"), std::string::npos);
}

}  // namespace
}  // namespace hwcert::reports
