// The names of an enum whose values are 0, 1, ..., N-1, kept in one array in the enum's
// order: the name of a value and the value of a name come from the same table, so they
// cannot drift apart.
#pragma once

#include <array>
#include <cstddef>
#include <optional>
#include <string_view>

namespace hwcert::support {

/// The name of `value` in `names` (indexed by the value), or `fallback` for a value
/// outside the table.
template <class Enum, std::size_t N>
constexpr std::string_view enum_name(const std::array<std::string_view, N>& names, Enum value,
                                     std::string_view fallback) {
  const auto index = static_cast<std::size_t>(value);
  return index < N ? names[index] : fallback;
}

/// The value named `name` in `names`; nullopt when no entry is.
template <class Enum, std::size_t N>
constexpr std::optional<Enum> enum_from_name(const std::array<std::string_view, N>& names,
                                             std::string_view name) {
  for (std::size_t i = 0; i < N; ++i) {
    if (names[i] == name) return static_cast<Enum>(i);
  }
  return std::nullopt;
}

}  // namespace hwcert::support
