// A 128-bit content key (two FNV-1a 64 lanes) for program cache entries and checksums.
// Not cryptographic: it tells cache entries apart and detects corruption.
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <string_view>

namespace hwcert::opencl {

inline uint64_t fnv1a64(std::span<const unsigned char> bytes, uint64_t seed) noexcept {
  uint64_t h = seed;
  for (unsigned char b : bytes) {
    h ^= b;
    h *= 0x100000001b3ULL;
  }
  return h;
}

inline uint64_t fnv1a64(std::string_view text, uint64_t seed) noexcept {
  return fnv1a64(std::span(reinterpret_cast<const unsigned char*>(text.data()), text.size()), seed);
}

constexpr uint64_t kFnvSeedA = 0xcbf29ce484222325ULL;
constexpr uint64_t kFnvSeedB = 0x84222325cbf29ce4ULL;

/// 32 hex digits naming `text`.
inline std::string content_key(std::string_view text) {
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out;
  for (uint64_t lane : {fnv1a64(text, kFnvSeedA), fnv1a64(text, kFnvSeedB)})
    for (int shift = 60; shift >= 0; shift -= 4) out.push_back(kHex[(lane >> shift) & 0xF]);
  return out;
}

}  // namespace hwcert::opencl
