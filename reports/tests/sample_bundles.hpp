// Two bundles with everything a report shows: passes, every failure kind, unsupported and
// waived cases, perf with and without a published peak, one certified level, and strings a
// hostile plugin could supply.
#pragma once

#include <string>
#include <vector>

#include "hwcert/reports/target_class.hpp"
#include "hwcert/results/bundle.hpp"

namespace hwcert::reports::testing {

// A plugin name carrying HTML, an XML section end, a Markdown table separator, newlines,
// a control character and an invalid UTF-8 byte.
inline const std::string kHostileName =
    "evil<script>alert('x')</script> ]]> a|b *c* _d_ `e`\nsecond line\r\x01\xff";

std::vector<results::BundleResults> sample_bundles();

// How often `needle` occurs in `text` (overlapping occurrences included).
inline size_t count(const std::string& text, const std::string& needle) {
  size_t n = 0;
  for (size_t at = text.find(needle); at != std::string::npos; at = text.find(needle, at + 1)) ++n;
  return n;
}

// The classes of the sample bundles' targets: "a100" (the first bundle's; a disputed bandwidth
// whose source carries markup) and "h100" (no bundle).
std::vector<TargetClass> sample_classes();

}  // namespace hwcert::reports::testing
