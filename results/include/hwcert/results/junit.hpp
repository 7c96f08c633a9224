// JUnit XML of conformance results for CI systems: `hwcert conformance` (junit.xml of one
// run), `hwcert merge --junit` and `hwcert report` (one <testsuite> per device).
#pragma once

#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "hwcert/results/case_result.hpp"
#include "hwcert/results/markup.hpp"

namespace hwcert::results {

// One <testsuite>: a <testcase> per result, classname "<classname_prefix>.<op>".
struct JUnitSuite {
  std::string name;
  std::string classname_prefix;
  std::span<const CaseResult> cases;
  std::vector<std::pair<std::string, std::string>> properties;  // <properties>, if any
  std::optional<std::string> timestamp;                         // attributes, if set
  std::optional<std::string> hostname;
};

// pass: a plain testcase; xpass: <system-out> saying the waiver can go; unsupported/waived:
// <skipped>; fail/mistrusted: <failure>; crash/timeout/error: <error>. Failure and error
// bodies carry the message, the error figures of a wrong result and the reproducer.
std::string junit_xml(std::string_view document_name, const std::vector<JUnitSuite>& suites);

// The junit.xml of one conformance run (or of merged shards): document "hwcert conformance",
// one suite "<suite> (<plugin and device>)", classnames "conformance.<op>".
std::string conformance_run_junit_xml(std::string_view suite_name,
                                      std::string_view plugin_and_device,
                                      std::span<const CaseResult> results);

}  // namespace hwcert::results
