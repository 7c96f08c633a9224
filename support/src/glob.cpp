#include "hwcert/support/glob.hpp"

namespace hwcert::support {
namespace {

std::vector<std::string> split_patterns(std::string_view text) {
  std::vector<std::string> out;
  std::size_t start = 0;
  while (start <= text.size()) {
    const std::size_t end = text.find(':', start);
    const std::string_view piece =
        text.substr(start, end == std::string_view::npos ? std::string_view::npos : end - start);
    if (!piece.empty()) out.emplace_back(piece);
    if (end == std::string_view::npos) break;
    start = end + 1;
  }
  return out;
}

bool any_match(const std::vector<std::string>& patterns, std::string_view name) {
  for (const auto& pattern : patterns) {
    if (glob_match(pattern, name)) return true;
  }
  return false;
}

}  // namespace

bool glob_match(std::string_view pattern, std::string_view text) {
  std::size_t p = 0;
  std::size_t t = 0;
  std::size_t star = std::string_view::npos;
  std::size_t resume = 0;
  while (t < text.size()) {
    if (p < pattern.size() && (pattern[p] == '?' || pattern[p] == text[t])) {
      ++p;
      ++t;
    } else if (p < pattern.size() && pattern[p] == '*') {
      star = p++;
      resume = t;
    } else if (star != std::string_view::npos) {
      p = star + 1;
      t = ++resume;
    } else {
      return false;
    }
  }
  while (p < pattern.size() && pattern[p] == '*') ++p;
  return p == pattern.size();
}

NameFilter NameFilter::parse(std::string_view text) {
  NameFilter filter;
  filter.text_ = text.empty() ? "*" : std::string(text);
  const std::size_t dash = text.find('-');
  filter.positive_ = split_patterns(text.substr(0, dash));
  if (dash != std::string_view::npos) filter.negative_ = split_patterns(text.substr(dash + 1));
  if (filter.positive_.empty()) filter.positive_.push_back("*");
  return filter;
}

bool NameFilter::matches(std::string_view name) const {
  return any_match(positive_, name) && !any_match(negative_, name);
}

}  // namespace hwcert::support
