#include <string>
#include <vector>

#include "hwcert/loader/glob.hpp"
#include "hwcert/perfsuite/driver.hpp"

namespace hwcert::perf {
namespace {

bool any_match(std::string_view patterns, std::string_view text) {
  std::size_t start = 0;
  while (start <= patterns.size()) {
    const std::size_t end = std::min(patterns.find(':', start), patterns.size());
    if (end > start && glob_match(patterns.substr(start, end - start), text)) return true;
    start = end + 1;
  }
  return false;
}

}  // namespace

bool matches_filter(std::string_view filter, std::string_view case_id) {
  const std::size_t dash = filter.find('-');
  std::string_view positive = filter.substr(0, dash);
  const std::string_view negative =
      dash == std::string_view::npos ? std::string_view() : filter.substr(dash + 1);
  if (positive.empty()) positive = "*";
  return any_match(positive, case_id) && !any_match(negative, case_id);
}

}  // namespace hwcert::perf
