#include "hwcert/results/utf8.hpp"

namespace hwcert::results {

Utf8Sequence decode_utf8(std::string_view text, size_t i) {
  const auto b0 = static_cast<uint8_t>(text[i]);
  const size_t length = b0 < 0x80           ? 1
                        : (b0 >> 5) == 0x6  ? 2
                        : (b0 >> 4) == 0xE  ? 3
                        : (b0 >> 3) == 0x1E ? 4
                                            : 0;
  if (length == 0 || i + length > text.size()) return {};
  uint32_t cp = length == 1   ? b0
                : length == 2 ? (b0 & 0x1F)
                : length == 3 ? (b0 & 0x0F)
                              : (b0 & 0x07);
  for (size_t k = 1; k < length; ++k) {
    const auto b = static_cast<uint8_t>(text[i + k]);
    if ((b >> 6) != 0x2) return {};
    cp = (cp << 6) | (b & 0x3F);
  }
  static constexpr uint32_t kMin[5] = {0, 0, 0x80, 0x800, 0x10000};
  if (cp < kMin[length] || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return {};
  return {length, cp};
}

std::string valid_utf8(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for_each_code_point(text, [&](uint32_t, std::string_view bytes) { out += bytes; });
  return out;
}

}  // namespace hwcert::results
