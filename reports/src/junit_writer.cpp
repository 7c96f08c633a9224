// junit.xml: one <testsuite> per device, one <testcase> per conformance case (the result
// model's JUnit writer), with the device, plugin and certification levels as properties.
#include "hwcert/reports/writers.hpp"
#include "hwcert/results/junit.hpp"
#include "report_common.hpp"

namespace hwcert::reports {

std::string report_junit(const Comparison& c) {
  std::vector<results::JUnitSuite> suites;
  for (const DeviceColumn& col : c.columns) {
    const results::BundleResults& b = *col.bundle;
    results::JUnitSuite suite;
    suite.name = col.label;
    suite.classname_prefix = col.label;
    suite.cases = b.conformance;
    suite.timestamp = b.system.created;
    suite.hostname = b.system.host.hostname;
    suite.properties = {{"device", b.system.device.name},
                        {"plugin", b.system.plugin.name},
                        {"plugin_version", b.system.plugin.version},
                        {"driver_version", b.system.device.driver_version},
                        {"target", col.target},
                        {"hwcert_version", b.system.hwcert_version}};
    for (const auto& level : detail::level_names(c)) {
      suite.properties.emplace_back("level." + level, detail::level_status(col, level));
    }
    suites.push_back(std::move(suite));
  }
  return results::junit_xml("hwcert", suites);
}

}  // namespace hwcert::reports
