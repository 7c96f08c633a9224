#include "hwcert/results/markup.hpp"

#include <fmt/format.h>

#include "hwcert/results/utf8.hpp"

namespace hwcert::results {

std::string_view markup_entity(uint32_t code_point) {
  switch (code_point) {
    case '&':
      return "&amp;";
    case '<':
      return "&lt;";
    case '>':
      return "&gt;";
    case '"':
      return "&quot;";
    default:
      return {};
  }
}

std::string xml_escape(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for_each_code_point(text, [&](uint32_t cp, std::string_view bytes) {
    if (const std::string_view entity = markup_entity(cp); !entity.empty()) {
      out += entity;
    } else if (cp == '\'') {
      out += "&apos;";
    } else if (cp == '\t' || cp == '\n' || cp == '\r') {
      out += fmt::format("&#{};", cp);
    } else if (cp < 0x20) {
      out += fmt::format("\\x{:02x}", cp);
    } else if (cp == 0xFFFE || cp == 0xFFFF) {
      out += fmt::format("\\u{:04x}", cp);
    } else {
      out += bytes;
    }
  });
  return out;
}

}  // namespace hwcert::results
