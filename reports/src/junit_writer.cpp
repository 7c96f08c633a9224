// junit.xml: one <testsuite> per device, one <testcase> per conformance case.
#include <fmt/format.h>

#include "hwcert/reports/escape.hpp"
#include "hwcert/reports/writers.hpp"
#include "report_common.hpp"

namespace hwcert::reports {
namespace {

std::string details(const ConformanceRecord& r) {
  std::string text = r.message;
  if (r.status == Status::kFail || r.status == Status::kMistrusted) {
    text +=
        fmt::format("\nmax abs error {}, max rel error {}, max ulp error {}; tolerance {}",
                    detail::short_number(r.max_abs_error), detail::short_number(r.max_rel_error),
                    detail::short_number(r.max_ulp_error), r.tolerance);
    if (r.worst_index >= 0) {
      text += fmt::format("\nworst element {}: expected {}, got {}", r.worst_index,
                          r.expected_at_worst, r.actual_at_worst);
    }
  }
  if (!r.reproducer.empty()) text += "\nreproduce: " + r.reproducer;
  return text;
}

}  // namespace

std::string report_junit(const Comparison& c) {
  struct Totals {
    size_t tests = 0, failures = 0, errors = 0, skipped = 0;
    double seconds = 0;
  };
  std::string suites;
  Totals all;
  for (const DeviceColumn& col : c.columns) {
    const BundleResults& b = *col.bundle;
    Totals t;
    std::string cases;
    for (const ConformanceRecord& r : b.conformance) {
      ++t.tests;
      t.seconds += r.duration_ms / 1000.0;
      cases += fmt::format("    <testcase classname=\"{}\" name=\"{}\" time=\"{:.3f}\"",
                           xml_escape(fmt::format("{}.{}", col.label, r.op)), xml_escape(r.case_id),
                           r.duration_ms / 1000.0);
      const std::string status(to_string(r.status));
      switch (r.status) {
        case Status::kPass:
          cases += "/>\n";
          break;
        case Status::kXPass:
          cases +=
              fmt::format(">\n      <system-out>{}</system-out>\n    </testcase>\n",
                          xml_escape("passed although waived: the waiver can go. " + r.message));
          break;
        case Status::kUnsupported:
        case Status::kWaived:
          ++t.skipped;
          cases += fmt::format(">\n      <skipped message=\"{}\"/>\n    </testcase>\n",
                               xml_escape(status + ": " + r.message));
          break;
        case Status::kFail:
        case Status::kMistrusted:
          ++t.failures;
          cases += fmt::format(
              ">\n      <failure type=\"{}\" message=\"{}\">{}</failure>\n    </testcase>\n",
              status, xml_escape(r.message), xml_escape(details(r)));
          break;
        case Status::kCrash:
        case Status::kTimeout:
        case Status::kError:
          ++t.errors;
          cases += fmt::format(
              ">\n      <error type=\"{}\" message=\"{}\">{}</error>\n    </testcase>\n", status,
              xml_escape(r.message), xml_escape(details(r)));
          break;
      }
    }
    std::string props = "    <properties>\n";
    auto prop = [&](const std::string& name, const std::string& value) {
      props += fmt::format("      <property name=\"{}\" value=\"{}\"/>\n", xml_escape(name),
                           xml_escape(value));
    };
    prop("device", b.system.device.name);
    prop("plugin", b.system.plugin.name);
    prop("plugin_version", b.system.plugin.version);
    prop("driver_version", b.system.device.driver_version);
    prop("target", col.target);
    prop("hwcert_version", b.system.hwcert_version);
    for (const auto& level : detail::level_names(c))
      prop("level." + level, detail::level_status(col, level));
    props += "    </properties>\n";
    suites += fmt::format(
        "  <testsuite name=\"{}\" tests=\"{}\" failures=\"{}\" errors=\"{}\" skipped=\"{}\" "
        "time=\"{:.3f}\" timestamp=\"{}\" hostname=\"{}\">\n{}{}  </testsuite>\n",
        xml_escape(col.label), t.tests, t.failures, t.errors, t.skipped, t.seconds,
        xml_escape(b.system.created), xml_escape(b.system.host.hostname), props, cases);
    all.tests += t.tests;
    all.failures += t.failures;
    all.errors += t.errors;
    all.skipped += t.skipped;
    all.seconds += t.seconds;
  }
  return fmt::format(
      "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuites name=\"hwcert\" tests=\"{}\" "
      "failures=\"{}\" errors=\"{}\" skipped=\"{}\" time=\"{:.3f}\">\n{}</testsuites>\n",
      all.tests, all.failures, all.errors, all.skipped, all.seconds, suites);
}

}  // namespace hwcert::reports
