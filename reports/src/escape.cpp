#include "hwcert/reports/escape.hpp"

#include <fmt/format.h>

#include <cstdint>

namespace hwcert::reports {
namespace {

constexpr std::string_view kReplacement = "\xEF\xBF\xBD";  // U+FFFD

// Calls on_char(code_point, bytes) for each code point of valid UTF-8; invalid bytes arrive
// as U+FFFD.
template <typename F>
void for_each_code_point(std::string_view s, F&& on_char) {
  size_t i = 0;
  while (i < s.size()) {
    const auto b0 = static_cast<uint8_t>(s[i]);
    size_t len = b0 < 0x80           ? 1
                 : (b0 >> 5) == 0x6  ? 2
                 : (b0 >> 4) == 0xE  ? 3
                 : (b0 >> 3) == 0x1E ? 4
                                     : 0;
    uint32_t cp = 0;
    bool ok = len != 0 && i + len <= s.size();
    if (ok) {
      cp = len == 1 ? b0 : len == 2 ? (b0 & 0x1F) : len == 3 ? (b0 & 0x0F) : (b0 & 0x07);
      for (size_t k = 1; k < len; ++k) {
        const auto b = static_cast<uint8_t>(s[i + k]);
        if ((b >> 6) != 0x2) {
          ok = false;
          break;
        }
        cp = (cp << 6) | (b & 0x3F);
      }
    }
    // Reject overlong forms, surrogates and code points beyond U+10FFFF.
    if (ok) {
      static constexpr uint32_t kMin[5] = {0, 0, 0x80, 0x800, 0x10000};
      ok = cp >= kMin[len] && cp <= 0x10FFFF && !(cp >= 0xD800 && cp <= 0xDFFF);
    }
    if (!ok) {
      on_char(0xFFFD, kReplacement);
      ++i;
      continue;
    }
    on_char(cp, s.substr(i, len));
    i += len;
  }
}

}  // namespace

std::string valid_utf8(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for_each_code_point(text, [&](uint32_t, std::string_view bytes) { out += bytes; });
  return out;
}

std::string html_escape(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for_each_code_point(text, [&](uint32_t cp, std::string_view bytes) {
    switch (cp) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '"':
        out += "&quot;";
        break;
      case '\'':
        out += "&#39;";
        break;
      case '\t':
      case '\n':
        out += bytes;
        break;
      default:
        if (cp < 0x20 || cp == 0x7F || (cp >= 0x80 && cp < 0xA0)) {
          out += kReplacement;
        } else {
          out += bytes;
        }
    }
  });
  return out;
}

std::string xml_escape(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for_each_code_point(text, [&](uint32_t cp, std::string_view bytes) {
    switch (cp) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '"':
        out += "&quot;";
        break;
      case '\'':
        out += "&apos;";
        break;
      case '\t':
        out += "&#9;";
        break;
      case '\n':
        out += "&#10;";
        break;
      case '\r':
        out += "&#13;";
        break;
      default:
        if (cp < 0x20) {
          out += fmt::format("\\x{:02x}", cp);
        } else if (cp == 0xFFFE || cp == 0xFFFF) {
          out += fmt::format("\\u{:04x}", cp);
        } else {
          out += bytes;
        }
    }
  });
  return out;
}

std::string markdown_escape(std::string_view text) {
  // Escaped strings never start a line (they follow "| " or "- "), so only the characters
  // that act inside a line need a backslash.
  static constexpr std::string_view kPunctuation = "\\`*_[]|~";
  std::string out;
  out.reserve(text.size());
  for_each_code_point(text, [&](uint32_t cp, std::string_view bytes) {
    if (cp == '\n' || cp == '\r' || cp == '\t') {
      out += ' ';
    } else if (cp == '<') {
      out += "&lt;";
    } else if (cp == '>') {
      out += "&gt;";
    } else if (cp == '&') {
      out += "&amp;";
    } else if (cp < 0x20 || cp == 0x7F) {
      out += kReplacement;
    } else if (cp < 0x80 && kPunctuation.find(static_cast<char>(cp)) != std::string_view::npos) {
      out += '\\';
      out += static_cast<char>(cp);
    } else {
      out += bytes;
    }
  });
  return out;
}

std::string markdown_code(std::string_view text) {
  std::string body;
  size_t run = 0;
  size_t longest = 0;
  for_each_code_point(text, [&](uint32_t cp, std::string_view bytes) {
    if (cp == '`') {
      longest = std::max(longest, ++run);
    } else {
      run = 0;
    }
    if (cp == '\n' || cp == '\r' || cp == '\t') {
      body += ' ';
    } else if (cp < 0x20 || cp == 0x7F) {
      body += kReplacement;
    } else {
      body += bytes;
    }
  });
  const std::string fence(longest + 1, '`');
  // A space on each side keeps a leading or trailing backtick from joining the fence.
  return fence + " " + body + " " + fence;
}

}  // namespace hwcert::reports
