// A hash of text that is the same on every platform and standard library (std::hash is not):
// 64-bit FNV-1a, from which the suites derive each case's seed from its id.
#pragma once

#include <cstdint>
#include <string_view>

namespace hwcert::support {

/// 64-bit FNV-1a of `text`.
constexpr uint64_t stable_hash(std::string_view text) noexcept {
  uint64_t hash = 0xcbf29ce484222325ULL;
  for (char c : text) {
    hash ^= static_cast<unsigned char>(c);
    hash *= 0x100000001b3ULL;
  }
  return hash;
}

}  // namespace hwcert::support
