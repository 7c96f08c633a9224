#include <gtest/gtest.h>

#include "hwcert/reports/escape.hpp"

namespace hwcert::reports {
namespace {

TEST(Escape, Html) {
  EXPECT_EQ(html_escape("<script>a&b</script>\"'"),
            "&lt;script&gt;a&amp;b&lt;/script&gt;&quot;&#39;");
  EXPECT_EQ(html_escape("tab\tnl\n"), "tab\tnl\n");
  EXPECT_EQ(html_escape(std::string("a\x01"
                                    "b")),
            "a\xEF\xBF\xBD"
            "b");
  EXPECT_EQ(html_escape("µs ≤ 1"), "µs ≤ 1");
}

TEST(Escape, MarkdownStaysOnOneLineAndInert) {
  EXPECT_EQ(markdown_escape("a|b"), "a\\|b");
  EXPECT_EQ(markdown_escape("*x* _y_ `z` [l](u) ~s~ \\"),
            "\\*x\\* \\_y\\_ \\`z\\` \\[l\\](u) \\~s\\~ \\\\");
  EXPECT_EQ(markdown_escape("<script>&"), "&lt;script&gt;&amp;");
  EXPECT_EQ(markdown_escape("line1\nline2\r\n"), "line1 line2  ");
}

TEST(Escape, MarkdownCodeSpanOutrunsBackticks) {
  EXPECT_EQ(markdown_code("ls -l"), "` ls -l `");
  EXPECT_EQ(markdown_code("a `b` c"), "`` a `b` c ``");
  EXPECT_EQ(markdown_code("x ``` y"), "```` x ``` y ````");
  EXPECT_EQ(markdown_code("two\nlines"), "` two lines `");
}

}  // namespace
}  // namespace hwcert::reports
