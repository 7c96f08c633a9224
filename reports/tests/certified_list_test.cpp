// The certified list section of report.md and report.html (`hwcert report --registry`).
#include <gtest/gtest.h>

#include "hwcert/reports/comparison.hpp"
#include "hwcert/reports/writers.hpp"

namespace hwcert::reports {
namespace {

Comparison with_list() {
  Comparison c = build_comparison({}, "2026-12-07T00:00:00Z", "hwcert 0.1.0 (test)");
  c.certified.push_back({"GPU <b>", "plug|in", "1.0", "a100", {"core", "full"},
                         "2026-12-06T10:00:00Z", std::string(64, 'a'), "/b/0"});
  c.certified.push_back(
      {"CPU", "reference", "0.1", "cpu", {"core"}, "2026-12-07T09:00:00Z", std::string(64, 'b'),
       "/b/1"});
  return c;
}

TEST(CertifiedList, MarkdownHasARowPerEntryEscaped) {
  const std::string md = report_markdown(with_list());
  EXPECT_NE(md.find("## Certified list (2)"), std::string::npos) << md;
  EXPECT_NE(md.find("| 1 | GPU &lt;b&gt; | plug\\|in 1.0 | a100 | core, full | "
                    "2026-12-06T10:00:00Z | ` aaaaaaaaaaaaaaaa ` |"),
            std::string::npos)
      << md;
  EXPECT_NE(md.find("| 2 | CPU | reference 0.1 | cpu | core |"), std::string::npos) << md;
}

TEST(CertifiedList, HtmlHasATableWithTheFullHashOnHover) {
  const std::string html = report_html(with_list());
  EXPECT_NE(html.find("<h2 id=\"certified-list\">Certified list (2)</h2>"), std::string::npos);
  EXPECT_NE(html.find("<td>GPU &lt;b&gt;</td>"), std::string::npos);
  EXPECT_NE(html.find("title=\"" + std::string(64, 'b') + "\">bbbbbbbbbbbbbbbb</code>"),
            std::string::npos);
}

TEST(CertifiedList, NoSectionWithoutEntries) {
  const Comparison empty = build_comparison({}, "t", "v");
  EXPECT_EQ(report_markdown(empty).find("Certified list"), std::string::npos);
  EXPECT_EQ(report_html(empty).find("certified-list"), std::string::npos);
}

}  // namespace
}  // namespace hwcert::reports
