#include "hwcert/results/junit.hpp"

#include <fmt/format.h>

namespace hwcert::results {
namespace {

struct Totals {
  size_t tests = 0, failures = 0, errors = 0, skipped = 0;
  double seconds = 0;

  void add(const Totals& other) {
    tests += other.tests;
    failures += other.failures;
    errors += other.errors;
    skipped += other.skipped;
    seconds += other.seconds;
  }
};

std::string short_number(double v) {
  return fmt::format("{:.3g}", v);
}

// The body of a <failure> or <error>: message, error figures of a wrong result, reproducer.
std::string details(const CaseResult& r) {
  std::string text = r.message;
  if (r.status == CaseStatus::kFail || r.status == CaseStatus::kMistrusted) {
    text += fmt::format("\nmax abs error {}, max rel error {}, max ulp error {}; tolerance {}",
                        short_number(r.max_abs_error), short_number(r.max_rel_error),
                        short_number(r.max_ulp_error), r.tolerance);
    if (r.worst_index >= 0) {
      text += fmt::format("\nworst element {}: expected {}, got {}", r.worst_index,
                          r.expected_at_worst, r.actual_at_worst);
    }
  }
  if (!r.reproducer.empty()) text += "\nreproduce: " + r.reproducer;
  return text;
}

// One <testcase>, counted into `t`.
std::string testcase(const CaseResult& r, std::string_view classname_prefix, Totals& t) {
  ++t.tests;
  t.seconds += r.duration_ms / 1000.0;
  std::string xml = fmt::format("    <testcase classname=\"{}\" name=\"{}\" time=\"{:.3f}\"",
                                xml_escape(fmt::format("{}.{}", classname_prefix, r.op)),
                                xml_escape(r.case_id), r.duration_ms / 1000.0);
  const std::string status(to_string(r.status));
  switch (r.status) {
    case CaseStatus::kPass:
      return xml + "/>\n";
    case CaseStatus::kXPass:
      return xml +
             fmt::format(">\n      <system-out>{}</system-out>\n    </testcase>\n",
                         xml_escape("passed although waived: the waiver can go. " + r.message));
    case CaseStatus::kUnsupported:
    case CaseStatus::kWaived:
      ++t.skipped;
      return xml + fmt::format(">\n      <skipped message=\"{}\"/>\n    </testcase>\n",
                               xml_escape(status + ": " + r.message));
    case CaseStatus::kFail:
    case CaseStatus::kMistrusted:
      ++t.failures;
      return xml +
             fmt::format(
                 ">\n      <failure type=\"{}\" message=\"{}\">{}</failure>\n    </testcase>\n",
                 status, xml_escape(r.message), xml_escape(details(r)));
    case CaseStatus::kCrash:
    case CaseStatus::kTimeout:
    case CaseStatus::kError:
      ++t.errors;
      return xml +
             fmt::format(">\n      <error type=\"{}\" message=\"{}\">{}</error>\n    </testcase>\n",
                         status, xml_escape(r.message), xml_escape(details(r)));
  }
  return xml + "/>\n";
}

std::string properties_xml(const JUnitSuite& suite) {
  if (suite.properties.empty()) return "";
  std::string xml = "    <properties>\n";
  for (const auto& [name, value] : suite.properties) {
    xml += fmt::format("      <property name=\"{}\" value=\"{}\"/>\n", xml_escape(name),
                       xml_escape(value));
  }
  return xml + "    </properties>\n";
}

std::string testsuite(const JUnitSuite& suite, Totals& all) {
  Totals t;
  std::string cases;
  for (const CaseResult& r : suite.cases) cases += testcase(r, suite.classname_prefix, t);
  std::string attributes;
  if (suite.timestamp) attributes += fmt::format(" timestamp=\"{}\"", xml_escape(*suite.timestamp));
  if (suite.hostname) attributes += fmt::format(" hostname=\"{}\"", xml_escape(*suite.hostname));
  all.add(t);
  return fmt::format(
      "  <testsuite name=\"{}\" tests=\"{}\" failures=\"{}\" errors=\"{}\" skipped=\"{}\" "
      "time=\"{:.3f}\"{}>\n{}{}  </testsuite>\n",
      xml_escape(suite.name), t.tests, t.failures, t.errors, t.skipped, t.seconds, attributes,
      properties_xml(suite), cases);
}

}  // namespace

std::string junit_xml(std::string_view document_name, const std::vector<JUnitSuite>& suites) {
  Totals all;
  std::string body;
  for (const JUnitSuite& suite : suites) body += testsuite(suite, all);
  return fmt::format(
      "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuites name=\"{}\" tests=\"{}\" "
      "failures=\"{}\" errors=\"{}\" skipped=\"{}\" time=\"{:.3f}\">\n{}</testsuites>\n",
      xml_escape(document_name), all.tests, all.failures, all.errors, all.skipped, all.seconds,
      body);
}

std::string conformance_run_junit_xml(std::string_view suite_name,
                                      std::string_view plugin_and_device,
                                      std::span<const CaseResult> results) {
  JUnitSuite suite;
  suite.name = fmt::format("{} ({})", suite_name, plugin_and_device);
  suite.classname_prefix = "conformance";
  suite.cases = results;
  return junit_xml("hwcert conformance", {suite});
}

}  // namespace hwcert::results
