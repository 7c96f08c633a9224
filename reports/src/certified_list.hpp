// The certified list (`hwcert report --registry LOG`) as a report section: the entries of
// the list as results::CertifiedEntry, plain data the registry checked before.
#pragma once

#include <string>
#include <vector>

#include "hwcert/results/certified_entry.hpp"

namespace hwcert::reports::detail {

// "## Certified list" and a table, one row per entry; empty when there are no entries.
std::string certified_list_markdown(const std::vector<results::CertifiedEntry>& entries);
// <h2 id="certified-list"> and a table, one row per entry; empty when there are no entries.
std::string certified_list_html(const std::vector<results::CertifiedEntry>& entries);

}  // namespace hwcert::reports::detail
