#include "hwcert/runner/junit.hpp"

#include <gtest/gtest.h>

namespace hwcert::runner {
namespace {

using conformance::CaseResult;
using conformance::CaseStatus;

TEST(XmlEscape, SpecialCharactersControlAndInvalidUtf8) {
  EXPECT_EQ(xml_escape("a<b>&\"c'"), "a&lt;b&gt;&amp;&quot;c&apos;");
  EXPECT_EQ(xml_escape("]]>"), "]]&gt;");
  EXPECT_EQ(xml_escape(std::string("x\x01y\x1b\tz\n", 7)), "x\\x01y\\x1b\tz\n");
  EXPECT_EQ(xml_escape(std::string("\0", 1)), "\\x00");
  EXPECT_EQ(xml_escape("caf\xc3\xa9"), "caf\xc3\xa9");  // valid UTF-8 kept
  EXPECT_EQ(xml_escape("bad \xff\xfe end"), "bad \xEF\xBF\xBD\xEF\xBF\xBD end");
  EXPECT_EQ(xml_escape("\xe2\x82"), "\xEF\xBF\xBD\xEF\xBF\xBD");  // truncated sequence
  EXPECT_EQ(xml_escape("\xed\xa0\x80"), "\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD");  // surrogate
}

TEST(JUnit, OneTestcasePerCaseWithTheRightElement) {
  std::vector<CaseResult> results(4);
  results[0].case_id = "add.f32";
  results[0].op = "add";
  results[0].status = CaseStatus::kPass;
  results[1].case_id = "exp.f32";
  results[1].op = "exp";
  results[1].status = CaseStatus::kFail;
  results[1].message = "max ulp 40 > 3 at <index 7> ]]> \x02";
  results[1].reproducer = "hwcert run-op --op exp";
  results[2].case_id = "log.f32";
  results[2].op = "log";
  results[2].status = CaseStatus::kCrash;
  results[2].message = "SIGSEGV (Segmentation fault)";
  results[3].case_id = "neg.f8";
  results[3].op = "neg";
  results[3].status = CaseStatus::kUnsupported;
  results[3].message = "no fp8";
  const std::string xml = junit_xml("smoke", "plugin \"x\" device 0", results);
  EXPECT_NE(xml.find("tests=\"4\" failures=\"1\" errors=\"1\" skipped=\"1\""), std::string::npos)
      << xml;
  EXPECT_NE(xml.find("<testcase classname=\"conformance.add\" name=\"add.f32\" time=\"0.000\"/>"),
            std::string::npos);
  EXPECT_NE(
      xml.find(
          "<failure type=\"fail\" message=\"max ulp 40 &gt; 3 at &lt;index 7&gt; ]]&gt; \\x02\">"),
      std::string::npos)
      << xml;
  EXPECT_NE(xml.find("reproduce: hwcert run-op --op exp"), std::string::npos);
  EXPECT_NE(xml.find("<error type=\"crash\" message=\"SIGSEGV (Segmentation fault)\">"),
            std::string::npos);
  EXPECT_NE(xml.find("<skipped message=\"unsupported: no fp8\"/>"), std::string::npos);
  EXPECT_NE(xml.find("plugin &quot;x&quot; device 0"), std::string::npos);
  EXPECT_EQ(xml.find("]]>"), std::string::npos);
}

}  // namespace
}  // namespace hwcert::runner
