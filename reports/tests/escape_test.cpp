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

TEST(Escape, XmlNeverLetsASectionEndOrControlCharacterThrough) {
  EXPECT_EQ(xml_escape("]]>"), "]]&gt;");
  EXPECT_EQ(xml_escape("<a b='c'>&"), "&lt;a b=&apos;c&apos;&gt;&amp;");
  EXPECT_EQ(xml_escape(std::string("x\x01y\x1f", 4)), "x\\x01y\\x1f");
  EXPECT_EQ(xml_escape(std::string("nul\0", 4)), "nul\\x00");
  EXPECT_EQ(xml_escape("a\nb\tc\rd"), "a&#10;b&#9;c&#13;d");
  EXPECT_EQ(xml_escape("\xEF\xBF\xBE"), "\\ufffe");
}

TEST(Escape, InvalidUtf8BecomesReplacementCharacter) {
  EXPECT_EQ(valid_utf8("ok\xff"), "ok\xEF\xBF\xBD");
  EXPECT_EQ(valid_utf8("\xC0\xAF"), "\xEF\xBF\xBD\xEF\xBF\xBD");                  // overlong '/'
  EXPECT_EQ(valid_utf8("\xED\xA0\x80"), "\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD");  // surrogate
  EXPECT_EQ(valid_utf8("\xE2\x82"), "\xEF\xBF\xBD\xEF\xBF\xBD");                  // truncated
  EXPECT_EQ(valid_utf8("€"), "€");
  EXPECT_EQ(xml_escape("\xff"), "\xEF\xBF\xBD");
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
