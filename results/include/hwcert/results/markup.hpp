// Escaping for the markup hwcert writes: XML (every JUnit file) here, HTML in reports/.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace hwcert::results {

// The entity of a character that is markup in both XML and HTML (& < > "), or empty. The
// apostrophe is left to the caller: XML writes "&apos;", HTML "&#39;".
std::string_view markup_entity(uint32_t code_point);

// XML 1.0 text and attribute values: the text is made valid UTF-8 (invalid bytes become
// U+FFFD); & < > " ' escaped (so "]]>" cannot end a section); characters XML 1.0 forbids
// (control characters other than tab, newline and carriage return, U+FFFE, U+FFFF) written
// as "\xNN" / "\uXXXX" text; tab, newline and carriage return as character references so
// attribute values keep them.
std::string xml_escape(std::string_view text);

}  // namespace hwcert::results
