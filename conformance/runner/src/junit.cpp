#include "hwcert/runner/junit.hpp"

#include <fmt/format.h>

namespace hwcert::runner {

using conformance::CaseResult;
using conformance::CaseStatus;

namespace {

// Length of the valid UTF-8 sequence starting at text[i], or 0 when it is not valid.
std::size_t utf8_sequence(std::string_view text, std::size_t i) {
  const auto byte = [&](std::size_t k) { return static_cast<unsigned char>(text[k]); };
  const unsigned char lead = byte(i);
  std::size_t length = 0;
  uint32_t min = 0;
  uint32_t code = 0;
  if (lead >= 0xC2 && lead <= 0xDF) {
    length = 2, min = 0x80, code = lead & 0x1Fu;
  } else if (lead >= 0xE0 && lead <= 0xEF) {
    length = 3, min = 0x800, code = lead & 0x0Fu;
  } else if (lead >= 0xF0 && lead <= 0xF4) {
    length = 4, min = 0x10000, code = lead & 0x07u;
  } else {
    return 0;
  }
  if (i + length > text.size()) return 0;
  for (std::size_t k = 1; k < length; ++k) {
    if ((byte(i + k) & 0xC0) != 0x80) return 0;
    code = (code << 6) | (byte(i + k) & 0x3Fu);
  }
  if (code < min || code > 0x10FFFF || (code >= 0xD800 && code <= 0xDFFF)) return 0;
  if (code == 0xFFFE || code == 0xFFFF) return 0;  // not XML characters
  return length;
}

std::string seconds(double ms) {
  return fmt::format("{:.3f}", ms / 1000.0);
}

}  // namespace

std::string xml_escape(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (std::size_t i = 0; i < text.size();) {
    const auto c = static_cast<unsigned char>(text[i]);
    if (c < 0x80) {
      switch (c) {
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
        case '\n':
        case '\r':
          out += static_cast<char>(c);
          break;
        default:
          if (c < 0x20 || c == 0x7F) {
            out += fmt::format("\\x{:02x}", c);
          } else {
            out += static_cast<char>(c);
          }
      }
      ++i;
      continue;
    }
    const std::size_t length = utf8_sequence(text, i);
    if (length == 0) {
      out += "\xEF\xBF\xBD";  // U+FFFD
      ++i;
    } else {
      out.append(text.substr(i, length));
      i += length;
    }
  }
  return out;
}

std::string junit_xml(std::string_view suite_name, std::string_view plugin_and_device,
                      const std::vector<CaseResult>& results) {
  std::size_t failures = 0, errors = 0, skipped = 0;
  double total_ms = 0;
  for (const CaseResult& r : results) {
    total_ms += r.duration_ms;
    switch (r.status) {
      case CaseStatus::kFail:
      case CaseStatus::kMistrusted:
        ++failures;
        break;
      case CaseStatus::kCrash:
      case CaseStatus::kTimeout:
      case CaseStatus::kError:
        ++errors;
        break;
      case CaseStatus::kUnsupported:
      case CaseStatus::kWaived:
        ++skipped;
        break;
      default:
        break;
    }
  }
  const std::string name =
      xml_escape(std::string(suite_name) + " (" + std::string(plugin_and_device) + ")");
  std::string xml = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n";
  xml += fmt::format(
      "<testsuites name=\"hwcert conformance\" tests=\"{}\" failures=\"{}\" errors=\"{}\" "
      "skipped=\"{}\" time=\"{}\">\n",
      results.size(), failures, errors, skipped, seconds(total_ms));
  xml += fmt::format(
      "  <testsuite name=\"{}\" tests=\"{}\" failures=\"{}\" errors=\"{}\" skipped=\"{}\" "
      "time=\"{}\">\n",
      name, results.size(), failures, errors, skipped, seconds(total_ms));
  for (const CaseResult& r : results) {
    const std::string status(conformance::to_string(r.status));
    xml += fmt::format("    <testcase classname=\"{}\" name=\"{}\" time=\"{}\"",
                       xml_escape("conformance." + r.op), xml_escape(r.case_id),
                       seconds(r.duration_ms));
    const std::string body = xml_escape(r.message + "\nreproduce: " + r.reproducer);
    switch (r.status) {
      case CaseStatus::kFail:
      case CaseStatus::kMistrusted:
        xml += fmt::format(
            ">\n      <failure type=\"{}\" message=\"{}\">{}</failure>\n    </testcase>\n", status,
            xml_escape(r.message), body);
        break;
      case CaseStatus::kCrash:
      case CaseStatus::kTimeout:
      case CaseStatus::kError:
        xml +=
            fmt::format(">\n      <error type=\"{}\" message=\"{}\">{}</error>\n    </testcase>\n",
                        status, xml_escape(r.message), body);
        break;
      case CaseStatus::kUnsupported:
      case CaseStatus::kWaived:
        xml += fmt::format(">\n      <skipped message=\"{}: {}\"/>\n    </testcase>\n", status,
                           xml_escape(r.message));
        break;
      case CaseStatus::kXPass:
        xml += fmt::format(">\n      <system-out>{}</system-out>\n    </testcase>\n",
                           xml_escape(r.message));
        break;
      default:
        xml += "/>\n";
    }
  }
  xml += "  </testsuite>\n</testsuites>\n";
  return xml;
}

}  // namespace hwcert::runner
