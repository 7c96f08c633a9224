// Decoding text that comes from a plugin or a results file: every writer that escapes for an
// output format (XML here, HTML and Markdown in reports/) walks it with for_each_code_point.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace hwcert::results {

inline constexpr std::string_view kReplacementCharacter = "\xEF\xBF\xBD";  // U+FFFD

// Length of the valid UTF-8 sequence at text[i] and its code point; length 0 when the bytes
// there are not valid UTF-8 (overlong forms, surrogates and code points beyond U+10FFFF are
// not).
struct Utf8Sequence {
  size_t length = 0;
  uint32_t code_point = 0;
};
Utf8Sequence decode_utf8(std::string_view text, size_t i);

// Calls on_char(code_point, bytes) for each code point of valid UTF-8; each invalid byte
// arrives as U+FFFD.
template <typename F>
void for_each_code_point(std::string_view text, F&& on_char) {
  size_t i = 0;
  while (i < text.size()) {
    const Utf8Sequence sequence = decode_utf8(text, i);
    if (sequence.length == 0) {
      on_char(uint32_t{0xFFFD}, kReplacementCharacter);
      ++i;
      continue;
    }
    on_char(sequence.code_point, text.substr(i, sequence.length));
    i += sequence.length;
  }
}

// The text with every invalid byte replaced by U+FFFD.
std::string valid_utf8(std::string_view text);

}  // namespace hwcert::results
