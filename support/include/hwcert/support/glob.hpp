// Shell-style globs and gtest-style name filters, shared by case selection, waivers and
// performance floors.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace hwcert::support {

// '*' matches any run of characters (including none), '?' exactly one; everything else
// itself. Iterative with single-star backtracking: no recursion, linear in practice.
bool glob_match(std::string_view pattern, std::string_view text);

// "POS1:POS2-NEG1:NEG2" as gtest reads --gtest_filter: a name is selected when it matches a
// positive pattern (none given = "*") and no negative pattern. Empty patterns are ignored.
class NameFilter {
 public:
  NameFilter() = default;  // selects everything
  static NameFilter parse(std::string_view text);
  bool matches(std::string_view name) const;
  const std::string& text() const { return text_; }  // as given; "*" when empty

 private:
  std::string text_ = "*";
  std::vector<std::string> positive_{"*"};
  std::vector<std::string> negative_;
};

}  // namespace hwcert::support
