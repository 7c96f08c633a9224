// Escaping for every string that comes from a plugin or a bundle, for the HTML and Markdown
// reports (XML: results::xml_escape). All functions first make the text valid UTF-8 (invalid
// bytes become U+FFFD).
#pragma once

#include <string>
#include <string_view>

namespace hwcert::reports {

// HTML text and attribute values: & < > " ' escaped; control characters other than tab and
// newline shown as U+FFFD.
std::string html_escape(std::string_view text);

// Inline Markdown (a table cell or a list item): one line (newlines become spaces), every
// Markdown punctuation character backslash-escaped, < > & as entities.
std::string markdown_escape(std::string_view text);

// An inline code span that shows `text` literally: a fence longer than any backtick run in
// the text, newlines as spaces. Not for table cells ('|' would still split the cell).
std::string markdown_code(std::string_view text);

}  // namespace hwcert::reports
