#include "hwcert/results/utf8.hpp"

#include <gtest/gtest.h>

#include "hwcert/results/junit.hpp"

namespace hwcert::results {
namespace {

TEST(XmlEscape, NeverLetsASectionEndOrControlCharacterThrough) {
  EXPECT_EQ(xml_escape("]]>"), "]]&gt;");
  EXPECT_EQ(xml_escape("a<b>&\"c'"), "a&lt;b&gt;&amp;&quot;c&apos;");
  EXPECT_EQ(xml_escape("<a b='c'>&"), "&lt;a b=&apos;c&apos;&gt;&amp;");
  EXPECT_EQ(xml_escape(std::string("x\x01y\x1f", 4)), "x\\x01y\\x1f");
  EXPECT_EQ(xml_escape(std::string("nul\0", 4)), "nul\\x00");
  EXPECT_EQ(xml_escape("a\nb\tc\rd"), "a&#10;b&#9;c&#13;d");
  EXPECT_EQ(xml_escape("\xEF\xBF\xBE"), "\\ufffe");
  EXPECT_EQ(xml_escape("caf\xc3\xa9"), "caf\xc3\xa9");  // valid UTF-8 kept
}

TEST(XmlEscape, InvalidUtf8BecomesReplacementCharacter) {
  EXPECT_EQ(xml_escape("\xff"), "\xEF\xBF\xBD");
  EXPECT_EQ(xml_escape("bad \xff\xfe end"), "bad \xEF\xBF\xBD\xEF\xBF\xBD end");
}

TEST(Utf8, InvalidBytesBecomeReplacementCharacters) {
  EXPECT_EQ(valid_utf8("ok\xff"), "ok\xEF\xBF\xBD");
  EXPECT_EQ(valid_utf8("\xC0\xAF"), "\xEF\xBF\xBD\xEF\xBF\xBD");                  // overlong '/'
  EXPECT_EQ(valid_utf8("\xED\xA0\x80"), "\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD");  // surrogate
  EXPECT_EQ(valid_utf8("\xE2\x82"), "\xEF\xBF\xBD\xEF\xBF\xBD");                  // truncated
  EXPECT_EQ(valid_utf8("\xF4\x90\x80\x80"),
            "\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD");  // beyond U+10FFFF
  EXPECT_EQ(valid_utf8("€"), "€");
}

TEST(Utf8, DecodesCodePoints) {
  EXPECT_EQ(decode_utf8("€", 0).length, 3u);
  EXPECT_EQ(decode_utf8("€", 0).code_point, 0x20ACu);
  EXPECT_EQ(decode_utf8("\xF0\x9F\x98\x80", 0).code_point, 0x1F600u);
  EXPECT_EQ(decode_utf8("\x80", 0).length, 0u);
}

}  // namespace
}  // namespace hwcert::results
