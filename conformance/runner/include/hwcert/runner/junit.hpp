// JUnit XML for CI systems: one <testcase> per case.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "hwcert/conformance/case.hpp"

namespace hwcert::runner {

// Text safe inside an XML 1.0 element or attribute: & < > " ' escaped, control characters
// other than tab/newline/carriage return written as "\xNN", invalid UTF-8 bytes as U+FFFD.
std::string xml_escape(std::string_view text);

// pass/xpass: plain testcase; fail/mistrusted: <failure>; crash/timeout/error: <error>;
// unsupported/waived: <skipped>. The failure body carries the message and the reproducer.
std::string junit_xml(std::string_view suite_name, std::string_view plugin_and_device,
                      const std::vector<conformance::CaseResult>& results);

}  // namespace hwcert::runner
