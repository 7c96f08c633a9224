// gtest-style globs, shared by case filters, waivers and performance floors.
#pragma once

#include <string_view>

namespace hwcert {

// '*' matches any run of characters (including none), '?' exactly one; everything else
// itself. Iterative with single-star backtracking: no recursion, linear in practice.
bool glob_match(std::string_view pattern, std::string_view text);

}  // namespace hwcert
