#include "hwcert/reports/escape.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cstdint>

#include "hwcert/results/markup.hpp"
#include "hwcert/results/utf8.hpp"

namespace hwcert::reports {
namespace {

using results::for_each_code_point;
constexpr std::string_view kReplacement = results::kReplacementCharacter;

}  // namespace

std::string html_escape(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for_each_code_point(text, [&](uint32_t cp, std::string_view bytes) {
    if (const std::string_view entity = results::markup_entity(cp); !entity.empty()) {
      out += entity;
      return;
    }
    switch (cp) {
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
