// Two bundles with everything a report shows: passes, every failure kind, unsupported and
// waived cases, perf with and without a published peak, one certified level, and strings a
// hostile plugin could supply.
#pragma once

#include <string>
#include <vector>

#include "hwcert/results/bundle.hpp"

namespace hwcert::reports::testing {

// A plugin name carrying HTML, an XML section end, a Markdown table separator, newlines,
// a control character and an invalid UTF-8 byte.
inline const std::string kHostileName =
    "evil<script>alert('x')</script> ]]> a|b *c* _d_ `e`\nsecond line\r\x01\xff";

std::vector<results::BundleResults> sample_bundles();

}  // namespace hwcert::reports::testing
