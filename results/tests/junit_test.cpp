#include "hwcert/results/junit.hpp"

#include <gtest/gtest.h>

namespace hwcert::results {
namespace {

std::vector<CaseResult> four_results() {
  std::vector<CaseResult> results(4);
  results[0].case_id = "add.f32";
  results[0].op = "add";
  results[0].status = CaseStatus::kPass;
  results[1].case_id = "exp.f32";
  results[1].op = "exp";
  results[1].status = CaseStatus::kFail;
  results[1].message = "max ulp 40 > 3 at <index 7> ]]> \x02";
  results[1].max_ulp_error = 40;
  results[1].tolerance = "3 ulp";
  results[1].worst_index = 7;
  results[1].reproducer = "hwcert run-op --op exp";
  results[2].case_id = "log.f32";
  results[2].op = "log";
  results[2].status = CaseStatus::kCrash;
  results[2].message = "SIGSEGV (Segmentation fault)";
  results[3].case_id = "neg.f8";
  results[3].op = "neg";
  results[3].status = CaseStatus::kUnsupported;
  results[3].message = "no fp8";
  return results;
}

TEST(JUnit, OneTestcasePerCaseWithTheRightElement) {
  const std::vector<CaseResult> results = four_results();
  const std::string xml = conformance_run_junit_xml("smoke", "plugin \"x\" device 0", results);
  EXPECT_NE(xml.find("<testsuites name=\"hwcert conformance\" tests=\"4\" failures=\"1\" "
                     "errors=\"1\" skipped=\"1\""),
            std::string::npos)
      << xml;
  EXPECT_NE(xml.find("<testcase classname=\"conformance.add\" name=\"add.f32\" time=\"0.000\"/>"),
            std::string::npos);
  EXPECT_NE(
      xml.find(
          "<failure type=\"fail\" message=\"max ulp 40 &gt; 3 at &lt;index 7&gt; ]]&gt; \\x02\">"),
      std::string::npos)
      << xml;
  EXPECT_NE(xml.find("max ulp error 40; tolerance 3 ulp&#10;worst element 7"), std::string::npos)
      << xml;
  EXPECT_NE(xml.find("&#10;reproduce: hwcert run-op --op exp</failure>"), std::string::npos);
  EXPECT_NE(xml.find("<error type=\"crash\" message=\"SIGSEGV (Segmentation fault)\">"),
            std::string::npos);
  EXPECT_NE(xml.find("<skipped message=\"unsupported: no fp8\"/>"), std::string::npos);
  EXPECT_NE(xml.find("<testsuite name=\"smoke (plugin &quot;x&quot; device 0)\""),
            std::string::npos);
  EXPECT_EQ(xml.find("]]>"), std::string::npos);
  EXPECT_EQ(xml.find("<properties>"), std::string::npos);  // a run's suite has none
}

TEST(JUnit, SuitesCarryPropertiesAndOptionalAttributes) {
  const std::vector<CaseResult> results = four_results();
  JUnitSuite suite;
  suite.name = "GPU <1>";
  suite.classname_prefix = "GPU <1>";
  suite.cases = results;
  suite.properties = {{"plugin", "evil\n\"name\""}};
  suite.timestamp = "2026-01-02T03:04:05Z";
  suite.hostname = "";
  JUnitSuite empty;
  empty.name = "idle";
  const std::string xml = junit_xml("hwcert", {suite, empty});
  EXPECT_NE(xml.find("<testsuites name=\"hwcert\" tests=\"4\" failures=\"1\" errors=\"1\" "
                     "skipped=\"1\""),
            std::string::npos)
      << xml;
  EXPECT_NE(xml.find("time=\"0.000\" timestamp=\"2026-01-02T03:04:05Z\" hostname=\"\">"),
            std::string::npos)
      << xml;
  EXPECT_NE(xml.find("<property name=\"plugin\" value=\"evil&#10;&quot;name&quot;\"/>"),
            std::string::npos);
  EXPECT_NE(xml.find("classname=\"GPU &lt;1&gt;.add\""), std::string::npos);
  EXPECT_NE(xml.find("<testsuite name=\"idle\" tests=\"0\" failures=\"0\" errors=\"0\" "
                     "skipped=\"0\" time=\"0.000\">\n  </testsuite>"),
            std::string::npos)
      << xml;
}

TEST(JUnit, XPassSaysTheWaiverCanGo) {
  CaseResult r;
  r.case_id = "abs.f32";
  r.op = "abs";
  r.status = CaseStatus::kXPass;
  r.message = "waiver W1";
  const std::string xml = conformance_run_junit_xml("core", "ref device 0", {&r, 1});
  EXPECT_NE(xml.find("<system-out>passed although waived: the waiver can go. waiver W1"),
            std::string::npos)
      << xml;
}

}  // namespace
}  // namespace hwcert::results
